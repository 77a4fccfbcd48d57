package sqs

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"maps"
	"net/http"
	"slices"
)

// noResult lists operations whose query-protocol response has only
// ResponseMetadata.
var noResult = map[string]bool{
	"DeleteQueue": true, "SetQueueAttributes": true, "PurgeQueue": true, "TagQueue": true,
	"UntagQueue": true, "DeleteMessage": true, "ChangeMessageVisibility": true,
}

// xmlLists names the element each JSON list member repeats as (query
// lists are flattened); "Successful" depends on the operation.
var xmlLists = map[string]string{
	"QueueUrls": "QueueUrl", "queueUrls": "QueueUrl", "Messages": "Message", "Failed": "BatchResultErrorEntry",
}

// xmlMaps names the entry element and key element of each JSON map member.
var xmlMaps = map[string][2]string{
	"Attributes": {"Attribute", "Name"}, "MessageAttributes": {"MessageAttribute", "Name"}, "Tags": {"Tag", "Key"},
}

// writeXMLResult renders an operation's output (the JSON protocol's shape)
// as the query protocol's <OpResponse><OpResult>…</OpResult>… document.
func writeXMLResult(w http.ResponseWriter, action string, out any) error {
	raw, err := json.Marshal(out)
	if err != nil {
		return fmt.Errorf("encode %s result: %w", action, err)
	}
	var obj map[string]any
	if err := json.Unmarshal(raw, &obj); err != nil {
		return fmt.Errorf("encode %s result: %w", action, err)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0"?><%sResponse xmlns="%s">`, action, xmlNamespace)
	if !noResult[action] {
		fmt.Fprintf(&b, "<%sResult>", action)
		writeXMLObject(&b, action, obj)
		fmt.Fprintf(&b, "</%sResult>", action)
	}
	fmt.Fprintf(&b, "<ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata></%sResponse>", newUUID(), action)
	w.Header().Set("Content-Type", "text/xml")
	_, err = w.Write(b.Bytes())
	return err
}

func writeXMLObject(b *bytes.Buffer, action string, obj map[string]any) {
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		writeXMLMember(b, action, k, obj[k])
	}
}

func writeXMLMember(b *bytes.Buffer, action, name string, v any) {
	switch v := v.(type) {
	case []any:
		elem := xmlLists[name]
		if name == "Successful" {
			elem = action + "ResultEntry"
		}
		for _, item := range v {
			writeXMLMember(b, action, elem, item)
		}
	case map[string]any:
		if m, ok := xmlMaps[name]; ok {
			for _, k := range slices.Sorted(maps.Keys(v)) {
				fmt.Fprintf(b, "<%s><%s>%s</%s>", m[0], m[1], escape(k), m[1])
				writeXMLMember(b, action, "Value", v[k])
				fmt.Fprintf(b, "</%s>", m[0])
			}
			return
		}
		fmt.Fprintf(b, "<%s>", name)
		writeXMLObject(b, action, v)
		fmt.Fprintf(b, "</%s>", name)
	case nil:
	default:
		fmt.Fprintf(b, "<%s>%s</%s>", name, escape(fmt.Sprint(v)), name)
	}
}

func escape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s)) // writes to a buffer cannot fail
	return b.String()
}

// writeXMLError writes the query protocol's ErrorResponse document.
func writeXMLError(w http.ResponseWriter, e *APIError) {
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(e.Status)
	fmt.Fprintf(w, `<?xml version="1.0"?><ErrorResponse xmlns="%s"><Error><Type>%s</Type><Code>%s</Code>`+
		`<Message>%s</Message><Detail/></Error><RequestId>%s</RequestId></ErrorResponse>`,
		xmlNamespace, fault(e), escape(e.QueryCode), escape(e.Message), newUUID())
}
