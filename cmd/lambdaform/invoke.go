package main

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/spf13/cobra"

	"github.com/lambdaform/terraform-provider-lambda/internal/enginectl"
)

type invokeOptions struct {
	engineClient
	payload, payloadFile, qualifier string
	async, log                      bool
}

// newInvokeCmd returns `lambdaform invoke NAME`, which invokes a function
// through the engine's Lambda API and prints its result.
func newInvokeCmd() *cobra.Command {
	o := invokeOptions{}
	cmd := &cobra.Command{
		Use:   "invoke FUNCTION_NAME",
		Short: "Invoke a function and print its result",
		Long: "Invokes FUNCTION_NAME on a running engine (RequestResponse, or Event with --async) and prints the " +
			"response payload. With --log the tail of the invocation's log follows on stderr. A function error " +
			"prints its error payload and exits with status 1.\n" +
			"Flags can also be set with LAMBDAFORM_* environment variables, e.g. LAMBDAFORM_ENDPOINT.",
		Args: cobra.ExactArgs(1),
		PreRunE: func(cmd *cobra.Command, _ []string) error {
			return enginectl.ApplyEnv(cmd.Flags(), os.LookupEnv)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInvoke(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), args[0], o)
		},
	}
	f := cmd.Flags()
	o.addFlags(f)
	f.StringVar(&o.payload, "payload", "", "event as JSON (default {})")
	f.StringVar(&o.payloadFile, "payload-file", "", "read the event from this file (- for stdin)")
	f.StringVar(&o.qualifier, "qualifier", "", "version or alias to invoke")
	f.BoolVar(&o.async, "async", false, "invoke asynchronously (InvocationType Event): prints nothing, the event is queued")
	f.BoolVar(&o.log, "log", false, "print the last 4 KB of the invocation's log (synchronous invocations)")
	cmd.MarkFlagsMutuallyExclusive("payload", "payload-file")
	cmd.MarkFlagsMutuallyExclusive("async", "log")
	return cmd
}

func runInvoke(ctx context.Context, stdout, stderr io.Writer, function string, o invokeOptions) error {
	payload, err := readInvokePayload(o)
	if err != nil {
		return err
	}
	in := &lambda.InvokeInput{FunctionName: aws.String(function), Payload: payload}
	if o.qualifier != "" {
		in.Qualifier = aws.String(o.qualifier)
	}
	if o.async {
		in.InvocationType = types.InvocationTypeEvent
	}
	if o.log {
		in.LogType = types.LogTypeTail
	}
	client := lambda.New(lambda.Options{Region: o.region, BaseEndpoint: aws.String(o.endpoint), Credentials: o.credentials()})
	// An invocation may have side effects: never let the SDK repeat it.
	out, err := client.Invoke(ctx, in, func(opts *lambda.Options) { opts.Retryer = aws.NopRetryer{} })
	if err != nil {
		return err
	}
	if o.async {
		_, err = fmt.Fprintf(stderr, "queued (status %d)\n", out.StatusCode)
		return err
	}
	return printInvokeResult(stdout, stderr, out)
}

func printInvokeResult(stdout, stderr io.Writer, out *lambda.InvokeOutput) error {
	if _, err := fmt.Fprintf(stdout, "%s\n", out.Payload); err != nil {
		return err
	}
	if out.LogResult != nil {
		tail, err := base64.StdEncoding.DecodeString(*out.LogResult)
		if err != nil {
			return fmt.Errorf("decode log tail: %w", err)
		}
		if _, err := stderr.Write(tail); err != nil {
			return err
		}
	}
	if out.FunctionError != nil {
		return fmt.Errorf("function error (%s) in version %s", *out.FunctionError, aws.ToString(out.ExecutedVersion))
	}
	return nil
}

func readInvokePayload(o invokeOptions) ([]byte, error) {
	switch o.payloadFile {
	case "":
		if o.payload == "" {
			return []byte("{}"), nil
		}
		return []byte(o.payload), nil
	case "-":
		return io.ReadAll(os.Stdin)
	}
	b, err := os.ReadFile(o.payloadFile)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("payload file %s does not exist", o.payloadFile)
	}
	return b, err
}
