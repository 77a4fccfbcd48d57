package acctest

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
)

// KinesisClient returns a Kinesis client for the same backend as the
// provider: the engine's Kinesis-compatible service at the engine's
// endpoint, or AWS. Event source mapping tests create and write streams
// with it.
func KinesisClient(t *testing.T) *kinesis.Client {
	t.Helper()
	if IsAWS() {
		cfg, err := config.LoadDefaultConfig(context.Background())
		if err != nil {
			t.Fatalf("loading AWS configuration: %v", err)
		}
		return kinesis.NewFromConfig(cfg)
	}
	endpoint, err := startEngine()
	if err != nil {
		t.Fatalf("starting the in-process Lambdaform engine: %v", err)
	}
	return kinesis.NewFromConfig(aws.Config{Region: engineRegion, Credentials: staticCredentials()},
		func(o *kinesis.Options) { o.BaseEndpoint = aws.String(endpoint) })
}
