package esm

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestPatternMatch(t *testing.T) {
	event := `{"body":{"kind":"Order","price":12.5,"tags":["a","b"],"region":"us-east-1","nil":null,"empty":""},
		"attributes":{"ApproximateReceiveCount":"1"},"eventSource":"aws:sqs"}`
	var ev map[string]any
	if err := json.Unmarshal([]byte(event), &ev); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		pattern string
		want    bool
	}{
		{`{"body":{"kind":["Order"]}}`, true},
		{`{"body":{"kind":["order"]}}`, false},
		{`{"body":{"kind":[{"equals-ignore-case":"order"}]}}`, true},
		{`{"body":{"kind":["Refund","Order"]}}`, true},
		{`{"body":{"region":[{"prefix":"us-"}]}}`, true},
		{`{"body":{"region":[{"suffix":"-2"}]}}`, false},
		{`{"body":{"kind":[{"anything-but":["Refund"]}]}}`, true},
		{`{"body":{"kind":[{"anything-but":"Order"}]}}`, false},
		{`{"body":{"kind":[{"anything-but":{"prefix":"Ord"}}]}}`, false},
		{`{"body":{"price":[{"numeric":[">",10,"<=",20]}]}}`, true},
		{`{"body":{"price":[{"numeric":["=",12.5]}]}}`, true},
		{`{"body":{"price":[12.5]}}`, true},
		{`{"body":{"price":[{"numeric":["<",10]}]}}`, false},
		{`{"body":{"missing":[{"exists":false}]}}`, true},
		{`{"body":{"kind":[{"exists":false}]}}`, false},
		{`{"body":{"kind":[{"exists":true}]}}`, true},
		{`{"body":{"missing":["x"]}}`, false},
		{`{"body":{"nil":[null]}}`, true},
		{`{"body":{"empty":[""]}}`, true},
		{`{"body":{"tags":["b"]}}`, true},
		{`{"body":{"kind":["Order"],"region":["eu-west-1"]}}`, false},
		{`{"$or":[{"body":{"kind":["Refund"]}},{"eventSource":["aws:sqs"]}]}`, true},
		{`{"$or":[{"body":{"kind":["Refund"]}},{"eventSource":["aws:kinesis"]}]}`, false},
		{`{"attributes":{"ApproximateReceiveCount":["1"]}}`, true},
		{`{"body":[{"prefix":"x"}]}`, false}, // an object body is not a string
	}
	for _, tc := range cases {
		p, err := CompilePattern(tc.pattern)
		if err != nil {
			t.Fatalf("%s: %v", tc.pattern, err)
		}
		if got := p.Match(ev); got != tc.want {
			t.Errorf("%s matched %v, want %v", tc.pattern, got, tc.want)
		}
	}
}

func TestPatternInvalid(t *testing.T) {
	for _, src := range []string{
		``, `[]`, `"x"`, `{"a":"x"}`, `{"a":1}`, `{"a":[]}`, `{"a":[[1]]}`, `{"a":[{"prefix":1}]}`,
		`{"a":[{"numeric":[">"]}]}`, `{"a":[{"numeric":[">",1,">",2]}]}`, `{"a":[{"exists":"yes"}]}`,
		`{"a":[{"unknown":1}]}`, `{"a":[{"prefix":"x","suffix":"y"}]}`, `{"$or":[{"a":["x"]}]}`, `{"a":["x"]} {}`,
	} {
		if _, err := CompilePattern(src); !errors.Is(err, ErrInvalidPattern) {
			t.Errorf("%q compiled (err %v)", src, err)
		}
	}
}

func TestFiltersKeep(t *testing.T) {
	fs, err := CompileFilters([]string{`{"a":["1"]}`, `{"b":["2"]}`})
	if err != nil {
		t.Fatal(err)
	}
	for ev, want := range map[string]bool{`{"a":"1"}`: true, `{"b":"2"}`: true, `{"a":"2"}`: false} {
		var m map[string]any
		_ = json.Unmarshal([]byte(ev), &m)
		if fs.Keep(m) != want {
			t.Errorf("Keep(%s) != %v", ev, want)
		}
	}
	if !(Filters{}).Keep(map[string]any{}) {
		t.Error("no filters must keep everything")
	}
}

func TestBatchItemFailures(t *testing.T) {
	ids := []string{"m1", "m2"}
	cases := []struct {
		payload string
		failed  []string
		ok      bool
	}{
		{``, nil, true},
		{`null`, nil, true},
		{`{}`, nil, true},
		{`"done"`, nil, true},
		{`{"batchItemFailures":null}`, nil, true},
		{`{"batchItemFailures":[]}`, nil, true},
		{`{"batchItemFailures":[{"itemIdentifier":"m2"}]}`, []string{"m2"}, true},
		{`{"batchItemFailures":[{"itemIdentifier":""}]}`, nil, false},
		{`{"batchItemFailures":[{"itemIdentifier":null}]}`, nil, false},
		{`{"batchItemFailures":[{"itemIdentifier":"m3"}]}`, nil, false},
		{`{"batchItemFailures":[{"foo":"m1"}]}`, nil, false},
		{`{"batchItemFailures":"m1"}`, nil, false},
		{`not json`, nil, false},
	}
	for _, tc := range cases {
		failed, ok := batchItemFailures([]byte(tc.payload), ids)
		if ok != tc.ok || len(failed) != len(tc.failed) {
			t.Errorf("%s: failed %v ok %v", tc.payload, failed, ok)
			continue
		}
		for _, id := range tc.failed {
			if !failed[id] {
				t.Errorf("%s: %s not failed", tc.payload, id)
			}
		}
	}
}
