package cwlogs

// maxEventsPerPage is GetLogEvents' and FilterLogEvents' default and
// maximum limit.
const maxEventsPerPage = 10000

// filterScanBudget bounds how many events one FilterLogEvents call
// examines. Like AWS, a call that runs out of budget returns the matches
// so far (possibly none) with a nextToken, so a selective pattern over a
// large group never turns into one unbounded request.
const filterScanBudget = 100000

// startFromHeadMinTime is the earliest startTime AWS accepts with
// FilterLogEvents' startFromHead=false (2024-01-01T00:00:00Z).
const startFromHeadMinTime = 1704067200000

type outputEvent struct {
	Timestamp     int64  `json:"timestamp"`
	Message       string `json:"message"`
	IngestionTime int64  `json:"ingestionTime"`
}

type getEventsIn struct {
	LogGroupName       *string `json:"logGroupName"`
	LogGroupIdentifier *string `json:"logGroupIdentifier"`
	LogStreamName      string  `json:"logStreamName"`
	StartTime          *int64  `json:"startTime"`
	EndTime            *int64  `json:"endTime"`
	NextToken          *string `json:"nextToken"`
	Limit              *int32  `json:"limit"`
	StartFromHead      bool    `json:"startFromHead"`
}

func (a *api) getLogEvents(body []byte) (any, error) {
	var in getEventsIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	group, err := a.groupFromIdentifier(in.LogGroupName, in.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	if err := validateStreamName("logStreamName", in.LogStreamName); err != nil {
		return nil, err
	}
	q, from, err := getEventsQuery(in)
	if err != nil {
		return nil, err
	}
	res, err := a.store.readStream(group, in.LogStreamName, q)
	if err != nil {
		return nil, err
	}
	fwd, bwd := getEventsTokens(res.events, from, q)
	events := make([]outputEvent, len(res.events))
	for i, e := range res.events {
		events[i] = outputEvent{Timestamp: e.Timestamp(), Message: e.Message, IngestionTime: e.Ingestion}
	}
	return struct {
		Events            []outputEvent `json:"events"`
		NextForwardToken  string        `json:"nextForwardToken"`
		NextBackwardToken string        `json:"nextBackwardToken"`
	}{events, fwd, bwd}, nil
}

// getEventsQuery turns the time range [startTime, endTime) and the token
// (or startFromHead without one) into a key range and direction. from is
// the cursor the request started at, nil without a token.
func getEventsQuery(in getEventsIn) (readQuery, *cursor, error) {
	limit, err := checkLimit(in.Limit, maxEventsPerPage, maxEventsPerPage)
	if err != nil {
		return readQuery{}, nil, err
	}
	q := readQuery{limit: limit, forward: in.StartFromHead}
	q.lo, q.hi = fullRange()
	if in.StartTime != nil {
		q.lo = makeKey(max(*in.StartTime, 0), 0)
	}
	if in.EndTime != nil {
		q.hi = makeKey(max(*in.EndTime, 0), 0).prev()
	}
	if in.NextToken == nil {
		return q, nil, nil
	}
	c, err := parseCursor(*in.NextToken)
	if err != nil {
		return readQuery{}, nil, err
	}
	q.forward = c.forward
	if c.forward {
		q.lo = maxKey(q.lo, c.key.next())
	} else {
		q.hi = minKey(q.hi, c.key.prev())
	}
	return q, &c, nil
}

// getEventsTokens follows AWS: the forward token continues after the last
// event and the backward token before the first; at the end of the stream
// the token the caller passed comes back unchanged.
func getEventsTokens(events []StoredEvent, from *cursor, q readQuery) (fwd, bwd string) {
	if len(events) > 0 {
		return cursor{forward: true, key: events[len(events)-1].Key}.String(),
			cursor{forward: false, key: events[0].Key}.String()
	}
	switch {
	case from == nil:
		return cursor{forward: true, key: q.lo.prev()}.String(), cursor{forward: false, key: q.hi.next()}.String()
	case from.forward:
		return from.String(), cursor{forward: false, key: from.key.next()}.String()
	default:
		return cursor{forward: true, key: from.key.prev()}.String(), from.String()
	}
}
