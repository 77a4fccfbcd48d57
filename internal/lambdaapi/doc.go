// Package lambdaapi holds the Lambda API helpers shared by the resource, the
// data source and the acceptance tests: error classification, finders,
// state waiters and ARN/hash derivations that match what AWS computes.
package lambdaapi
