package kinesis

import (
	"context"
	"strconv"
	"time"
)

func itoa(n int) string { return strconv.Itoa(n) }

type recordIn struct {
	Data            []byte `json:"Data"`
	PartitionKey    string `json:"PartitionKey"`
	ExplicitHashKey string `json:"ExplicitHashKey"`
}

func (r recordIn) entry() PutEntry {
	return PutEntry{PartitionKey: r.PartitionKey, ExplicitHashKey: r.ExplicitHashKey, Data: r.Data}
}

func (a *api) putRecord(ctx context.Context, body []byte) (any, error) {
	var in struct {
		streamRef
		recordIn
		SequenceNumberForOrdering string `json:"SequenceNumberForOrdering"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	ref, err := a.ref(in.streamRef)
	if err != nil {
		return nil, err
	}
	// SequenceNumberForOrdering needs no handling: sequence numbers of a
	// shard always increase in the order records are put.
	res, err := a.store.Put(ctx, ref, []PutEntry{in.entry()})
	if err != nil {
		return nil, err
	}
	return map[string]any{"ShardId": res[0].ShardID, "SequenceNumber": res[0].SequenceNumber, "EncryptionType": "NONE"}, nil
}

type putResultOut struct {
	ShardID        string `json:"ShardId"`
	SequenceNumber string `json:"SequenceNumber"`
}

func (a *api) putRecords(ctx context.Context, body []byte) (any, error) {
	var in struct {
		streamRef
		Records []recordIn `json:"Records"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	ref, err := a.ref(in.streamRef)
	if err != nil {
		return nil, err
	}
	entries := make([]PutEntry, len(in.Records))
	for i, r := range in.Records {
		entries[i] = r.entry()
	}
	res, err := a.store.Put(ctx, ref, entries)
	if err != nil {
		return nil, err
	}
	out := make([]putResultOut, len(res))
	for i, r := range res {
		out[i] = putResultOut(r)
	}
	// Every record is stored or the call fails: there is no throughput
	// limit here to reject single records with.
	return map[string]any{"FailedRecordCount": 0, "Records": out, "EncryptionType": "NONE"}, nil
}

func (a *api) getShardIterator(_ context.Context, body []byte) (any, error) {
	var in struct {
		streamRef
		ShardID                string     `json:"ShardId"`
		ShardIteratorType      string     `json:"ShardIteratorType"`
		StartingSequenceNumber string     `json:"StartingSequenceNumber"`
		Timestamp              *epochTime `json:"Timestamp"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	ref, err := a.ref(in.streamRef)
	if err != nil {
		return nil, err
	}
	ii := IteratorInput{Type: in.ShardIteratorType, SequenceNumber: in.StartingSequenceNumber}
	if in.Timestamp != nil {
		t := time.Time(*in.Timestamp)
		ii.Timestamp = &t
	}
	it, err := a.store.Iterator(ref, in.ShardID, ii)
	if err != nil {
		return nil, err
	}
	return map[string]string{"ShardIterator": it}, nil
}

type recordOut struct {
	SequenceNumber              string    `json:"SequenceNumber"`
	ApproximateArrivalTimestamp epochTime `json:"ApproximateArrivalTimestamp"`
	Data                        []byte    `json:"Data"`
	PartitionKey                string    `json:"PartitionKey"`
}

func (a *api) getRecords(ctx context.Context, body []byte) (any, error) {
	var in struct {
		ShardIterator string `json:"ShardIterator"`
		Limit         *int   `json:"Limit"`
		StreamARN     string `json:"StreamARN"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	limit, err := checkLimit(in.Limit, "limit", MaxGetRecords, MaxGetRecords)
	if err != nil {
		return nil, err
	}
	recs, next, behind, err := a.store.GetRecords(ctx, in.ShardIterator, limit)
	if err != nil {
		return nil, err
	}
	out := make([]recordOut, len(recs))
	for i, r := range recs {
		out[i] = recordOut{r.SequenceNumber, epochTime(r.ApproximateArrivalTimestamp), r.Data, r.PartitionKey}
	}
	return map[string]any{"Records": out, "NextShardIterator": next, "MillisBehindLatest": behind, "ChildShards": []any{}}, nil
}
