package cwlogs

import (
	"fmt"
	"slices"
	"strings"
)

type logStreamOut struct {
	LogStreamName       string `json:"logStreamName"`
	CreationTime        int64  `json:"creationTime"`
	FirstEventTimestamp *int64 `json:"firstEventTimestamp,omitempty"`
	LastEventTimestamp  *int64 `json:"lastEventTimestamp,omitempty"`
	LastIngestionTime   *int64 `json:"lastIngestionTime,omitempty"`
	UploadSequenceToken string `json:"uploadSequenceToken"`
	Arn                 string `json:"arn"`
	StoredBytes         int64  `json:"storedBytes"`
}

type streamIn struct {
	LogGroupName  string `json:"logGroupName"`
	LogStreamName string `json:"logStreamName"`
}

func (a *api) createLogStream(body []byte) (any, error) {
	var in streamIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := validateNames(in.LogGroupName, in.LogStreamName); err != nil {
		return nil, err
	}
	return struct{}{}, a.store.CreateStream(in.LogGroupName, in.LogStreamName)
}

func (a *api) deleteLogStream(body []byte) (any, error) {
	var in streamIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := validateNames(in.LogGroupName, in.LogStreamName); err != nil {
		return nil, err
	}
	return struct{}{}, a.store.DeleteStream(in.LogGroupName, in.LogStreamName)
}

type describeStreamsIn struct {
	LogGroupName        *string `json:"logGroupName"`
	LogGroupIdentifier  *string `json:"logGroupIdentifier"`
	LogStreamNamePrefix *string `json:"logStreamNamePrefix"`
	OrderBy             string  `json:"orderBy"`
	Descending          bool    `json:"descending"`
	Limit               *int32  `json:"limit"`
	NextToken           *string `json:"nextToken"`
}

func (a *api) describeLogStreams(body []byte) (any, error) {
	var in describeStreamsIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	group, key, limit, err := a.checkDescribeStreams(in)
	if err != nil {
		return nil, err
	}
	streams, err := a.store.Streams(group)
	if err != nil {
		return nil, err
	}
	streams = slices.DeleteFunc(streams, func(s StreamInfo) bool {
		return in.LogStreamNamePrefix != nil && !strings.HasPrefix(s.Name, *in.LogStreamNamePrefix)
	})
	slices.SortFunc(streams, func(x, y StreamInfo) int { return strings.Compare(key(x), key(y)) })
	if in.Descending {
		slices.Reverse(streams)
	}
	page, next, err := paginate(streams, key, in.NextToken, limit, in.Descending)
	if err != nil {
		return nil, err
	}
	out := make([]logStreamOut, len(page))
	for i, s := range page {
		out[i] = a.streamOut(group, s)
	}
	return struct {
		LogStreams []logStreamOut `json:"logStreams"`
		NextToken  *string        `json:"nextToken,omitempty"`
	}{out, next}, nil
}

// checkDescribeStreams validates the request and returns the group, the
// sort key for the requested order and the page size.
func (a *api) checkDescribeStreams(in describeStreamsIn) (string, func(StreamInfo) string, int, error) {
	group, err := a.groupFromIdentifier(in.LogGroupName, in.LogGroupIdentifier)
	if err != nil {
		return "", nil, 0, err
	}
	limit, err := checkLimit(in.Limit, 50, 50)
	if err != nil {
		return "", nil, 0, err
	}
	switch in.OrderBy {
	case "", "LogStreamName":
		return group, func(s StreamInfo) string { return s.Name }, limit, nil
	case "LastEventTime":
		if in.LogStreamNamePrefix != nil {
			return "", nil, 0, invalidParam("Cannot order by LastEventTime with a logStreamNamePrefix.")
		}
		// Zero-padded so that string order is numeric order.
		return group, func(s StreamInfo) string { return fmt.Sprintf("%020d/%s", s.LastEvent, s.Name) }, limit, nil
	}
	return "", nil, 0, validationError(in.OrderBy, "orderBy", "Member must satisfy enum value set: [LogStreamName, LastEventTime]")
}

func (a *api) streamOut(group string, s StreamInfo) logStreamOut {
	out := logStreamOut{
		LogStreamName: s.Name, CreationTime: s.CreationTime, StoredBytes: s.StoredBytes,
		UploadSequenceToken: fmt.Sprintf("%056d", s.Uploads+1),
		Arn:                 fmt.Sprintf("%s:log-stream:%s", a.groupARN(group), s.Name),
	}
	if s.LastIngestion != 0 {
		out.FirstEventTimestamp = ptr(s.FirstEvent)
		out.LastEventTimestamp = ptr(s.LastEvent)
		out.LastIngestionTime = ptr(s.LastIngestion)
	}
	return out
}
