package acctest

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

// The in-process engine verifies SigV4 signatures with this pair, so the
// tests also prove the provider signs requests with its configured keys.
const (
	engineRegion    = "us-east-1"
	engineAccountID = "123456789012"
	engineAccessKey = "AKIALAMBDAFORMACCTEST"
	engineSecretKey = "lambdaform-acceptance-test-secret"
)

// EngineAsyncRetryBase is the local engine's delay before the first retry
// of a failed Event invocation (AWS waits a minute), so tests of retries,
// destinations and dead-letter queues finish in moments.
const EngineAsyncRetryBase = 100 * time.Millisecond

var engineState struct {
	once     sync.Once
	endpoint string
	err      error
	stop     func()
}

func staticCredentials() aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(engineAccessKey, engineSecretKey, "")
}

// startEngine starts the shared engine on first use and returns its URL.
func startEngine() (string, error) {
	s := &engineState
	s.once.Do(func() { s.endpoint, s.stop, s.err = runEngine() })
	return s.endpoint, s.err
}

func runEngine() (string, func(), error) {
	dir, err := os.MkdirTemp("", "lambdaform-acc-")
	if err != nil {
		return "", nil, err
	}
	e, err := engine.New(engine.Config{
		DataDir: dir, Region: engineRegion, AccountID: engineAccountID,
		AccessKey: engineAccessKey, SecretKey: engineSecretKey,
		AsyncRetryBase: EngineAsyncRetryBase,
		Logger:         slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	ln, err := e.Listen("127.0.0.1:0")
	if err != nil {
		e.Close()
		os.RemoveAll(dir)
		return "", nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.Serve(ctx, ln) }()
	stop := func() {
		cancel()
		if err := <-done; err != nil {
			fmt.Fprintln(os.Stderr, "acctest: engine:", err)
		}
		e.Close()
		os.RemoveAll(dir)
	}
	return "http://" + ln.Addr().String(), stop, nil
}

// stopEngine stops the engine if one was started.
func stopEngine() {
	if engineState.stop != nil {
		engineState.stop()
	}
}
