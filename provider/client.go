package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/lambdaform/terraform-provider-lambda/internal/conn"
)

// Dummy credentials for an engine that does not verify signatures: the SDK
// refuses to sign without some.
const (
	dummyAccessKey = "LAMBDAFORMLOCALKEY00"
	dummySecretKey = "lambdaform-local-secret-key-not-verified"
)

// healthTimeout bounds the engine probe in Configure: the engine answers in
// microseconds, so a slow answer means nothing useful is listening.
const healthTimeout = 3 * time.Second

func newClient(ctx context.Context, s settings) (*conn.Client, error) {
	var cfg aws.Config
	var err error
	if s.Backend == conn.BackendLocal {
		cfg = localConfig(s)
		if err := ensureEngine(ctx, s); err != nil {
			return nil, err
		}
	} else if cfg, err = awsConfig(ctx, s); err != nil {
		return nil, err
	}
	client := lambda.NewFromConfig(cfg, func(o *lambda.Options) {
		if s.Endpoint != "" {
			o.BaseEndpoint = aws.String(s.Endpoint)
		}
	})
	// The engine serves CloudWatch on its own endpoint; on AWS, endpoint
	// overrides a Lambda endpoint only, so CloudWatch stays regional.
	metricsClient := cloudwatch.NewFromConfig(cfg, func(o *cloudwatch.Options) {
		if s.Backend == conn.BackendLocal && s.Endpoint != "" {
			o.BaseEndpoint = aws.String(s.Endpoint)
		}
	})
	return &conn.Client{Lambda: client, CloudWatch: metricsClient, Backend: s.Backend, Region: cfg.Region, DefaultTags: s.DefaultTags}, nil
}

func clientErrorSummary(s settings) string {
	if s.Backend == conn.BackendLocal {
		return "Lambdaform engine unreachable"
	}
	return "Cannot configure the AWS Lambda client"
}

// localConfig builds an SDK configuration from the provider block alone: the
// local backend must not pick up shared-config profiles, SSO or endpoint
// overrides meant for AWS.
func localConfig(s settings) aws.Config {
	key, secret, token := s.AccessKey, s.SecretKey, s.Token
	if key == "" {
		key, secret, token = envCredentials()
	}
	if key == "" {
		key, secret, token = dummyAccessKey, dummySecretKey, ""
	}
	cfg := aws.Config{
		Region:      s.Region,
		Credentials: aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(key, secret, token)),
	}
	if s.MaxRetries >= 0 {
		cfg.RetryMaxAttempts = s.MaxRetries + 1
	}
	return cfg
}

func envCredentials() (key, secret, token string) {
	key, _ = lookupEnv("AWS_ACCESS_KEY_ID")
	secret, _ = lookupEnv("AWS_SECRET_ACCESS_KEY")
	token, _ = lookupEnv("AWS_SESSION_TOKEN")
	if key == "" || secret == "" {
		return "", "", ""
	}
	return key, secret, token
}

// awsConfig follows the AWS SDK's default chain (environment, shared files,
// profile, SSO, web identity, container and instance roles), with the
// provider's static keys and assume_role layered on top.
func awsConfig(ctx context.Context, s settings) (aws.Config, error) {
	var opts []func(*config.LoadOptions) error
	if s.Region != "" {
		opts = append(opts, config.WithRegion(s.Region))
	}
	if s.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(s.Profile))
	}
	if len(s.SharedConfigFiles) > 0 {
		opts = append(opts, config.WithSharedConfigFiles(s.SharedConfigFiles))
	}
	if len(s.SharedCredentialsFiles) > 0 {
		opts = append(opts, config.WithSharedCredentialsFiles(s.SharedCredentialsFiles))
	}
	if s.AccessKey != "" {
		opts = append(opts, config.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(s.AccessKey, s.SecretKey, s.Token)))
	}
	if s.MaxRetries >= 0 {
		opts = append(opts, config.WithRetryer(func() aws.Retryer {
			return retry.AddWithMaxAttempts(retry.NewStandard(), s.MaxRetries+1)
		}))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return aws.Config{}, errors.New("no region: set region in the provider block, AWS_REGION, or a region in the shared config profile")
	}
	if s.AssumeRole != nil {
		cfg.Credentials = assumeRoleCredentials(cfg, *s.AssumeRole)
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return aws.Config{}, fmt.Errorf("no usable AWS credentials (set access_key/secret_key, a profile, "+
			"or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY): %w", err)
	}
	return cfg, nil
}

func assumeRoleCredentials(cfg aws.Config, ar assumeRole) aws.CredentialsProvider {
	p := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), ar.RoleARN, func(o *stscreds.AssumeRoleOptions) {
		if ar.SessionName != "" {
			o.RoleSessionName = ar.SessionName
		}
		if ar.ExternalID != "" {
			o.ExternalID = aws.String(ar.ExternalID)
		}
		if ar.Duration > 0 {
			o.Duration = ar.Duration
		}
	})
	return aws.NewCredentialsCache(p)
}

// checkEngine probes GET {endpoint}/healthz so that a missing engine fails
// Configure with instructions instead of a connection error on every resource.
func checkEngine(ctx context.Context, hc *http.Client, endpoint string) error {
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	url := strings.TrimSuffix(endpoint, "/") + "/healthz"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("building health check request for %s: %w", url, err)
	}
	resp, err := hc.Do(req)
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			return nil
		}
		err = fmt.Errorf("GET %s answered %s", url, resp.Status)
	}
	return &engineUnreachableError{endpoint: endpoint, err: err}
}

// engineUnreachableError explains how to get an engine running; its text
// becomes the provider's configuration diagnostic.
type engineUnreachableError struct {
	endpoint string
	err      error
}

func (e *engineUnreachableError) Error() string {
	return fmt.Sprintf("No Lambdaform engine is answering at %s (%v).\n\n"+
		"Start one with: lambdaform serve --addr %s\n"+
		"or point the provider at a running engine with the endpoint argument (or LAMBDAFORM_ENDPOINT), "+
		"or set backend = \"aws\" to deploy to AWS Lambda.", e.endpoint, e.err, hostOf(e.endpoint))
}

func (e *engineUnreachableError) Unwrap() error { return e.err }

func hostOf(endpoint string) string {
	s := strings.TrimPrefix(strings.TrimPrefix(endpoint, "http://"), "https://")
	if i := strings.IndexByte(s, '/'); i >= 0 {
		s = s[:i]
	}
	return s
}
