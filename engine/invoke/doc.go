// Package invoke runs Lambda invocations in local execution environments:
// it keeps a warm pool per function configuration, starts environments on
// demand (one invocation at a time each, as on AWS), measures init,
// enforces timeouts and memory, and turns every way a runtime can fail into
// the result AWS returns for it. Function output and the platform's
// START/END/REPORT lines go to a LogSink.
package invoke
