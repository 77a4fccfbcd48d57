package enginectl

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/lambdaform/terraform-provider-lambda/engine"
)

// Main runs `<exe> engine serve|stop …` with args = os.Args[2:] and returns
// the exit status. Executables that bundle the engine (the provider, and
// test binaries that Start re-executes) call it when IsCommand(os.Args[1:]).
func Main(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := &cobra.Command{Use: filepath.Base(os.Args[0]), SilenceUsage: true, SilenceErrors: true}
	root.CompletionOptions.DisableDefaultCmd = true
	root.AddCommand(NewCommand())
	root.SetArgs(append([]string{CommandName}, args...))
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "lambdaform engine:", err)
		return 1
	}
	return 0
}

// NewCommand is the `engine` command with its serve and stop subcommands.
func NewCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   CommandName,
		Short: "Run or stop the Lambdaform engine bundled in this executable",
		Args:  cobra.ArbitraryArgs,
		RunE: func(_ *cobra.Command, args []string) error {
			return fmt.Errorf("want `%s serve` or `%s stop`, got %q", CommandName, CommandName, args)
		},
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(NewServeCommand(), newStopCommand())
	return root
}

// serveFlags are the flags of `lambdaform serve`, which the bundled engine
// accepts as well (cmd/lambdaform tests that the two lists agree).
type serveFlags struct {
	addr, dataDir, region, accountID string
	accessKey, secretKey             string
	logLevel, logFormat              string
	python, node                     string
	runtimeOverrides                 map[string]string
	keepAlive                        time.Duration
	asyncRetryBase                   time.Duration
	concurrencyLimit                 int
	anyCPU                           bool
}

// NewServeCommand is `serve`: it runs the engine in the foreground until
// SIGINT or SIGTERM, holding the data directory's lock (see Serve).
func NewServeCommand() *cobra.Command {
	var o serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the AWS Lambda API from a local data directory",
		Long: "Serve the AWS Lambda REST API on --addr, keeping all state in --data-dir.\n" +
			"Every flag can also be set with an environment variable, e.g. LAMBDAFORM_DATA_DIR.",
		Args: cobra.NoArgs,
		PreRunE: func(cmd *cobra.Command, _ []string) error {
			return ApplyEnv(cmd.Flags(), os.LookupEnv)
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			log, err := NewLogger(cmd.ErrOrStderr(), o.logLevel, o.logFormat)
			if err != nil {
				return err
			}
			return Serve(cmd.Context(), o.addr, engine.Config{
				DataDir: o.dataDir, Region: o.region, AccountID: o.accountID,
				AccessKey: o.accessKey, SecretKey: o.secretKey, Logger: log,
				Python: o.python, Node: o.node, RuntimeOverrides: o.runtimeOverrides, KeepAlive: o.keepAlive,
				AsyncRetryBase: o.asyncRetryBase, ConcurrencyLimit: o.concurrencyLimit, AnyCPU: o.anyCPU,
			})
		},
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
	f.BoolVar(&o.anyCPU, "any-cpu", false,
		"let every execution environment run on any CPU, instead of one CPU per 1,769 MB of memory (the least used)")
	f.DurationVar(&o.asyncRetryBase, "async-retry-base", time.Minute,
		"delay before the first retry of a failed Event invocation; the second waits twice as long")
	f.IntVar(&o.concurrencyLimit, "concurrency-limit", 1000,
		"account concurrent-execution quota; invocations beyond it are throttled (429), "+
			"and reserved concurrency must leave min(100, limit/10 rounded up) unreserved")
	return cmd
}

// NewStopCommand is `stop`: it ends the engine serving --data-dir (see Stop)
// and prints what it did. use is the command's name, e.g. "stop".
func NewStopCommand(use string) *cobra.Command {
	var dataDir string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   use,
		Short: "Stop the engine serving a data directory",
		Long: "Stop the engine serving --data-dir: send it SIGTERM and wait until it has exited.\n" +
			"A pid file left by an engine that is no longer running is removed; nothing else is signalled.",
		Args: cobra.NoArgs,
		PreRunE: func(cmd *cobra.Command, _ []string) error {
			if v, ok := os.LookupEnv(envPrefix + "DATA_DIR"); ok && !cmd.Flags().Changed("data-dir") {
				dataDir = v
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
			defer cancel()
			res, err := Stop(ctx, dataDir)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), res)
			return err
		},
	}
	cmd.Flags().StringVar(&dataDir, "data-dir", ".lambdaform", "data directory of the engine to stop (or LAMBDAFORM_DATA_DIR)")
	cmd.Flags().DurationVar(&timeout, "timeout", 30*time.Second, "how long to wait for the engine to exit")
	return cmd
}

func newStopCommand() *cobra.Command { return NewStopCommand("stop") }
