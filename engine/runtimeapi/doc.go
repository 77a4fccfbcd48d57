// Package runtimeapi serves the Lambda Runtime API (2018-06-01) for one
// execution environment, as AWS and its Runtime Interface Emulator do: the
// runtime long-polls GET /runtime/invocation/next for an event and posts the
// result to /runtime/invocation/{id}/response or /error; during init it may
// post /runtime/init/error.
//
// One Server belongs to one environment, which runs one invocation at a
// time. The engine hands an event over with Dispatch and receives the
// runtime's answer on Outcomes. Both directions are buffered channels of
// capacity one, so the hot path is two channel operations per invocation
// and no goroutine is started per invocation.
package runtimeapi
