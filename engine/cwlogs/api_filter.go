package cwlogs

import "strings"

type filterEventsIn struct {
	LogGroupName        *string  `json:"logGroupName"`
	LogGroupIdentifier  *string  `json:"logGroupIdentifier"`
	LogStreamNames      []string `json:"logStreamNames"`
	LogStreamNamePrefix *string  `json:"logStreamNamePrefix"`
	StartTime           *int64   `json:"startTime"`
	EndTime             *int64   `json:"endTime"`
	FilterPattern       string   `json:"filterPattern"`
	NextToken           *string  `json:"nextToken"`
	Limit               *int32   `json:"limit"`
	StartFromHead       *bool    `json:"startFromHead"`
}

type filteredEvent struct {
	LogStreamName string `json:"logStreamName"`
	Timestamp     int64  `json:"timestamp"`
	Message       string `json:"message"`
	IngestionTime int64  `json:"ingestionTime"`
	EventID       string `json:"eventId"`
}

type searchedStream struct {
	LogStreamName      string `json:"logStreamName"`
	SearchedCompletely bool   `json:"searchedCompletely"`
}

func (a *api) filterLogEvents(body []byte) (any, error) {
	var in filterEventsIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	group, err := a.groupFromIdentifier(in.LogGroupName, in.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	q, err := filterQuery(in)
	if err != nil {
		return nil, err
	}
	res, err := a.store.filter(group, q)
	if err != nil {
		return nil, err
	}
	out := struct {
		Events []filteredEvent `json:"events"`
		// AWS stopped filling this in 2020 and always returns an empty list.
		SearchedLogStreams []searchedStream `json:"searchedLogStreams"`
		NextToken          *string          `json:"nextToken,omitempty"`
	}{Events: make([]filteredEvent, len(res.events)), SearchedLogStreams: []searchedStream{}}
	for i, e := range res.events {
		out.Events[i] = filteredEvent{LogStreamName: e.Stream, Timestamp: e.Timestamp(), Message: e.Message,
			IngestionTime: e.Ingestion, EventID: eventID(e.Key)}
	}
	if res.more {
		out.NextToken = ptr(cursor{forward: q.forward, key: res.last}.String())
	}
	return out, nil
}

// filterQuery validates the request and builds the read: the time range
// [startTime, endTime] inclusive, the stream selection, the pattern, and
// the direction (startFromHead, default true, unless a token says
// otherwise).
func filterQuery(in filterEventsIn) (readQuery, error) {
	limit, err := checkLimit(in.Limit, maxEventsPerPage, maxEventsPerPage)
	if err != nil {
		return readQuery{}, err
	}
	q := readQuery{limit: limit, forward: in.StartFromHead == nil || *in.StartFromHead, scanBudget: filterScanBudget}
	if q.stream, err = streamSelector(in); err != nil {
		return readQuery{}, err
	}
	if q.match, err = compilePattern(in.FilterPattern); err != nil {
		return readQuery{}, err
	}
	if !q.forward && in.StartTime != nil && *in.StartTime < startFromHeadMinTime {
		return readQuery{}, invalidParam("startFromHead=false is supported only when startTime is on or after Jan 1, 2024 00:00:00 UTC.")
	}
	q.lo, q.hi = fullRange()
	if in.StartTime != nil {
		q.lo = makeKey(max(*in.StartTime, 0), 0)
	}
	if in.EndTime != nil {
		q.hi = minKey(q.hi, makeKey(max(*in.EndTime, 0), ^uint64(0)))
	}
	return applyToken(q, in.NextToken)
}

func applyToken(q readQuery, token *string) (readQuery, error) {
	if token == nil {
		return q, nil
	}
	c, err := parseCursor(*token)
	if err != nil {
		return readQuery{}, err
	}
	q.forward = c.forward
	if c.forward {
		q.lo = maxKey(q.lo, c.key.next())
	} else {
		q.hi = minKey(q.hi, c.key.prev())
	}
	return q, nil
}

func streamSelector(in filterEventsIn) (func(string) bool, error) {
	switch {
	case in.LogStreamNames != nil && in.LogStreamNamePrefix != nil:
		return nil, invalidParam("Cannot specify both logStreamNames and logStreamNamePrefix.")
	case in.LogStreamNames != nil:
		if n := len(in.LogStreamNames); n < 1 || n > 100 {
			return nil, validationError("", "logStreamNames", "Member must have length between 1 and 100")
		}
		names := map[string]bool{}
		for _, n := range in.LogStreamNames {
			names[n] = true
		}
		return func(s string) bool { return names[s] }, nil
	case in.LogStreamNamePrefix != nil:
		prefix := *in.LogStreamNamePrefix
		return func(s string) bool { return strings.HasPrefix(s, prefix) }, nil
	}
	return nil, nil
}
