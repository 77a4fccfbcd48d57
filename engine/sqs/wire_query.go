package sqs

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/lambdaform/terraform-provider-lambda/engine/internal/awsquery"
)

const xmlNamespace = "http://queue.amazonaws.com/doc/2012-11-05/"

// serveQuery serves a query-protocol call: Action=<Op>&Version=2012-11-05
// plus parameters, form-encoded in the body or in the URL, answered in XML.
func (a *api) serveQuery(w http.ResponseWriter, r *http.Request) {
	name, params, err := awsquery.Read(w, r, maxRequestBytes)
	if err != nil {
		writeXMLError(w, errInvalidParam("The request body could not be parsed: %v", err))
		return
	}
	op, ok := a.ops[name]
	if !ok {
		writeXMLError(w, newError("InvalidAction", "InvalidAction", "The action %s is not valid for this web service.", name))
		return
	}
	body, err := json.Marshal(members(params))
	if err != nil {
		writeXMLError(w, errInternal())
		return
	}
	out, ae := a.call(name, op, a.newRequest(r), body)
	if ae != nil {
		if ae.QueryCode == "AWS.SimpleQueueService.NonExistentQueue" {
			// The query protocol has kept AWS's older wording.
			ae = &APIError{Status: ae.Status, Code: ae.Code, QueryCode: ae.QueryCode,
				Message: "The specified queue does not exist for this wsdl version."}
		}
		writeXMLError(w, ae)
		return
	}
	if err := writeXMLResult(w, name, out); err != nil {
		a.log.Warn("sqs response not written", "op", name, "err", err)
	}
}

// queryMember says how a query parameter family maps to the JSON
// protocol's member: flattened lists ("AttributeName.1"), flattened maps
// ("Attribute.1.Name" / ".Value") and lists of entries
// ("SendMessageBatchRequestEntry.1.Id").
type queryMember struct {
	json string
	kind int
	key  string // map entries' key field
}

const (
	queryList = iota
	queryMap
	queryEntries
)

var queryMembers = map[string]queryMember{
	"AttributeName":                  {json: "AttributeNames", kind: queryList},
	"MessageAttributeName":           {json: "MessageAttributeNames", kind: queryList},
	"MessageSystemAttributeName":     {json: "MessageSystemAttributeNames", kind: queryList},
	"TagKey":                         {json: "TagKeys", kind: queryList},
	"Attribute":                      {json: "Attributes", kind: queryMap, key: "Name"},
	"MessageAttribute":               {json: "MessageAttributes", kind: queryMap, key: "Name"},
	"MessageSystemAttribute":         {json: "MessageSystemAttributes", kind: queryMap, key: "Name"},
	"Tag":                            {json: "Tags", kind: queryMap, key: "Key"},
	"SendMessageBatchRequestEntry":   {json: "Entries", kind: queryEntries},
	"DeleteMessageBatchRequestEntry": {json: "Entries", kind: queryEntries},
	"ChangeMessageVisibilityBatchRequestEntry": {json: "Entries", kind: queryEntries},
}

// members turns query parameters relative to one prefix into the JSON
// protocol's input object, so both protocols share one decoder per
// operation. Scalars stay strings; intParam accepts them.
func members(params map[string]string) map[string]any {
	plain, nested := awsquery.Split(params)
	out := make(map[string]any, len(plain)+len(nested))
	for k, v := range plain {
		out[k] = v
	}
	for head, sub := range nested {
		m, known := queryMembers[head]
		if !known {
			out[head] = members(sub)
			continue
		}
		out[m.json] = m.build(sub)
	}
	return out
}

func (m queryMember) build(sub map[string]string) any {
	entries := indexed(sub)
	switch m.kind {
	case queryList:
		list := make([]string, 0, len(entries))
		for _, e := range entries {
			list = append(list, e[""])
		}
		return list
	case queryMap:
		obj := map[string]any{}
		for _, e := range entries {
			if v, ok := e["Value"]; ok {
				obj[e[m.key]] = v
				continue
			}
			obj[e[m.key]] = members(subParams(e, "Value."))
		}
		return obj
	}
	list := make([]any, 0, len(entries))
	for _, e := range entries {
		list = append(list, members(e))
	}
	return list
}

// indexed groups "N" and "N.rest" keys by N, in N's order.
func indexed(sub map[string]string) []map[string]string {
	byIndex := map[int]map[string]string{}
	most := 0
	for k, v := range sub {
		idx, rest, _ := strings.Cut(k, ".")
		var n int
		if _, err := fmt.Sscanf(idx, "%d", &n); err != nil || n < 1 {
			continue
		}
		if byIndex[n] == nil {
			byIndex[n] = map[string]string{}
		}
		byIndex[n][rest] = v
		most = max(most, n)
	}
	out := make([]map[string]string, 0, len(byIndex))
	for n := 1; n <= most; n++ {
		if e, ok := byIndex[n]; ok {
			out = append(out, e)
		}
	}
	return out
}

// subParams returns the parameters under prefix, with it removed.
func subParams(params map[string]string, prefix string) map[string]string {
	out := map[string]string{}
	for k, v := range params {
		if rest, ok := strings.CutPrefix(k, prefix); ok {
			out[rest] = v
		}
	}
	return out
}
