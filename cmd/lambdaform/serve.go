package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

type serveOptions struct {
	addr, dataDir, region, accountID string
	accessKey, secretKey             string
	logLevel, logFormat              string
	python, node                     string
	runtimeOverrides                 map[string]string
	keepAlive                        time.Duration
	asyncRetryBase                   time.Duration
}

// envPrefix names the environment variables that supply flag defaults,
// e.g. LAMBDAFORM_DATA_DIR for --data-dir.
const envPrefix = "LAMBDAFORM_"

func newServeCmd() *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the AWS Lambda API from a local data directory",
		Long: "Serve the AWS Lambda REST API on --addr, keeping all state in --data-dir.\n" +
			"Every flag can also be set with an environment variable, e.g. LAMBDAFORM_DATA_DIR.",
		Args: cobra.NoArgs,
		PreRunE: func(cmd *cobra.Command, _ []string) error {
			return applyEnv(cmd.Flags(), os.LookupEnv)
		},
		RunE: func(cmd *cobra.Command, _ []string) error { return runServe(cmd, o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:9001", "address to listen on")
	f.StringVar(&o.dataDir, "data-dir", ".lambdaform", "directory holding the engine's state")
	f.StringVar(&o.region, "region", "us-east-1", "AWS region the engine answers for")
	f.StringVar(&o.accountID, "account-id", "000000000000", "AWS account ID used in ARNs")
	f.StringVar(&o.accessKey, "access-key", "", "access key ID accepted (with --secret-key, enables SigV4 verification)")
	f.StringVar(&o.secretKey, "secret-key", "", "secret access key accepted")
	f.StringVar(&o.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	f.StringVar(&o.logFormat, "log-format", "text", "log format: text or json")
	f.StringVar(&o.python, "python", "python3", "interpreter for the python3.x runtimes")
	f.StringVar(&o.node, "node", "node", "interpreter for the nodejsNN.x runtimes")
	f.StringToStringVar(&o.runtimeOverrides, "runtime-interpreter", nil,
		"pin a runtime to an interpreter, e.g. python3.12=/usr/bin/python3.12 (repeatable)")
	f.DurationVar(&o.keepAlive, "keep-alive", 5*time.Minute, "how long an idle execution environment stays warm")
	f.DurationVar(&o.asyncRetryBase, "async-retry-base", time.Minute,
		"delay before the first retry of a failed Event invocation; the second waits twice as long")
	return cmd
}

// applyEnv sets every flag not given on the command line from its
// LAMBDAFORM_* environment variable.
func applyEnv(flags *pflag.FlagSet, lookup func(string) (string, bool)) error {
	var err error
	flags.VisitAll(func(f *pflag.Flag) {
		if err != nil || f.Changed {
			return
		}
		name := envPrefix + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := lookup(name); ok {
			if setErr := flags.Set(f.Name, v); setErr != nil {
				err = fmt.Errorf("%s: %w", name, setErr)
			}
		}
	})
	return err
}

func newLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("invalid --log-level %q: %w", level, err)
	}
	opts := &slog.HandlerOptions{Level: lvl}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("invalid --log-format %q: want text or json", format)
}

func runServe(cmd *cobra.Command, o serveOptions) error {
	log, err := newLogger(cmd.ErrOrStderr(), o.logLevel, o.logFormat)
	if err != nil {
		return err
	}
	e, err := engine.New(engine.Config{
		DataDir: o.dataDir, Region: o.region, AccountID: o.accountID,
		AccessKey: o.accessKey, SecretKey: o.secretKey, Logger: log,
		Python: o.python, Node: o.node, RuntimeOverrides: o.runtimeOverrides, KeepAlive: o.keepAlive,
		AsyncRetryBase: o.asyncRetryBase,
	})
	if err != nil {
		return err
	}
	ln, err := e.Listen(o.addr)
	if err != nil {
		return errorsJoinClose(err, e)
	}
	if err := e.Serve(cmd.Context(), ln); err != nil {
		return errorsJoinClose(err, e)
	}
	return e.Close()
}

func errorsJoinClose(err error, e *engine.Engine) error {
	if cerr := e.Close(); cerr != nil {
		return fmt.Errorf("%w (and closing the engine: %v)", err, cerr)
	}
	return err
}
