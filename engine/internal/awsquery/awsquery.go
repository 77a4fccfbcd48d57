// Package awsquery reads requests in AWS's query protocol: Action=<Op>,
// Version=<date> and the operation's parameters, form-encoded in the URL or
// a POST body, as the AWS CLI v1 and older SDKs send them to SQS and
// CloudWatch. Those services turn the parameters into their JSON protocol's
// input object, so that one decoder per operation serves both protocols;
// how each spells lists and maps in parameter names differs, so that part
// stays with the service.
package awsquery

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// PeekForm returns the parameters of r's form-encoded body, so that a
// router can tell which service a query-protocol call is for, without
// consuming the body: it reads up to limit bytes and puts everything back,
// read or not, so r can still be served by any handler. ok is false when
// the body is not form-encoded or cannot be read or parsed; other bodies
// are not touched.
func PeekForm(r *http.Request, limit int64) (form url.Values, ok bool) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		return nil, false
	}
	if r.Body == nil || r.Body == http.NoBody {
		return url.Values{}, true
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, limit))
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(body), r.Body), r.Body}
	if err != nil {
		return nil, false
	}
	form, err = url.ParseQuery(string(body))
	return form, err == nil
}

// Read reads a query-protocol call from the URL's parameters and a
// form-encoded body of at most limit bytes: the operation (Action) and its
// parameters, each with its first value. Version is left out; a service
// that tells its calls apart by it does so in routing.
func Read(w http.ResponseWriter, r *http.Request, limit int64) (action string, params map[string]string, err error) {
	form := r.URL.Query()
	if r.Method == http.MethodPost && r.Body != nil {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
		if err != nil {
			return "", nil, err
		}
		posted, err := url.ParseQuery(string(body))
		if err != nil {
			return "", nil, err
		}
		for k, vs := range posted {
			form[k] = append(form[k], vs...)
		}
	}
	params = map[string]string{}
	for k, vs := range form {
		if k != "Action" && k != "Version" && len(vs) > 0 {
			params[k] = vs[0]
		}
	}
	return form.Get("Action"), params, nil
}

// Split divides parameters named relative to one prefix into plain members
// ("Name") and nested ones ("Head.rest"), the latter grouped by Head and
// keyed by rest, ready to be read as Head's list, map or object.
func Split(params map[string]string) (plain map[string]string, nested map[string]map[string]string) {
	plain, nested = map[string]string{}, map[string]map[string]string{}
	for k, v := range params {
		head, rest, ok := strings.Cut(k, ".")
		if !ok {
			plain[k] = v
			continue
		}
		if nested[head] == nil {
			nested[head] = map[string]string{}
		}
		nested[head][rest] = v
	}
	return plain, nested
}
