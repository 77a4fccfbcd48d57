// Package lambdatest starts an in-process Lambdaform engine for Go tests, so
// provider and module authors can run Lambda functions in their own
// `go test` suites without Docker, AWS credentials or a network.
//
// Start runs an engine on a free loopback port with its data in t.TempDir()
// and stops it when the test ends:
//
//	e := lambdatest.Start(t)
//	client := e.LambdaClient()             // aws-sdk-go-v2, pointed at the engine
//	// ... create a function with client.CreateFunction ...
//	if err := e.WaitActive(ctx, "hello"); err != nil { t.Fatal(err) }
//	res, err := e.Invoke(ctx, "hello", map[string]string{"name": "test"})
//	lines, err := e.WaitForLog(ctx, "hello", "REPORT RequestId")
//
// The engine serves AWS Lambda's REST API and the CloudWatch Logs API on one
// endpoint, so LambdaClient and LogsClient are the stock SDK clients and
// anything written against them works on AWS too. For Terraform acceptance
// tests, ProviderConfig returns a provider "lambda" block pointing at the
// engine; for OpenTofu or the AWS CLI run as subprocesses, Env returns the
// environment that points them at it.
//
// Function logs are delivered asynchronously, as CloudWatch Logs delivers
// them on AWS: Logs reads what has arrived, WaitForLog waits for a line.
//
// Metrics: helpers that read a function's invocation, error and duration
// metrics arrive together with the engine's CloudWatch metrics API, and will
// read them through that API the way Logs reads logs.
//
// New and Close do the same as Start outside a test, for a TestMain that
// shares one engine across a package, or for an example.
package lambdatest
