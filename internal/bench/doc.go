// Package bench measures Lambdaform's local engine against reference points
// (the AWS Runtime Interface Emulator, a plain Go HTTP echo server, bare
// interpreter start-up, a no-op Terraform provider) and reports figures next
// to the speed targets, and the event paths: Event invocations through the
// durable async queue, and SQS and Kinesis event source mappings. It
// prints and records figures; it never asserts on time. All traffic goes
// to loopback addresses.
package bench
