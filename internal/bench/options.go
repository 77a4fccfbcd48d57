package bench

import (
	"io"
	"time"
)

// Options sizes a run and says where its inputs are.
type Options struct {
	Quick bool

	BinDir string // lambdaform, terraform-provider-lambda, tofu, aws-lambda-rie
	Goecho string // the goecho bootstrap built for linux
	// FloorCommand runs ServeRuntimeFloor in a process of its own (the
	// bootstrap's path is appended); empty runs the floor in this process.
	FloorCommand    []string
	NoopProviderDir string // holds terraform-provider-noop, the apply floor
	WorkDir         string // scratch space: data dirs, tofu working dirs

	Repeats          int           // each measurement is taken this many times; figures are medians
	Warmup           int           // untimed invocations before a latency run
	Invocations      int           // timed invocations per latency run
	LoadDuration     time.Duration // length of one throughput run
	Callers          []int         // concurrent callers for throughput
	ColdFunctions    int           // functions created per runtime for cold starts
	Creates          int           // CreateFunction calls with a 1 MB zip
	StartupFunctions int           // functions in the "full" data dir for start-up
	WarmEnvs         int           // environments warmed for memory per environment
	TofuResources    int           // resources per tofu apply

	AsyncCallers    int           // concurrent callers sending Event invocations
	AsyncDuration   time.Duration // how long they send
	SQSMessages     int           // messages an SQS mapping drains
	KinesisRate     int           // records per second the Kinesis producer puts
	KinesisDuration time.Duration // how long it puts them
	KinesisShards   []int         // shard counts, one stream and mapping each

	Progress io.Writer // progress lines (stderr); never the table
}

// DefaultOptions returns the full run's sizes, or BENCH_QUICK's small ones
// that finish in well under a minute and only prove the program works.
func DefaultOptions(quick bool) Options {
	if quick {
		return Options{
			Quick: true, Repeats: 1, Warmup: 10, Invocations: 50, LoadDuration: 200 * time.Millisecond,
			Callers: []int{1, 16, 64}, ColdFunctions: 2, Creates: 5, StartupFunctions: 10,
			WarmEnvs: 3, TofuResources: 5,
			AsyncCallers: 16, AsyncDuration: 500 * time.Millisecond, SQSMessages: 500,
			KinesisRate: 1000, KinesisDuration: 2 * time.Second, KinesisShards: []int{1},
		}
	}
	return Options{
		Repeats: 3, Warmup: 200, Invocations: 2000, LoadDuration: 3 * time.Second,
		Callers: []int{1, 16, 64}, ColdFunctions: 10, Creates: 50, StartupFunctions: 100,
		WarmEnvs: 20, TofuResources: 50,
		AsyncCallers: 16, AsyncDuration: 3 * time.Second, SQSMessages: 20000,
		KinesisRate: 1000, KinesisDuration: 10 * time.Second, KinesisShards: []int{1, 2},
	}
}
