package auth

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// sigInfo is what a request claims about its signature.
type sigInfo struct {
	accessKeyID, scopeDate, region, service, terminator string
	signedHeaders                                       []string
	signature                                           string
	amzDate                                             string // X-Amz-Date as sent
	presigned                                           bool
	expires                                             string // X-Amz-Expires, presigned only
}

// parse extracts the signature from the Authorization header or from
// presigned-URL query parameters. found is false when the request carries
// neither (or an Authorization header of another scheme, which AWS treats
// as no token); a non-nil error means the signature is malformed.
func parse(r *http.Request) (sigInfo, bool, *authError) {
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	q := r.URL.Query()
	inQuery := q.Has("X-Amz-Algorithm")
	switch {
	case h != "" && inQuery:
		return sigInfo{}, true, errBothForms()
	case strings.HasPrefix(h, "AWS4-"):
		sig, err := parseHeader(h, r.Header.Get("X-Amz-Date"))
		return sig, true, err
	case inQuery:
		sig, err := parseQuery(q)
		return sig, true, err
	}
	return sigInfo{}, false, nil
}

func parseHeader(h, amzDate string) (sigInfo, *authError) {
	alg, rest, _ := strings.Cut(h, " ")
	params := map[string]string{}
	// Clients separate parameters with ", " or a bare ","; accept both.
	for _, part := range strings.Split(rest, ",") {
		k, val, _ := strings.Cut(strings.TrimSpace(part), "=")
		params[k] = val
	}
	cred, signed := params["Credential"], params["SignedHeaders"]
	if err := requireHeaderParts(h, cred, params["Signature"], signed, amzDate); err != nil {
		return sigInfo{}, err
	}
	if alg != signingAlgorithm {
		return sigInfo{}, errAlgorithm(alg)
	}
	sig := sigInfo{signature: params["Signature"], amzDate: amzDate, signedHeaders: strings.Split(signed, ";")}
	return withCredential(sig, cred)
}

// requireHeaderParts reproduces AWS's IncompleteSignatureException text,
// which lists every missing piece and echoes the header.
func requireHeaderParts(h, cred, sig, signed, date string) *authError {
	var msg strings.Builder
	for _, m := range []struct{ val, name string }{{cred, "Credential"}, {sig, "Signature"}, {signed, "SignedHeaders"}} {
		if m.val == "" {
			fmt.Fprintf(&msg, "Authorization header requires '%s' parameter. ", m.name)
		}
	}
	if date == "" {
		msg.WriteString("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ")
	}
	if msg.Len() == 0 {
		return nil
	}
	return forbidden(codeIncomplete, msg.String()+"Authorization="+h)
}

func parseQuery(q url.Values) (sigInfo, *authError) {
	var msg strings.Builder
	for _, p := range []string{"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"} {
		if q.Get(p) == "" {
			fmt.Fprintf(&msg, "AWS query-string parameters must include '%s'. ", p)
		}
	}
	if msg.Len() > 0 {
		return sigInfo{}, forbidden(codeIncomplete, msg.String()+"Re-examine the query-string parameters.")
	}
	if alg := q.Get("X-Amz-Algorithm"); alg != signingAlgorithm {
		return sigInfo{}, errAlgorithm(alg)
	}
	sig := sigInfo{
		signature: q.Get("X-Amz-Signature"), amzDate: q.Get("X-Amz-Date"), presigned: true,
		expires: q.Get("X-Amz-Expires"), signedHeaders: strings.Split(q.Get("X-Amz-SignedHeaders"), ";"),
	}
	return withCredential(sig, q.Get("X-Amz-Credential"))
}

// withCredential splits AKID/date/region/service/aws4_request; AWS ignores
// trailing slashes.
func withCredential(sig sigInfo, cred string) (sigInfo, *authError) {
	parts := strings.Split(strings.TrimRight(cred, "/"), "/")
	if len(parts) != 5 {
		return sigInfo{}, errCredentialParts(cred)
	}
	sig.accessKeyID, sig.scopeDate, sig.region, sig.service, sig.terminator = parts[0], parts[1], parts[2], parts[3], parts[4]
	return sig, nil
}
