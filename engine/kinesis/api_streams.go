package kinesis

import (
	"context"
	"encoding/base64"
	"maps"
	"slices"
	"strings"
)

// streamRef is the StreamName / StreamARN pair most inputs carry.
type streamRef struct {
	StreamName string `json:"StreamName"`
	StreamARN  string `json:"StreamARN"`
}

// ref is the stream the input names; the ARN wins when both are given,
// and both must then name the same stream.
func (a *api) ref(r streamRef) (string, error) {
	switch {
	case r.StreamARN != "" && r.StreamName != "" && r.StreamARN != a.store.ARN(r.StreamName):
		return "", errInvalid("StreamARN %s and StreamName %s do not refer to the same stream.", r.StreamARN, r.StreamName)
	case r.StreamARN != "":
		return r.StreamARN, nil
	case r.StreamName != "":
		return r.StreamName, validateStreamName("streamName", r.StreamName)
	}
	return "", errInvalid("Either StreamName or StreamARN should be provided.")
}

type modeDetails struct {
	StreamMode string `json:"StreamMode"`
}

func (a *api) createStream(_ context.Context, body []byte) (any, error) {
	var in struct {
		StreamName        string            `json:"StreamName"`
		ShardCount        *int              `json:"ShardCount"`
		StreamModeDetails *modeDetails      `json:"StreamModeDetails"`
		Tags              map[string]string `json:"Tags"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	ci := CreateInput{Name: in.StreamName, Tags: in.Tags}
	if in.ShardCount != nil {
		if *in.ShardCount < 1 {
			return nil, errValidation(*in.ShardCount, "shardCount", "Member must have value greater than or equal to 1")
		}
		ci.ShardCount = *in.ShardCount
	}
	if in.StreamModeDetails != nil {
		ci.Mode = in.StreamModeDetails.StreamMode
	}
	return struct{}{}, a.store.CreateStream(ci)
}

func (a *api) deleteStream(_ context.Context, body []byte) (any, error) {
	var in streamRef
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	ref, err := a.ref(in)
	if err != nil {
		return nil, err
	}
	return struct{}{}, a.store.DeleteStream(ref)
}

type hashKeyRange struct {
	StartingHashKey string `json:"StartingHashKey"`
	EndingHashKey   string `json:"EndingHashKey"`
}

type seqRange struct {
	StartingSequenceNumber string `json:"StartingSequenceNumber"`
}

type shardOut struct {
	ShardID             string       `json:"ShardId"`
	HashKeyRange        hashKeyRange `json:"HashKeyRange"`
	SequenceNumberRange seqRange     `json:"SequenceNumberRange"`
}

func shardsOut(in []ShardInfo) []shardOut {
	out := make([]shardOut, len(in))
	for i, sh := range in {
		out[i] = shardOut{
			ShardID:             sh.ShardID,
			HashKeyRange:        hashKeyRange{StartingHashKey: sh.StartingHashKey, EndingHashKey: sh.EndingHashKey},
			SequenceNumberRange: seqRange{StartingSequenceNumber: sh.StartingSequenceNumber},
		}
	}
	return out
}

type enhancedMonitoring struct {
	ShardLevelMetrics []string `json:"ShardLevelMetrics"`
}

// streamCommon are the members DescribeStream and DescribeStreamSummary
// share.
type streamCommon struct {
	StreamName              string               `json:"StreamName"`
	StreamARN               string               `json:"StreamARN"`
	StreamStatus            string               `json:"StreamStatus"`
	StreamModeDetails       modeDetails          `json:"StreamModeDetails"`
	RetentionPeriodHours    int                  `json:"RetentionPeriodHours"`
	StreamCreationTimestamp epochTime            `json:"StreamCreationTimestamp"`
	EnhancedMonitoring      []enhancedMonitoring `json:"EnhancedMonitoring"`
	EncryptionType          string               `json:"EncryptionType"`
}

func commonOf(info StreamInfo) streamCommon {
	return streamCommon{
		StreamName: info.Name, StreamARN: info.ARN, StreamStatus: info.Status,
		StreamModeDetails: modeDetails{StreamMode: info.Mode}, RetentionPeriodHours: info.RetentionHours,
		StreamCreationTimestamp: epochTime(info.Created),
		EnhancedMonitoring:      []enhancedMonitoring{{ShardLevelMetrics: []string{}}}, EncryptionType: "NONE",
	}
}

func (a *api) describeStream(_ context.Context, body []byte) (any, error) {
	var in struct {
		streamRef
		Limit                 *int   `json:"Limit"`
		ExclusiveStartShardID string `json:"ExclusiveStartShardId"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	limit, err := checkLimit(in.Limit, "limit", 100, 10000)
	if err != nil {
		return nil, err
	}
	info, err := a.describe(in.streamRef)
	if err != nil {
		return nil, err
	}
	page, more := pageShards(info.Shards, in.ExclusiveStartShardID, limit)
	type description struct {
		streamCommon
		Shards        []shardOut `json:"Shards"`
		HasMoreShards bool       `json:"HasMoreShards"`
	}
	return map[string]any{"StreamDescription": description{commonOf(info), shardsOut(page), more}}, nil
}

func (a *api) describe(r streamRef) (StreamInfo, error) {
	ref, err := a.ref(r)
	if err != nil {
		return StreamInfo{}, err
	}
	return a.store.Describe(ref)
}

// pageShards returns up to limit shards after the exclusive start ID (by
// shard order, as AWS compares IDs) and whether more follow.
func pageShards(shards []ShardInfo, after string, limit int) ([]ShardInfo, bool) {
	if after != "" {
		from, ok := parseShardID(after)
		if !ok {
			return nil, false
		}
		shards = shards[min(from+1, len(shards)):]
	}
	if len(shards) > limit {
		return shards[:limit], true
	}
	return shards, false
}

func (a *api) describeStreamSummary(_ context.Context, body []byte) (any, error) {
	var in streamRef
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	info, err := a.describe(in)
	if err != nil {
		return nil, err
	}
	type summary struct {
		streamCommon
		OpenShardCount int `json:"OpenShardCount"`
		ConsumerCount  int `json:"ConsumerCount"`
	}
	return map[string]any{"StreamDescriptionSummary": summary{streamCommon: commonOf(info), OpenShardCount: len(info.Shards)}}, nil
}

type streamSummary struct {
	StreamName              string      `json:"StreamName"`
	StreamARN               string      `json:"StreamARN"`
	StreamStatus            string      `json:"StreamStatus"`
	StreamModeDetails       modeDetails `json:"StreamModeDetails"`
	StreamCreationTimestamp epochTime   `json:"StreamCreationTimestamp"`
}

func (a *api) listStreams(_ context.Context, body []byte) (any, error) {
	var in struct {
		Limit                    *int   `json:"Limit"`
		ExclusiveStartStreamName string `json:"ExclusiveStartStreamName"`
		NextToken                string `json:"NextToken"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	limit, err := checkLimit(in.Limit, "limit", 100, 10000)
	if err != nil {
		return nil, err
	}
	after := in.ExclusiveStartStreamName
	if in.NextToken != "" {
		raw, err := base64.RawURLEncoding.DecodeString(in.NextToken)
		if err != nil {
			return nil, errInvalid("Invalid NextToken.")
		}
		after = string(raw)
	}
	names, summaries := []string{}, []streamSummary{}
	more := false
	for _, info := range a.store.ListStreams() {
		if info.Name <= after {
			continue
		}
		if len(names) == limit {
			more = true
			break
		}
		names = append(names, info.Name)
		summaries = append(summaries, streamSummary{info.Name, info.ARN, info.Status, modeDetails{info.Mode}, epochTime(info.Created)})
	}
	out := map[string]any{"StreamNames": names, "StreamSummaries": summaries, "HasMoreStreams": more}
	if more {
		out["NextToken"] = base64.RawURLEncoding.EncodeToString([]byte(names[len(names)-1]))
	}
	return out, nil
}

func (a *api) listShards(_ context.Context, body []byte) (any, error) {
	var in struct {
		streamRef
		NextToken             string `json:"NextToken"`
		ExclusiveStartShardID string `json:"ExclusiveStartShardId"`
		MaxResults            *int   `json:"MaxResults"`
		ShardFilter           *struct {
			Type    string `json:"Type"`
			ShardID string `json:"ShardId"`
		} `json:"ShardFilter"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	limit, err := checkLimit(in.MaxResults, "maxResults", 1000, 10000)
	if err != nil {
		return nil, err
	}
	after := in.ExclusiveStartShardID
	if in.ShardFilter != nil && in.ShardFilter.Type == "AFTER_SHARD_ID" {
		after = in.ShardFilter.ShardID
	}
	if in.NextToken != "" {
		if in.StreamName != "" || in.StreamARN != "" {
			return nil, errInvalid("NextToken and StreamName cannot be provided together.")
		}
		if in.StreamName, after, err = parseShardToken(in.NextToken); err != nil {
			return nil, err
		}
	}
	info, err := a.describe(in.streamRef)
	if err != nil {
		return nil, err
	}
	page, more := pageShards(info.Shards, after, limit)
	out := map[string]any{"Shards": shardsOut(page)}
	if more {
		out["NextToken"] = base64.RawURLEncoding.EncodeToString([]byte(info.Name + "\n" + page[len(page)-1].ShardID))
	}
	return out, nil
}

func parseShardToken(tok string) (stream, after string, err error) {
	raw, derr := base64.RawURLEncoding.DecodeString(tok)
	stream, after, ok := strings.Cut(string(raw), "\n")
	if derr != nil || !ok {
		return "", "", errInvalid("Invalid ListShards NextToken.")
	}
	return stream, after, nil
}

func (a *api) increaseRetention(_ context.Context, body []byte) (any, error) {
	return a.setRetention(body, true)
}

func (a *api) decreaseRetention(_ context.Context, body []byte) (any, error) {
	return a.setRetention(body, false)
}

func (a *api) setRetention(body []byte, increase bool) (any, error) {
	var in struct {
		streamRef
		RetentionPeriodHours int `json:"RetentionPeriodHours"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	ref, err := a.ref(in.streamRef)
	if err != nil {
		return nil, err
	}
	return struct{}{}, a.store.SetRetention(ref, in.RetentionPeriodHours, increase)
}

func (a *api) addTags(_ context.Context, body []byte) (any, error) {
	var in struct {
		streamRef
		Tags map[string]string `json:"Tags"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	ref, err := a.ref(in.streamRef)
	if err != nil {
		return nil, err
	}
	return struct{}{}, a.store.AddTags(ref, in.Tags)
}

func (a *api) removeTags(_ context.Context, body []byte) (any, error) {
	var in struct {
		streamRef
		TagKeys []string `json:"TagKeys"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	ref, err := a.ref(in.streamRef)
	if err != nil {
		return nil, err
	}
	return struct{}{}, a.store.RemoveTags(ref, in.TagKeys)
}

type tagOut struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

func (a *api) listTags(_ context.Context, body []byte) (any, error) {
	var in struct {
		streamRef
		ExclusiveStartTagKey string `json:"ExclusiveStartTagKey"`
		Limit                *int   `json:"Limit"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	limit, err := checkLimit(in.Limit, "limit", maxTags, maxTags)
	if err != nil {
		return nil, err
	}
	info, err := a.describe(in.streamRef)
	if err != nil {
		return nil, err
	}
	tags, more := []tagOut{}, false
	for _, k := range slices.Sorted(maps.Keys(info.Tags)) {
		if k <= in.ExclusiveStartTagKey {
			continue
		}
		if len(tags) == limit {
			more = true
			break
		}
		tags = append(tags, tagOut{k, info.Tags[k]})
	}
	return map[string]any{"Tags": tags, "HasMoreTags": more}, nil
}

func (a *api) describeLimits(context.Context, []byte) (any, error) {
	open, onDemand := 0, 0
	for _, info := range a.store.ListStreams() {
		open += len(info.Shards)
		if info.Mode == ModeOnDemand {
			onDemand++
		}
	}
	return map[string]any{"ShardLimit": a.store.shardLimit, "OpenShardCount": open,
		"OnDemandStreamCount": onDemand, "OnDemandStreamCountLimit": 50}, nil
}

// checkLimit validates an optional page size against [1, most] and
// applies the default.
func checkLimit(limit *int, member string, def, most int) (int, error) {
	switch {
	case limit == nil:
		return def, nil
	case *limit < 1:
		return 0, errValidation(*limit, member, "Member must have value greater than or equal to 1")
	case *limit > most:
		return 0, errValidation(*limit, member, "Member must have value less than or equal to "+itoa(most))
	}
	return *limit, nil
}
