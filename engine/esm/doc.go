// Package esm runs Lambda's poll-based event sources for the local engine:
// one poller per enabled event source mapping reads an SQS queue (or a
// Kinesis stream), batches records as AWS does, invokes the function
// synchronously and deletes (or checkpoints) only what the function
// finished.
//
// The mappings themselves are kept by engine/store and edited through
// engine/lambdaapi, which calls Manager.Changed after every write. The
// Manager moves a mapping out of its transitional state (Creating,
// Enabling, Disabling, Updating, Deleting) once its pollers reflect it, and
// resumes every mapping when the engine starts again.
//
// As on AWS, a poll-based source needs no statement in the function's
// resource-based policy: Lambda reads the source with the function's
// execution role. The engine has no IAM, so the role is only recorded (it is
// the invokeIdentityArn of Kinesis records).
package esm
