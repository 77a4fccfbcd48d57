package kinesis

import "github.com/lambdaform/terraform-provider-lambda/engine/internal/boltbatch"

// Writes are group-committed (see boltbatch): callers submit their changes
// under Store.mu, so the file sees them in the order they were made in
// memory, and concurrent callers share each fsync. When a call that changes
// state returns without error, its change is committed and fsynced.

// op is one change to the file. Ops find their buckets without creating
// them, so a change to a stream deleted in the meantime is a no-op.
type op = boltbatch.Op

type change = boltbatch.Change
