package invoke

import (
	"encoding/json"
	"math"
	"strconv"
	"time"
)

// report is what the platform logs about one invocation.
type report struct {
	requestID, version string
	start, end         time.Time
	duration, init     time.Duration // init > 0 only on a cold start
	memoryMB, maxMemMB int
	status             string // "success", "error" or "timeout"
	errorType          string // with status "error"
	platformFailure    bool   // the platform, not the function, ended it
	timeoutSec         int
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// billedMs rounds up to the millisecond, as Lambda bills since 2020.
func billedMs(d time.Duration) int64 { return int64(math.Ceil(ms(d))) }

func awsTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func (r *report) startText() string {
	return "START RequestId: " + r.requestID + " Version: " + r.version + "\n"
}

func (r *report) endText() string { return "END RequestId: " + r.requestID + "\n" }

// reportText follows AWS's order: Init Duration after Max Memory Used, then
// Status (and Error Type) when the platform ended the invocation.
func (r *report) reportText() string {
	b := make([]byte, 0, 192)
	b = append(b, "REPORT RequestId: "...)
	b = append(b, r.requestID...)
	b = append(b, "\tDuration: "...)
	b = strconv.AppendFloat(b, ms(r.duration), 'f', 2, 64)
	b = append(b, " ms\tBilled Duration: "...)
	b = strconv.AppendInt(b, billedMs(r.duration), 10)
	b = append(b, " ms\tMemory Size: "...)
	b = strconv.AppendInt(b, int64(r.memoryMB), 10)
	b = append(b, " MB\tMax Memory Used: "...)
	b = strconv.AppendInt(b, int64(r.maxMemMB), 10)
	b = append(b, " MB\t"...)
	if r.init > 0 {
		b = append(b, "Init Duration: "...)
		b = strconv.AppendFloat(b, ms(r.init), 'f', 2, 64)
		b = append(b, " ms\t"...)
	}
	// The text REPORT carries a status only when the platform ended the
	// invocation; a function's own error is not marked there.
	switch {
	case r.status == "timeout":
		b = append(b, "Status: timeout"...)
	case r.platformFailure:
		b = append(b, "Status: error\tError Type: "...)
		b = append(b, r.errorType...)
	}
	return string(append(b, '\n'))
}

// timeoutText is the line AWS writes when it stops a function at its timeout.
func (r *report) timeoutText() string {
	return awsTime(r.end) + " " + r.requestID + " " + timeoutMessage(r.timeoutSec) + "\n"
}

type platformRecord struct {
	Time   string `json:"time"`
	Type   string `json:"type"`
	Record any    `json:"record"`
}

type startRecord struct {
	RequestID string `json:"requestId"`
	Version   string `json:"version"`
}

type reportMetrics struct {
	DurationMs       float64  `json:"durationMs"`
	BilledDurationMs int64    `json:"billedDurationMs"`
	MemorySizeMB     int      `json:"memorySizeMB"`
	MaxMemoryUsedMB  int      `json:"maxMemoryUsedMB"`
	InitDurationMs   *float64 `json:"initDurationMs,omitempty"`
}

type reportRecord struct {
	RequestID string        `json:"requestId"`
	Metrics   reportMetrics `json:"metrics"`
	Status    string        `json:"status"`
	ErrorType string        `json:"errorType,omitempty"`
}

// startJSON and reportJSON are the platform.start and platform.report
// records AWS writes when the function's log format is JSON.
func (r *report) startJSON() string {
	return marshalLine(platformRecord{Time: awsTime(r.start), Type: "platform.start",
		Record: startRecord{RequestID: r.requestID, Version: r.version}})
}

func (r *report) reportJSON() string {
	m := reportMetrics{DurationMs: round2(ms(r.duration)), BilledDurationMs: billedMs(r.duration),
		MemorySizeMB: r.memoryMB, MaxMemoryUsedMB: r.maxMemMB}
	if r.init > 0 {
		v := round2(ms(r.init))
		m.InitDurationMs = &v
	}
	rec := reportRecord{RequestID: r.requestID, Metrics: m, Status: r.status}
	if r.status != "success" {
		rec.ErrorType = r.errorType
	}
	return marshalLine(platformRecord{Time: awsTime(r.end), Type: "platform.report", Record: rec})
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func marshalLine(v any) string {
	b, _ := json.Marshal(v)
	return string(b) + "\n"
}

func formatMs(d time.Duration) string { return strconv.FormatFloat(ms(d), 'f', 2, 64) }
