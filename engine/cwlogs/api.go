package cwlogs

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
)

// TargetPrefix starts the X-Amz-Target header of every CloudWatch Logs call.
const TargetPrefix = "Logs_20140328."

// IsRequest reports whether r is a CloudWatch Logs API call, so the engine
// can route it here rather than to the Lambda API that shares its port.
func IsRequest(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("X-Amz-Target"), TargetPrefix)
}

// maxRequestBytes covers PutLogEvents' 1 MB of events plus JSON overhead.
const maxRequestBytes = 4 << 20

type operation func(body []byte) (any, error)

type api struct {
	store           *Store
	region, account string
	log             *slog.Logger
	ops             map[string]operation
}

// NewHandler serves the CloudWatch Logs JSON 1.1 API over s: POST / with
// X-Amz-Target: Logs_20140328.<Operation>. Mount it behind the engine's
// SigV4 middleware (with AuthErrorWriter).
func NewHandler(s *Store, region, accountID string) http.Handler {
	a := &api{store: s, region: region, account: accountID, log: s.log}
	a.ops = map[string]operation{
		"CreateLogGroup":        a.createLogGroup,
		"DeleteLogGroup":        a.deleteLogGroup,
		"DescribeLogGroups":     a.describeLogGroups,
		"PutRetentionPolicy":    a.putRetentionPolicy,
		"DeleteRetentionPolicy": a.deleteRetentionPolicy,
		"CreateLogStream":       a.createLogStream,
		"DeleteLogStream":       a.deleteLogStream,
		"DescribeLogStreams":    a.describeLogStreams,
		"PutLogEvents":          a.putLogEvents,
		"GetLogEvents":          a.getLogEvents,
		"FilterLogEvents":       a.filterLogEvents,
	}
	return a
}

func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	target := r.Header.Get("X-Amz-Target")
	op, ok := a.ops[strings.TrimPrefix(target, TargetPrefix)]
	if r.Method != http.MethodPost || !strings.HasPrefix(target, TargetPrefix) || !ok {
		writeError(w, newAPIError(http.StatusBadRequest, "UnknownOperationException", ""))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBytes))
	if err != nil {
		writeError(w, newAPIError(http.StatusRequestEntityTooLarge, "SerializationException", "Request body could not be read: %v", err))
		return
	}
	out, err := op(body)
	if err != nil {
		ae := toAPIError(err)
		if ae.status >= http.StatusInternalServerError {
			a.log.Error("logs API call failed", "target", target, "err", err)
		}
		writeError(w, ae)
		return
	}
	if err := writeJSON(w, out); err != nil {
		a.log.Warn("logs API response not written", "target", target, "err", err)
	}
}

// decode unmarshals a request body; an empty body is an empty object.
func decode(body []byte, into any) error {
	if len(body) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, into); err != nil {
		return newAPIError(http.StatusBadRequest, "SerializationException", "%v", err)
	}
	return nil
}

func (a *api) groupARN(group string) string {
	return fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s", a.region, a.account, group)
}

// groupFromIdentifier accepts logGroupName or logGroupIdentifier (a name
// or an ARN, with or without the trailing ":*"), but not both.
func (a *api) groupFromIdentifier(name, identifier *string) (string, error) {
	switch {
	case name != nil && identifier != nil:
		return "", invalidParam("LogGroup name and LogGroup ARN are mutually exclusive parameters.")
	case identifier != nil:
		group := strings.TrimSuffix(*identifier, ":*")
		if prefix := a.groupARN(""); strings.HasPrefix(group, "arn:") {
			if !strings.HasPrefix(group, prefix) {
				return "", invalidParam("The specified log group ARN %s is not in this account and region.", *identifier)
			}
			group = strings.TrimPrefix(group, prefix)
		}
		return group, validateGroupName("logGroupIdentifier", group)
	case name != nil:
		return *name, validateGroupName("logGroupName", *name)
	}
	return "", invalidParam("Either LogGroupName or LogGroupIdentifier must be provided.")
}

// checkLimit validates an optional page size against [1, most] and
// applies the default.
func checkLimit(limit *int32, def, most int) (int, error) {
	if limit == nil {
		return def, nil
	}
	switch n := int(*limit); {
	case n < 1:
		return 0, validationError(fmt.Sprint(n), "limit", "Member must have value greater than or equal to 1")
	case n > most:
		return 0, validationError(fmt.Sprint(n), "limit", fmt.Sprintf("Member must have value less than or equal to %d", most))
	default:
		return n, nil
	}
}

func ptr[T any](v T) *T { return &v }
