package kinesis

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"math/big"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// fourShardBounds are the hash key ranges AWS gives a four-shard stream,
// written out: multiples of 2^128 / 4 = 85070591730234615865843651857942052864.
var fourShardBounds = [][2]string{
	{"0", "85070591730234615865843651857942052863"},
	{"85070591730234615865843651857942052864", "170141183460469231731687303715884105727"},
	{"170141183460469231731687303715884105728", "255211775190703847597530955573826158591"},
	{"255211775190703847597530955573826158592", "340282366920938463463374607431768211455"},
}

func TestShardHashRanges(t *testing.T) {
	s := openTestStore(t, Options{})
	c := newTestClient(t, s)
	createStream(t, c, "h", 4)
	out, err := c.ListShards(t.Context(), &kinesis.ListShardsInput{StreamName: aws.String("h")})
	if err != nil {
		t.Fatal(err)
	}
	for i, sh := range out.Shards {
		r := sh.HashKeyRange
		if aws.ToString(r.StartingHashKey) != fourShardBounds[i][0] || aws.ToString(r.EndingHashKey) != fourShardBounds[i][1] {
			t.Errorf("shard %d range = %s..%s, want %v", i, aws.ToString(r.StartingHashKey), aws.ToString(r.EndingHashKey), fourShardBounds[i])
		}
	}
	// Three shards do not divide 2^128: the last takes the remainder.
	got := hashRanges(3)
	if got[0][1].String() != "113427455640312821154458202477256070484" ||
		got[2][0].String() != "226854911280625642308916404954512140970" || got[2][1].Cmp(maxHashKey) != 0 {
		t.Errorf("three-shard ranges = %v", got)
	}
}

// expectedShard computes, independently of the store, the shard of a
// partition key: the hex MD5 digest read as an integer, placed against
// fourShardBounds.
func expectedShard(t *testing.T, key string) string {
	t.Helper()
	sum := md5.Sum([]byte(key))
	h, _ := new(big.Int).SetString(hex.EncodeToString(sum[:]), 16)
	for i, b := range fourShardBounds {
		lo, _ := new(big.Int).SetString(b[0], 10)
		hi, _ := new(big.Int).SetString(b[1], 10)
		if h.Cmp(lo) >= 0 && h.Cmp(hi) <= 0 {
			return ShardID(i)
		}
	}
	t.Fatalf("hash of %q is outside every range", key)
	return ""
}

func TestPartitionKeyRouting(t *testing.T) {
	s := openTestStore(t, Options{})
	c := newTestClient(t, s)
	createStream(t, c, "h", 4)
	var entries []types.PutRecordsRequestEntry
	for i := range 400 {
		entries = append(entries, types.PutRecordsRequestEntry{PartitionKey: aws.String(fmt.Sprintf("key-%d", i)), Data: []byte{byte(i)}})
	}
	// Keys whose digests are known: md5("a") = 0cc175b9c0f1b6a831c399e269772661,
	// which is in the first quarter; md5("b") = 92eb5ffee6ae2fec3ad71c777531578f
	// in the third.
	entries = append(entries,
		types.PutRecordsRequestEntry{PartitionKey: aws.String("a"), Data: []byte("a")},
		types.PutRecordsRequestEntry{PartitionKey: aws.String("b"), Data: []byte("b")})
	out, err := c.PutRecords(t.Context(), &kinesis.PutRecordsInput{StreamName: aws.String("h"), Records: entries})
	if err != nil || aws.ToInt32(out.FailedRecordCount) != 0 {
		t.Fatalf("PutRecords: %v, %v", out, err)
	}
	perShard := map[string]int{}
	for i, r := range out.Records {
		key := aws.ToString(entries[i].PartitionKey)
		if got, want := aws.ToString(r.ShardId), expectedShard(t, key); got != want {
			t.Errorf("key %q went to %s, want %s", key, got, want)
		}
		perShard[aws.ToString(r.ShardId)]++
	}
	if got := aws.ToString(out.Records[400].ShardId); got != "shardId-000000000000" {
		t.Errorf(`"a" went to %s`, got)
	}
	if got := aws.ToString(out.Records[401].ShardId); got != "shardId-000000000002" {
		t.Errorf(`"b" went to %s`, got)
	}
	if len(perShard) != 4 {
		t.Errorf("400 keys used shards %v, want all four", perShard)
	}
}

func TestExplicitHashKey(t *testing.T) {
	s := openTestStore(t, Options{})
	c := newTestClient(t, s)
	createStream(t, c, "h", 4)
	for i, b := range fourShardBounds {
		for _, k := range b {
			out, err := c.PutRecord(t.Context(), &kinesis.PutRecordInput{StreamName: aws.String("h"),
				PartitionKey: aws.String("ignored"), ExplicitHashKey: aws.String(k), Data: []byte("x")})
			if err != nil {
				t.Fatal(err)
			}
			if aws.ToString(out.ShardId) != ShardID(i) {
				t.Errorf("ExplicitHashKey %s went to %s, want %s", k, aws.ToString(out.ShardId), ShardID(i))
			}
		}
	}
	_, err := c.PutRecord(t.Context(), &kinesis.PutRecordInput{StreamName: aws.String("h"), PartitionKey: aws.String("k"),
		ExplicitHashKey: aws.String("340282366920938463463374607431768211456"), Data: []byte("x")})
	wantAPIError(t, err, "InvalidArgumentException", "")
}
