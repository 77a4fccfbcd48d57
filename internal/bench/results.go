package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Figure is one measured value. Key identifies it for targets and for
// readers of results.json; Name is the table's label.
type Figure struct {
	Key     string  `json:"key"`
	Section string  `json:"section"`
	Name    string  `json:"name"`
	Value   float64 `json:"value"`
	Unit    string  `json:"unit"`
	Runs    int     `json:"runs"` // measurements the median was taken over
	Target  string  `json:"target,omitempty"`
	Verdict string  `json:"verdict,omitempty"` // PASS or MISS
	Note    string  `json:"note,omitempty"`
}

// Results collects figures from every section of a run. It is safe for
// concurrent use so sections may record from helper goroutines.
type Results struct {
	mu        sync.Mutex
	Started   time.Time `json:"started"`
	Quick     bool      `json:"quick"`
	LoadStart string    `json:"loadavg_start"`
	LoadEnd   string    `json:"loadavg_end"`
	CPUs      int       `json:"cpus"`
	Figures   []Figure  `json:"figures"`
	Skipped   []string  `json:"skipped,omitempty"` // sections not run, with why
}

// Add records a figure.
func (r *Results) Add(f Figure) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Figures = append(r.Figures, f)
}

// Skip records a section that could not run and why, so the report says so
// instead of silently omitting figures.
func (r *Results) Skip(section string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Skipped = append(r.Skipped, fmt.Sprintf("%s: %v", section, err))
}

// Get returns the figure with key, if recorded.
func (r *Results) Get(key string) (Figure, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, f := range r.Figures {
		if f.Key == key {
			return f, true
		}
	}
	return Figure{}, false
}

func (r *Results) setVerdict(key, target string, pass bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range r.Figures {
		if r.Figures[i].Key == key {
			r.Figures[i].Target = target
			r.Figures[i].Verdict = map[bool]string{true: "PASS", false: "MISS"}[pass]
		}
	}
}

// WriteJSON writes the results to path, creating its directory.
func (r *Results) WriteJSON(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	r.mu.Lock()
	data, err := json.MarshalIndent(r, "", "  ")
	r.mu.Unlock()
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// loadAvg returns the first three fields of /proc/loadavg: the reader
// needs them to judge how noisy the figures are on shared cores.
func loadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
