package main

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/spf13/pflag"
)

// engineClient holds the flags of the commands that talk to a running
// engine through its AWS APIs.
type engineClient struct {
	endpoint, region, accessKey, secretKey string
}

func (c *engineClient) addFlags(f *pflag.FlagSet) {
	f.StringVar(&c.endpoint, "endpoint", "http://127.0.0.1:9001", "engine URL")
	f.StringVar(&c.region, "region", "us-east-1", "region the engine answers for")
	f.StringVar(&c.accessKey, "access-key", "", "access key ID to sign requests with (when the engine verifies SigV4)")
	f.StringVar(&c.secretKey, "secret-key", "", "secret access key to sign requests with")
}

// credentials signs with the given key pair, or not at all: an engine that
// does not verify signatures accepts unsigned requests.
func (c *engineClient) credentials() aws.CredentialsProvider {
	if c.accessKey != "" || c.secretKey != "" {
		return credentials.NewStaticCredentialsProvider(c.accessKey, c.secretKey, "")
	}
	return aws.AnonymousCredentials{}
}
