package sqs

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// queryServer serves the handler and posts form-encoded query calls.
type queryServer struct {
	t   *testing.T
	srv *httptest.Server
}

func newQueryServer(t *testing.T) *queryServer {
	srv := httptest.NewServer(NewHandler(openTestStore(t, Options{})))
	t.Cleanup(srv.Close)
	return &queryServer{t: t, srv: srv}
}

// post sends Action=action&Version=2012-11-05 plus params to path and
// returns the status and body.
func (q *queryServer) post(path, action string, params url.Values) (int, string) {
	q.t.Helper()
	form := url.Values{"Action": {action}, "Version": {"2012-11-05"}}
	for k, v := range params {
		form[k] = v
	}
	resp, err := http.Post(q.srv.URL+path, "application/x-www-form-urlencoded; charset=utf-8", strings.NewReader(form.Encode()))
	if err != nil {
		q.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		q.t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// decodeXML parses body into v, failing the test on malformed XML.
func decodeXML(t *testing.T, body string, v any) {
	t.Helper()
	if err := xml.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("response is not the expected XML: %v\n%s", err, body)
	}
}

type responseMetadata struct {
	RequestID string `xml:"ResponseMetadata>RequestId"`
}

type xmlAttribute struct {
	Name  string
	Value string
}

func TestQueryProtocolFlow(t *testing.T) {
	q := newQueryServer(t)
	status, body := q.post("/", "CreateQueue", url.Values{"QueueName": {"cli"},
		"Attribute.1.Name": {"VisibilityTimeout"}, "Attribute.1.Value": {"40"}, "Tag.1.Key": {"team"}, "Tag.1.Value": {"x"}})
	var created struct {
		XMLName  xml.Name `xml:"http://queue.amazonaws.com/doc/2012-11-05/ CreateQueueResponse"`
		QueueURL string   `xml:"CreateQueueResult>QueueUrl"`
		responseMetadata
	}
	decodeXML(t, body, &created)
	wantURL := q.srv.URL + "/" + testAccount + "/cli"
	if status != http.StatusOK || created.QueueURL != wantURL || created.RequestID == "" {
		t.Fatalf("CreateQueue = %d %+v", status, created)
	}

	// Posting to the queue URL names the queue without a QueueUrl parameter.
	_, body = q.post("/"+testAccount+"/cli", "SendMessage", url.Values{"MessageBody": {"a&b <c>"},
		"MessageAttribute.1.Name": {"SellerName"}, "MessageAttribute.1.Value.DataType": {"String"},
		"MessageAttribute.1.Value.StringValue": {"Example Store"}})
	var sent struct {
		MessageID              string `xml:"SendMessageResult>MessageId"`
		MD5OfMessageBody       string `xml:"SendMessageResult>MD5OfMessageBody"`
		MD5OfMessageAttributes string `xml:"SendMessageResult>MD5OfMessageAttributes"`
	}
	decodeXML(t, body, &sent)
	if sent.MessageID == "" || sent.MD5OfMessageBody != md5Hex([]byte("a&b <c>")) || sent.MD5OfMessageAttributes != "cd28f3b68aeee4b2eac9c66f2f694b58" {
		t.Fatalf("SendMessage = %+v\n%s", sent, body)
	}

	_, body = q.post("/", "ReceiveMessage", url.Values{"QueueUrl": {wantURL}, "AttributeName.1": {"All"},
		"MessageAttributeName.1": {"All"}, "MaxNumberOfMessages": {"5"}})
	var received struct {
		Messages []struct {
			MessageID         string `xml:"MessageId"`
			ReceiptHandle     string
			MD5OfBody         string
			Body              string
			Attributes        []xmlAttribute `xml:"Attribute"`
			MessageAttributes []struct {
				Name        string
				DataType    string `xml:"Value>DataType"`
				StringValue string `xml:"Value>StringValue"`
			} `xml:"MessageAttribute"`
		} `xml:"ReceiveMessageResult>Message"`
	}
	decodeXML(t, body, &received)
	if len(received.Messages) != 1 {
		t.Fatalf("ReceiveMessage: %s", body)
	}
	m := received.Messages[0]
	if m.MessageID != sent.MessageID || m.Body != "a&b <c>" || m.MD5OfBody != sent.MD5OfMessageBody || len(m.Attributes) < 4 ||
		len(m.MessageAttributes) != 1 || m.MessageAttributes[0].StringValue != "Example Store" {
		t.Fatalf("received %+v", m)
	}

	_, body = q.post("/", "GetQueueAttributes", url.Values{"QueueUrl": {wantURL}, "AttributeName.1": {"VisibilityTimeout"},
		"AttributeName.2": {"ApproximateNumberOfMessagesNotVisible"}})
	var attrs struct {
		Attributes []xmlAttribute `xml:"GetQueueAttributesResult>Attribute"`
	}
	decodeXML(t, body, &attrs)
	if len(attrs.Attributes) != 2 {
		t.Fatalf("GetQueueAttributes: %s", body)
	}

	status, body = q.post("/", "DeleteMessage", url.Values{"QueueUrl": {wantURL}, "ReceiptHandle": {m.ReceiptHandle}})
	var deleted struct {
		XMLName xml.Name `xml:"DeleteMessageResponse"`
		responseMetadata
	}
	decodeXML(t, body, &deleted)
	if status != http.StatusOK || deleted.RequestID == "" || strings.Contains(body, "DeleteMessageResult") {
		t.Fatalf("DeleteMessage = %d %s", status, body)
	}

	_, body = q.post("/", "ListQueues", url.Values{"QueueNamePrefix": {"c"}})
	var listed struct {
		URLs []string `xml:"ListQueuesResult>QueueUrl"`
	}
	decodeXML(t, body, &listed)
	if len(listed.URLs) != 1 || listed.URLs[0] != wantURL {
		t.Fatalf("ListQueues: %s", body)
	}
}

func TestQueryProtocolBatches(t *testing.T) {
	q := newQueryServer(t)
	q.post("/", "CreateQueue", url.Values{"QueueName": {"b"}})
	qurl := q.srv.URL + "/" + testAccount + "/b"
	_, body := q.post("/", "SendMessageBatch", url.Values{"QueueUrl": {qurl},
		"SendMessageBatchRequestEntry.1.Id": {"one"}, "SendMessageBatchRequestEntry.1.MessageBody": {"1"},
		"SendMessageBatchRequestEntry.2.Id": {"two"}, "SendMessageBatchRequestEntry.2.MessageBody": {"2"},
		"SendMessageBatchRequestEntry.2.DelaySeconds": {"1000"}})
	var sent struct {
		OK []struct {
			ID        string `xml:"Id"`
			MessageID string `xml:"MessageId"`
		} `xml:"SendMessageBatchResult>SendMessageBatchResultEntry"`
		Failed []struct {
			ID          string `xml:"Id"`
			SenderFault bool
			Code        string
		} `xml:"SendMessageBatchResult>BatchResultErrorEntry"`
	}
	decodeXML(t, body, &sent)
	if len(sent.OK) != 1 || sent.OK[0].ID != "one" || len(sent.Failed) != 1 || sent.Failed[0].ID != "two" ||
		!sent.Failed[0].SenderFault || sent.Failed[0].Code != "InvalidParameterValue" {
		t.Fatalf("SendMessageBatch: %s", body)
	}
}

func TestQueryProtocolErrors(t *testing.T) {
	q := newQueryServer(t)
	tests := []struct {
		action string
		params url.Values
		status int
		code   string
		msg    string
	}{
		{"GetQueueUrl", url.Values{"QueueName": {"missing"}}, 400, "AWS.SimpleQueueService.NonExistentQueue",
			"The specified queue does not exist for this wsdl version."},
		{"Frobnicate", nil, 400, "InvalidAction", "The action Frobnicate is not valid for this web service."},
		{"SendMessageBatch", url.Values{"QueueUrl": {"http://h/" + testAccount + "/missing"}}, 400,
			"AWS.SimpleQueueService.EmptyBatchRequest", "There should be at least one SendMessageBatchRequestEntry in the request."},
		{"CreateQueue", nil, 400, "MissingParameter", "The request must contain the parameter QueueName."},
	}
	for _, tt := range tests {
		status, body := q.post("/", tt.action, tt.params)
		var e struct {
			XMLName xml.Name `xml:"http://queue.amazonaws.com/doc/2012-11-05/ ErrorResponse"`
			Type    string   `xml:"Error>Type"`
			Code    string   `xml:"Error>Code"`
			Message string   `xml:"Error>Message"`
			ID      string   `xml:"RequestId"`
		}
		decodeXML(t, body, &e)
		if status != tt.status || e.Type != "Sender" || e.Code != tt.code || e.Message != tt.msg || e.ID == "" {
			t.Errorf("%s = %d %+v, want %d %s %q", tt.action, status, e, tt.status, tt.code, tt.msg)
		}
	}
}

func TestQueryMembers(t *testing.T) {
	params := map[string]string{"QueueUrl": "u", "AttributeName.2": "b", "AttributeName.1": "a",
		"ChangeMessageVisibilityBatchRequestEntry.1.Id": "i", "ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout": "5",
		"MessageAttribute.1.Name": "n", "MessageAttribute.1.Value.BinaryValue": "AQI="}
	got := mustJSON(members(params))
	want := `{"AttributeNames":["a","b"],"Entries":[{"Id":"i","VisibilityTimeout":"5"}],` +
		`"MessageAttributes":{"n":{"BinaryValue":"AQI="}},"QueueUrl":"u"}`
	if string(got) != want {
		t.Errorf("members = %s\nwant %s", got, want)
	}
}
