package metrics

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/lambdaform/terraform-provider-lambda/engine/internal/awsquery"
)

// Where each CloudWatch protocol puts the operation name.
const (
	// ServiceName is CloudWatch's Smithy service shape name.
	ServiceName = "GraniteServiceVersion20100801"
	// CBORPathPrefix starts Smithy RPC v2 CBOR request paths:
	// POST /service/GraniteServiceVersion20100801/operation/<Op>.
	CBORPathPrefix = "/service/" + ServiceName + "/operation/"
	// TargetPrefix starts the X-Amz-Target of AWS JSON 1.0 calls.
	TargetPrefix = ServiceName + "."
	// APIVersion is the query protocol's Version parameter.
	APIVersion = "2010-08-01"
)

// maxRequestBytes is generous for 500 GetMetricData queries.
const maxRequestBytes = 1 << 20

// IsRequest reports whether r is a CloudWatch API call in any of the three
// protocols, so the engine can route it here rather than to the services
// sharing its port. A form-encoded body is read to find its Version and
// put back, as sqs.IsRequest does; no other body is touched.
func IsRequest(r *http.Request) bool {
	if r.Method != http.MethodPost {
		return r.Method == http.MethodGet && isQuery(r.URL.Query())
	}
	if strings.HasPrefix(r.URL.Path, CBORPathPrefix) || strings.HasPrefix(r.Header.Get("X-Amz-Target"), TargetPrefix) {
		return true
	}
	if isQuery(r.URL.Query()) {
		return true
	}
	form, ok := awsquery.PeekForm(r, maxRequestBytes)
	return ok && isQuery(form)
}

// isQuery: CloudWatch's query API is the one with Version=2010-08-01.
func isQuery(form url.Values) bool {
	return form.Get("Version") == APIVersion && form.Get("Action") != ""
}

type api struct {
	rec *Recorder
	log *slog.Logger
}

// NewHandler serves GetMetricData, GetMetricStatistics and ListMetrics
// over rec in the Smithy RPC v2 CBOR, AWS JSON 1.0 and query protocols.
// Mount it behind the engine's SigV4 middleware (with AuthErrorWriter)
// and route to it with IsRequest.
func NewHandler(rec *Recorder) http.Handler { return &api{rec: rec, log: rec.log} }

func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Amzn-RequestId", newRequestID())
	switch p := protocolOf(r); p {
	case protoCBOR, protoJSON:
		a.serveRPC(w, r, p)
	default:
		a.serveQuery(w, r)
	}
}

type protocol int

const (
	protoQuery protocol = iota
	protoCBOR
	protoJSON
)

func protocolOf(r *http.Request) protocol {
	switch {
	case strings.HasPrefix(r.URL.Path, CBORPathPrefix):
		return protoCBOR
	case strings.HasPrefix(r.Header.Get("X-Amz-Target"), TargetPrefix):
		return protoJSON
	}
	return protoQuery
}

// call decodes the input of operation op with decode and runs it.
func (a *api) call(ctx context.Context, op string, decode func(any) error) (any, *apiError) {
	var out any
	var err error
	switch op {
	case "GetMetricData":
		var in getMetricDataIn
		if err = decode(&in); err == nil {
			out, err = a.getMetricData(ctx, &in)
		}
	case "GetMetricStatistics":
		var in getMetricStatisticsIn
		if err = decode(&in); err == nil {
			out, err = a.getMetricStatistics(ctx, &in)
		}
	case "ListMetrics":
		var in listMetricsIn
		if err = decode(&in); err == nil {
			out, err = a.listMetrics(ctx, &in)
		}
	default:
		return nil, errUnknownOperation(op)
	}
	if err != nil {
		ae := toAPIError(err)
		if ae.receiver {
			a.log.Error("cloudwatch API call failed", "op", op, "err", err)
		}
		return nil, ae
	}
	return out, nil
}

// AuthErrorWriter renders SigV4 failures (auth.ErrorWriter) in the
// protocol the request used.
func AuthErrorWriter(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	e := &apiError{status: status, code: code, queryCode: code, message: message, receiver: status >= http.StatusInternalServerError}
	switch p := protocolOf(r); p {
	case protoCBOR, protoJSON:
		writeRPCError(w, p, e)
	default:
		writeXMLError(w, e)
	}
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
