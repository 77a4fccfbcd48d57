package kinesis

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// BenchmarkPutRecordsAPI measures durable PutRecords of 100 records of
// 200 bytes through the SDK over HTTP from concurrent producers (group
// commit shares each fsync between them); records/s is the figure.
func BenchmarkPutRecordsAPI(b *testing.B) {
	s := openTestStore(b, Options{})
	c := newTestClient(b, s)
	createStream(b, c, "bench", 4)
	const batch = 100
	data := make([]byte, 200)
	var n atomic.Int64
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		entries := make([]types.PutRecordsRequestEntry, batch)
		for pb.Next() {
			for i := range entries {
				entries[i] = types.PutRecordsRequestEntry{PartitionKey: aws.String(strconv.FormatInt(n.Add(1), 10)), Data: data}
			}
			if _, err := c.PutRecords(context.Background(), &kinesis.PutRecordsInput{StreamName: aws.String("bench"), Records: entries}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkPut measures single-record durable puts through the Go API
// from many concurrent producers.
func BenchmarkPut(b *testing.B) {
	s := openTestStore(b, Options{})
	if err := s.CreateStream(CreateInput{Name: "bench", ShardCount: 4}); err != nil {
		b.Fatal(err)
	}
	if err := finishNow(s, "bench"); err != nil {
		b.Fatal(err)
	}
	data := make([]byte, 200)
	var n atomic.Int64
	b.SetParallelism(32)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := s.Put(context.Background(), "bench", []PutEntry{{PartitionKey: fmt.Sprint(n.Add(1)), Data: data}}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
