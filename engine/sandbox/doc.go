// Package sandbox runs an execution environment's processes on the host:
// a process group (Setpgid, Pdeathsig) with its own environment, working
// directory and private temporary directory, a memory limit enforced by the
// best mechanism the machine offers (cgroup v2, cgroup v1, or an RSS
// watchdog), and its stdout/stderr captured line by line. It knows nothing
// about Lambda; package invoke gives these pieces Lambda's meaning.
package sandbox
