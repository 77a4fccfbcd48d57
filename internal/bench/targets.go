package bench

import "fmt"

// check is one target from the issue: the figure at key against a bound,
// either absolute or a multiple of another figure (ref).
type check struct {
	key, ref string
	factor   float64 // figure ≤ factor × ref (or ≤ factor when ref is "")
	atLeast  bool    // figure ≥ factor instead
	info     bool    // only shows the ratio to ref; never a miss
	label    string  // how the bound reads in the table
}

// targets are the speed targets from the issue; they are informational.
var targets = []check{
	{key: "warm.http.goecho.p50", ref: "warm.http.rie-goecho.p50", factor: 0.5, label: "≤0.5× RIE"},
	{key: "warm.http.goecho.p50", ref: "warm.http.echo-floor.p50", factor: 3, label: "≤3× echo"},
	{key: "warm.http.goecho.p50", ref: "warm.http.runtime-floor.p50", info: true, label: "runtime floor"},
	{key: "tput.goecho.c16", factor: 10000, atLeast: true, label: "≥10000/s"},
	{key: "tput.goecho.c16", ref: "tput.runtime-floor.c16", info: true, label: "runtime floor"},
	{key: "cold.python3.12", ref: "cold.base.python3", factor: 1.3, label: "≤1.3× python3 -c pass"},
	{key: "cold.nodejs20.x", ref: "cold.base.node", factor: 1.3, label: "≤1.3× node -e 0"},
	{key: "cold.goecho", factor: 20, label: "≤20 ms"},
	{key: "mem.engine-per-env", factor: 5, label: "≤5 MB"},
	{key: "startup.full", factor: 100, label: "≤100 ms"},
	{key: "rss.idle", factor: 40, label: "≤40 MB"},
	{key: "create.1mb.p50", factor: 10, label: "≤10 ms"},
	{key: "tofu.lambda.apply", ref: "tofu.noop.apply", factor: 3, label: "≤3× floor"},
	{key: "async.accept", factor: 2000, atLeast: true, label: "≥2000/s"},
	{key: "esm.sqs", factor: 2000, atLeast: true, label: "≥2000/s"},
}

// judge marks every figure that has a target PASS or MISS. Several checks
// on one figure are joined; any miss makes it a MISS. A ratio target
// shows the measured ratio so the margin is visible.
func (r *Results) judge() {
	type verdict struct {
		text string
		pass bool
	}
	got := map[string]*verdict{}
	var order []string
	for _, c := range targets {
		text, pass, ok := r.evaluate(c)
		if !ok {
			continue
		}
		v, seen := got[c.key]
		if !seen {
			v = &verdict{pass: true}
			got[c.key] = v
			order = append(order, c.key)
		} else {
			v.text += "; "
		}
		v.text += text
		v.pass = v.pass && pass
	}
	for _, k := range order {
		r.setVerdict(k, got[k].text, got[k].pass)
	}
}

// evaluate applies c, reporting false when a figure it needs is missing.
func (r *Results) evaluate(c check) (text string, pass, ok bool) {
	f, ok := r.Get(c.key)
	if !ok {
		return "", false, false
	}
	if c.ref == "" {
		if c.atLeast {
			return c.label, f.Value >= c.factor, true
		}
		return c.label, f.Value <= c.factor, true
	}
	ref, ok := r.Get(c.ref)
	if !ok || ref.Value == 0 {
		return "", false, false
	}
	ratio := f.Value / ref.Value
	if c.info {
		return fmt.Sprintf("%s %.2f×", c.label, ratio), true, true
	}
	return fmt.Sprintf("%s (%.2f×)", c.label, ratio), ratio <= c.factor, true
}
