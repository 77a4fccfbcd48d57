package metrics

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/lambdaform/terraform-provider-lambda/engine/internal/awsquery"
)

const xmlNamespace = "http://monitoring.amazonaws.com/doc/2010-08-01/"

// serveQuery serves a query-protocol call: Action=<Op>&Version=2010-08-01
// plus parameters, form-encoded in the body or in the URL, answered in
// XML. Parameters are turned into the JSON protocol's input object so that
// both share one decoder per operation.
func (a *api) serveQuery(w http.ResponseWriter, r *http.Request) {
	op, params, err := awsquery.Read(w, r, maxRequestBytes)
	if err != nil {
		writeXMLError(w, errInvalidValue("The request body could not be parsed: %v", err))
		return
	}
	decode := func(into any) error {
		raw, err := json.Marshal(formObject(params))
		if err == nil {
			err = json.Unmarshal(raw, into)
		}
		if err != nil {
			return errInvalidValue("Invalid parameters: %v", err)
		}
		return nil
	}
	out, ae := a.call(r.Context(), op, decode)
	if ae != nil {
		writeXMLError(w, ae)
		return
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<%sResponse xmlns="%s">`, op, xmlNamespace)
	if err := xml.NewEncoder(&b).EncodeElement(out, xml.StartElement{Name: xml.Name{Local: op + "Result"}}); err != nil {
		a.log.Error("cloudwatch response not encoded", "op", op, "err", err)
		writeXMLError(w, errInternal())
		return
	}
	fmt.Fprintf(&b, "<ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata></%sResponse>",
		w.Header().Get("X-Amzn-RequestId"), op)
	w.Header().Set("Content-Type", "text/xml")
	_, _ = w.Write(b.Bytes())
}

// Members whose query-protocol strings become JSON numbers or booleans.
var (
	queryInts  = map[string]bool{"Period": true, "MaxDatapoints": true}
	queryBools = map[string]bool{"ReturnData": true}
)

// formObject builds an object from parameters relative to one prefix:
// "A.B" nests, and "A.member.N[.rest]" is element N of list A.
func formObject(params map[string]string) map[string]any {
	plain, nested := awsquery.Split(params)
	out := make(map[string]any, len(plain)+len(nested))
	for k, v := range plain {
		out[k] = scalar(k, v)
	}
	for head, sub := range nested {
		if list, ok := formList(sub); ok {
			out[head] = list
			continue
		}
		out[head] = formObject(sub)
	}
	return out
}

func scalar(name, v string) any {
	switch {
	case queryInts[name]:
		if _, err := strconv.ParseInt(v, 10, 32); err == nil {
			return json.Number(v)
		}
	case queryBools[name]:
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	}
	return v
}

// formList reads "member.N" and "member.N.rest" keys as a list in N's
// order; ok is false when the keys are not a list's.
func formList(sub map[string]string) ([]any, bool) {
	byIndex := map[int]map[string]string{}
	most := 0
	for k, v := range sub {
		rest, ok := strings.CutPrefix(k, "member.")
		if !ok {
			return nil, false
		}
		idx, field, _ := strings.Cut(rest, ".")
		n, err := strconv.Atoi(idx)
		if err != nil || n < 1 {
			return nil, false
		}
		if byIndex[n] == nil {
			byIndex[n] = map[string]string{}
		}
		byIndex[n][field] = v
		most = max(most, n)
	}
	out := make([]any, 0, len(byIndex))
	for n := 1; n <= most; n++ {
		e, ok := byIndex[n]
		switch {
		case !ok:
		case len(e) == 1 && hasKey(e, ""):
			out = append(out, e[""])
		default:
			out = append(out, formObject(e))
		}
	}
	return out, true
}

// writeXMLError writes the query protocol's ErrorResponse document.
func writeXMLError(w http.ResponseWriter, e *apiError) {
	var msg bytes.Buffer
	_ = xml.EscapeText(&msg, []byte(e.message)) // writes to a buffer cannot fail
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(e.status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<ErrorResponse xmlns="%s"><Error><Type>%s</Type><Code>%s</Code>`+
		`<Message>%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>`,
		xmlNamespace, e.fault(), e.queryCode, msg.String(), w.Header().Get("X-Amzn-RequestId"))
}

func hasKey(m map[string]string, k string) bool {
	_, ok := m[k]
	return ok
}
