package engine

import (
	"fmt"
	"path/filepath"

	"github.com/lambdaform/terraform-provider-lambda/engine/cwlogs"
	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
	"github.com/lambdaform/terraform-provider-lambda/engine/runtimes"
)

// openInvoker sets up what runs function code: the runtime bootstraps
// (written under <data-dir>/runtime) and the invocation manager, whose
// working files (unpacked code, environments' temporary directories) live
// under <data-dir>/run and are disposable.
func (e *Engine) openInvoker() error {
	reg, err := runtimes.New(runtimes.Config{
		Python: e.cfg.Python, Node: e.cfg.Node, Overrides: e.cfg.RuntimeOverrides,
		RuntimeDir: filepath.Join(e.cfg.DataDir, "runtime"),
	})
	if err != nil {
		return fmt.Errorf("engine: runtimes: %w", err)
	}
	e.invoker, err = invoke.NewManager(invoke.Config{
		Runtimes: reg, WorkDir: filepath.Join(e.cfg.DataDir, "run"),
		Logs: logSink{e.logs}, KeepAlive: e.cfg.KeepAlive, Logger: e.log,
	})
	if err != nil {
		return fmt.Errorf("engine: invocation manager: %w", err)
	}
	return nil
}

// logSink writes function logs into the CloudWatch Logs store.
type logSink struct{ s *cwlogs.Store }

func (l logSink) Append(group, stream string, evs []invoke.LogEvent) error {
	out := make([]cwlogs.Event, len(evs))
	for i, ev := range evs {
		out[i] = cwlogs.Event(ev)
	}
	return l.s.Append(group, stream, out)
}
