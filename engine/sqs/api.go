package sqs

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/lambdaform/terraform-provider-lambda/engine/auth"
	"github.com/lambdaform/terraform-provider-lambda/engine/internal/awsquery"
)

// TargetPrefix starts the X-Amz-Target header of AWS JSON 1.0 SQS calls.
const TargetPrefix = "AmazonSQS."

// maxRequestBytes covers a 1 MiB SendMessageBatch after JSON escaping or
// form encoding.
const maxRequestBytes = 8 << 20

// IsRequest reports whether r is an SQS API call: an AWS JSON 1.0 call
// (X-Amz-Target: AmazonSQS.<Op>) or a query-protocol call, whose Action
// is in the URL or in a form-encoded body. A form body is read to find
// out and then put back, so r can still be served by any handler; other
// requests' bodies are not touched.
func IsRequest(r *http.Request) bool {
	if strings.HasPrefix(r.Header.Get("X-Amz-Target"), TargetPrefix) {
		return r.Method == http.MethodPost
	}
	if queryActions[r.URL.Query().Get("Action")] {
		return true
	}
	if r.Method != http.MethodPost {
		return false
	}
	form, ok := awsquery.PeekForm(r, maxRequestBytes)
	return ok && queryActions[form.Get("Action")]
}

// request is what an operation needs besides its input.
type request struct {
	ctx  context.Context
	host string
	// pathQueue is the queue URL the query protocol may post to instead
	// of naming it in QueueUrl.
	pathQueue string
	sender    string
}

type operation func(rq *request, body []byte) (any, error)

type api struct {
	store *Store
	log   *slog.Logger
	ops   map[string]operation
}

// NewHandler serves the SQS API over s in both protocols. Mount it behind
// the engine's SigV4 middleware (with AuthErrorWriter) and route to it
// with IsRequest.
func NewHandler(s *Store) http.Handler {
	a := &api{store: s, log: s.log}
	a.ops = map[string]operation{
		"CreateQueue": a.createQueue, "GetQueueUrl": a.getQueueURL, "GetQueueAttributes": a.getQueueAttributes,
		"SetQueueAttributes": a.setQueueAttributes, "DeleteQueue": a.deleteQueue, "ListQueues": a.listQueues,
		"PurgeQueue": a.purgeQueue, "TagQueue": a.tagQueue, "UntagQueue": a.untagQueue,
		"ListQueueTags": a.listQueueTags, "ListDeadLetterSourceQueues": a.listDeadLetterSourceQueues,
		"SendMessage": a.sendMessage, "SendMessageBatch": a.sendMessageBatch, "ReceiveMessage": a.receiveMessage,
		"DeleteMessage": a.deleteMessage, "DeleteMessageBatch": a.deleteMessageBatch,
		"ChangeMessageVisibility": a.changeMessageVisibility, "ChangeMessageVisibilityBatch": a.changeMessageVisibilityBatch,
	}
	return a
}

// queryActions are the Action values IsRequest routes here: every SQS
// operation, including those this service answers as unsupported.
var queryActions = map[string]bool{
	"CreateQueue": true, "GetQueueUrl": true, "GetQueueAttributes": true, "SetQueueAttributes": true,
	"DeleteQueue": true, "ListQueues": true, "PurgeQueue": true, "TagQueue": true, "UntagQueue": true,
	"ListQueueTags": true, "ListDeadLetterSourceQueues": true, "SendMessage": true, "SendMessageBatch": true,
	"ReceiveMessage": true, "DeleteMessage": true, "DeleteMessageBatch": true, "ChangeMessageVisibility": true,
	"ChangeMessageVisibilityBatch": true, "AddPermission": true, "RemovePermission": true,
	"StartMessageMoveTask": true, "CancelMessageMoveTask": true, "ListMessageMoveTasks": true,
}

func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.Header.Get("X-Amz-Target"), TargetPrefix) {
		a.serveJSON(w, r)
		return
	}
	a.serveQuery(w, r)
}

func (a *api) newRequest(r *http.Request) *request {
	rq := &request{ctx: r.Context(), host: r.Host, sender: auth.Caller(r.Context()).AccessKeyID}
	if segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/"); len(segs) == 2 {
		rq.pathQueue = a.store.URL(r.Host, segs[1])
		if segs[0] != a.store.account {
			rq.pathQueue = "http://" + r.Host + r.URL.Path // names no queue of ours
		}
	}
	return rq
}

// call runs op and logs internal failures.
func (a *api) call(name string, op operation, rq *request, body []byte) (any, *APIError) {
	out, err := op(rq, body)
	if err == nil {
		return out, nil
	}
	ae := toAPIError(err)
	if ae.Status >= http.StatusInternalServerError {
		a.log.Error("sqs API call failed", "op", name, "err", err)
	}
	return nil, ae
}

// queueRef is the queue an input names: its QueueUrl or, for the query
// protocol, the URL it was posted to.
func (rq *request) queueRef(queueURL string) (string, error) {
	switch {
	case queueURL != "":
		return queueURL, nil
	case rq.pathQueue != "":
		return rq.pathQueue, nil
	}
	return "", errMissing("QueueUrl")
}
