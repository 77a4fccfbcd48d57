package kinesis

import (
	"context"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/schemas"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/aws/smithy-go/transport/http/protocol/rpcv2"
)

// cborKinesis makes the Go SDK speak Kinesis's CBOR encoding, as the Java
// SDK and the KCL do: smithy-go's schema-driven CBOR codec (blobs as byte
// strings, timestamps as tag-1 epochs) framed the Kinesis way, POST / with
// X-Amz-Target and Content-Type application/x-amz-cbor-1.1. Responses and
// errors are decoded by the same independent codec.
type cborKinesis struct{ *rpcv2.Protocol }

func (p cborKinesis) SerializeRequest(ctx context.Context, op *smithy.OperationSchema, in smithy.Serializable, req *smithyhttp.Request) error {
	if err := p.Protocol.SerializeRequest(ctx, op, in, req); err != nil {
		return err
	}
	req.URL.Path = "/"
	req.Header.Del("Smithy-Protocol")
	req.Header.Set("X-Amz-Target", TargetPrefix+middleware.GetOperationName(ctx))
	req.Header.Set("Content-Type", cborContentType)
	req.Header.Set("Accept", cborContentType)
	return nil
}

func newCBORClient(t *testing.T, s *Store) *kinesis.Client {
	t.Helper()
	srv := httptest.NewServer(NewHandler(s))
	t.Cleanup(srv.Close)
	return kinesis.New(kinesis.Options{
		Region: testRegion, BaseEndpoint: aws.String(srv.URL), Credentials: aws.AnonymousCredentials{}, RetryMaxAttempts: 1,
		Protocol: cborKinesis{rpcv2.NewCBOR(schemas.Kinesis_20131202)},
	})
}

func TestCBOREncoding(t *testing.T) {
	clock := newTestClock()
	s := openTestStore(t, Options{Now: clock.Now})
	c := newCBORClient(t, s)
	createStream(t, c, "cb", 1)
	ctx := t.Context()
	start := clock.Now()
	data := []byte{0, 1, 2, 0xff, 'x'}
	put, err := c.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String("cb"), Records: []types.PutRecordsRequestEntry{
		{PartitionKey: aws.String("a"), Data: data}, {PartitionKey: aws.String("b"), Data: []byte("second")},
	}})
	if err != nil || len(put.Records) != 2 {
		t.Fatalf("PutRecords over CBOR = %+v, %v", put, err)
	}
	it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("cb"), ShardId: aws.String(shard0),
		ShardIteratorType: types.ShardIteratorTypeAtTimestamp, Timestamp: aws.Time(start)})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Records) != 2 || !slices.Equal(got.Records[0].Data, data) || aws.ToString(got.Records[0].PartitionKey) != "a" ||
		aws.ToString(got.Records[0].SequenceNumber) != aws.ToString(put.Records[0].SequenceNumber) ||
		!got.Records[0].ApproximateArrivalTimestamp.Equal(start) || got.NextShardIterator == nil {
		t.Fatalf("GetRecords over CBOR = %+v", got.Records)
	}
	d, err := c.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("cb")})
	if err != nil || aws.ToString(d.StreamDescription.StreamName) != "cb" || len(d.StreamDescription.Shards) != 1 ||
		!d.StreamDescription.StreamCreationTimestamp.Equal(start) {
		t.Fatalf("DescribeStream over CBOR = %+v, %v", d, err)
	}
	_, err = c.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("missing")})
	wantAPIError(t, err, "ResourceNotFoundException", "Stream missing under account 123456789012 not found.")
}
