package sqs

import (
	"encoding/base64"
	"sort"
)

type queueURLInput struct {
	QueueURL string `json:"QueueUrl"`
}

type queueURLOutput struct {
	QueueURL string `json:"QueueUrl"`
}

func (a *api) createQueue(rq *request, body []byte) (any, error) {
	var in struct {
		QueueName  string
		Attributes map[string]string
		Tags       map[string]string `json:"tags"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if in.QueueName == "" {
		return nil, errMissing("QueueName")
	}
	if err := a.store.CreateQueue(in.QueueName, in.Attributes, in.Tags); err != nil {
		return nil, err
	}
	return queueURLOutput{QueueURL: a.store.URL(rq.host, in.QueueName)}, nil
}

func (a *api) getQueueURL(rq *request, body []byte) (any, error) {
	var in struct {
		QueueName              string
		QueueOwnerAWSAccountID string `json:"QueueOwnerAWSAccountId"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if in.QueueName == "" {
		return nil, errMissing("QueueName")
	}
	if in.QueueOwnerAWSAccountID != "" && in.QueueOwnerAWSAccountID != a.store.account {
		return nil, ErrQueueNotFound
	}
	name, err := a.store.QueueName(in.QueueName)
	if err != nil {
		return nil, err
	}
	return queueURLOutput{QueueURL: a.store.URL(rq.host, name)}, nil
}

func (a *api) getQueueAttributes(rq *request, body []byte) (any, error) {
	var in struct {
		queueURLInput
		AttributeNames []string
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	ref, err := rq.queueRef(in.QueueURL)
	if err != nil {
		return nil, err
	}
	attrs, err := a.store.Attributes(ref, in.AttributeNames)
	if err != nil {
		return nil, err
	}
	var out struct {
		Attributes map[string]string `json:",omitempty"`
	}
	if len(attrs) > 0 {
		out.Attributes = attrs
	}
	return out, nil
}

func (a *api) setQueueAttributes(rq *request, body []byte) (any, error) {
	var in struct {
		queueURLInput
		Attributes map[string]string
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	ref, err := rq.queueRef(in.QueueURL)
	if err != nil {
		return nil, err
	}
	if in.Attributes == nil {
		return nil, errMissing("Attributes")
	}
	return struct{}{}, a.store.SetAttributes(ref, in.Attributes)
}

// withQueue runs f on the queue an input names, for operations whose only
// parameter is QueueUrl.
func (a *api) withQueue(rq *request, body []byte, f func(ref string) error) (any, error) {
	var in queueURLInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	ref, err := rq.queueRef(in.QueueURL)
	if err != nil {
		return nil, err
	}
	return struct{}{}, f(ref)
}

func (a *api) deleteQueue(rq *request, body []byte) (any, error) {
	return a.withQueue(rq, body, a.store.DeleteQueue)
}

func (a *api) purgeQueue(rq *request, body []byte) (any, error) {
	return a.withQueue(rq, body, a.store.Purge)
}

type pageInput struct {
	NextToken  string
	MaxResults *intParam
}

// page cuts sorted names to one page. Without MaxResults it returns up to
// 1000 names and no token, as AWS does.
func page(names []string, in pageInput) (out []string, next string, err error) {
	limit := intOr(in.MaxResults, 1000)
	if limit < 1 || limit > 1000 {
		return nil, "", errParamValue(limit, "MaxResults", "MaxResults must be an integer between 1 and 1000.")
	}
	if in.NextToken != "" {
		after, derr := base64.RawURLEncoding.DecodeString(in.NextToken)
		if derr != nil {
			return nil, "", errParamValue(in.NextToken, "NextToken", "Invalid NextToken value.")
		}
		start := sort.SearchStrings(names, string(after))
		if start < len(names) && names[start] == string(after) {
			start++
		}
		names = names[start:]
	}
	if int64(len(names)) > limit {
		names = names[:limit]
		if in.MaxResults != nil {
			next = base64.RawURLEncoding.EncodeToString([]byte(names[len(names)-1]))
		}
	}
	return names, next, nil
}

func (a *api) urls(host string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = a.store.URL(host, n)
	}
	return out
}

func (a *api) listQueues(rq *request, body []byte) (any, error) {
	var in struct {
		pageInput
		QueueNamePrefix string
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	names, next, err := page(a.store.ListQueues(in.QueueNamePrefix), in.pageInput)
	if err != nil {
		return nil, err
	}
	var out struct {
		QueueUrls []string `json:",omitempty"`
		NextToken string   `json:",omitempty"`
	}
	out.QueueUrls, out.NextToken = a.urls(rq.host, names), next
	return out, nil
}

func (a *api) listDeadLetterSourceQueues(rq *request, body []byte) (any, error) {
	var in struct {
		queueURLInput
		pageInput
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	ref, err := rq.queueRef(in.QueueURL)
	if err != nil {
		return nil, err
	}
	sources, err := a.store.DeadLetterSources(ref)
	if err != nil {
		return nil, err
	}
	names, next, err := page(sources, in.pageInput)
	if err != nil {
		return nil, err
	}
	out := struct {
		QueueUrls []string `json:"queueUrls"`
		NextToken string   `json:",omitempty"`
	}{QueueUrls: a.urls(rq.host, names), NextToken: next}
	return out, nil
}

func (a *api) tagQueue(rq *request, body []byte) (any, error) {
	var in struct {
		queueURLInput
		Tags map[string]string
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	ref, err := rq.queueRef(in.QueueURL)
	if err != nil {
		return nil, err
	}
	if len(in.Tags) == 0 {
		return nil, errMissing("Tags")
	}
	return struct{}{}, a.store.Tag(ref, in.Tags)
}

func (a *api) untagQueue(rq *request, body []byte) (any, error) {
	var in struct {
		queueURLInput
		TagKeys []string
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	ref, err := rq.queueRef(in.QueueURL)
	if err != nil {
		return nil, err
	}
	if len(in.TagKeys) == 0 {
		return nil, errMissing("TagKeys")
	}
	return struct{}{}, a.store.Untag(ref, in.TagKeys)
}

func (a *api) listQueueTags(rq *request, body []byte) (any, error) {
	var in queueURLInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	ref, err := rq.queueRef(in.QueueURL)
	if err != nil {
		return nil, err
	}
	tags, err := a.store.Tags(ref)
	if err != nil {
		return nil, err
	}
	var out struct {
		Tags map[string]string `json:",omitempty"`
	}
	if len(tags) > 0 {
		out.Tags = tags
	}
	return out, nil
}
