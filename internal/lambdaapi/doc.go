// Package lambdaapi holds the Lambda API helpers shared by the resource, the
// data sources and the acceptance tests: error classification, finders,
// state waiters, ARN/hash derivations that match what AWS computes, and
// InvokeOnce, the one way the provider invokes a function.
package lambdaapi
