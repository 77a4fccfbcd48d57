package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/lambdaform/terraform-provider-lambda/engine/audit"
)

// auditLogName is the audit log's file name inside the engine's data dir.
const auditLogName = "audit.log"

type auditOptions struct {
	dataDir, function, operation string
	asJSON                       bool
}

// newAuditCmd returns `lambdaform audit`, which prints the engine's
// control-plane audit log (<data-dir>/audit.log), oldest first.
func newAuditCmd() *cobra.Command {
	opts := auditOptions{}
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Show the engine's audit log of control-plane calls",
		Long: "Prints every control-plane call the engine recorded in <data-dir>/" + auditLogName +
			" (time, operation, function, caller access key, source IP, status or error), oldest first.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runAudit(cmd.OutOrStdout(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.dataDir, "data-dir", auditDefaultDataDir(), "engine data directory (env LAMBDAFORM_DATA_DIR)")
	f.StringVar(&opts.function, "function", "", "only calls on this function name")
	f.StringVar(&opts.operation, "operation", "", "only this API operation, e.g. CreateFunction")
	f.BoolVar(&opts.asJSON, "json", false, "print entries as JSON lines instead of a table")
	return cmd
}

func auditDefaultDataDir() string {
	if d := os.Getenv("LAMBDAFORM_DATA_DIR"); d != "" {
		return d
	}
	return ".lambdaform"
}

func runAudit(out io.Writer, opts auditOptions) error {
	path := filepath.Join(opts.dataDir, auditLogName)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no audit log at %s (has the engine run with this data dir?): %w", path, err)
	}
	if err != nil {
		return fmt.Errorf("open audit log: %w", err)
	}
	defer f.Close()
	printer := newAuditPrinter(out, opts.asJSON)
	err = audit.ReadAll(f, func(e audit.Entry) error {
		if !opts.matches(e) {
			return nil
		}
		return printer.print(e)
	})
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return printer.flush()
}

func (o auditOptions) matches(e audit.Entry) bool {
	return (o.function == "" || e.FunctionName == o.function) &&
		(o.operation == "" || e.Operation == o.operation)
}

// auditPrinter writes entries either as aligned columns or as JSON lines.
type auditPrinter struct {
	asJSON bool
	enc    *json.Encoder
	tw     *tabwriter.Writer
	header bool
}

func newAuditPrinter(out io.Writer, asJSON bool) *auditPrinter {
	if asJSON {
		return &auditPrinter{asJSON: true, enc: json.NewEncoder(out)}
	}
	return &auditPrinter{tw: tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)}
}

func (p *auditPrinter) print(e audit.Entry) error {
	if p.asJSON {
		return p.enc.Encode(e)
	}
	if !p.header {
		p.header = true
		if _, err := fmt.Fprintln(p.tw, "TIME\tOPERATION\tFUNCTION\tCALLER\tSOURCE\tRESULT"); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(p.tw, "%s\t%s\t%s\t%s\t%s\t%s\n", e.Time.UTC().Format(time.RFC3339),
		auditDash(e.Operation), auditDash(e.FunctionName), auditDash(e.AccessKeyID), auditDash(e.SourceIP), auditResult(e))
	return err
}

func (p *auditPrinter) flush() error {
	if p.asJSON {
		return nil
	}
	return p.tw.Flush()
}

// auditResult is the status, plus the AWS error for failed calls.
func auditResult(e audit.Entry) string {
	if e.ErrorCode == "" {
		return fmt.Sprint(e.Status)
	}
	s := fmt.Sprintf("%d %s", e.Status, e.ErrorCode)
	if e.ErrorMessage != "" {
		s += ": " + e.ErrorMessage
	}
	return s
}

func auditDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
