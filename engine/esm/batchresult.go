package esm

import (
	"bytes"
	"encoding/json"
	"slices"
)

// batchItemFailures reads a partial batch response
// ({"batchItemFailures":[{"itemIdentifier":"…"}]}) by AWS's rules: an
// empty or null response or list means every item succeeded; a response
// that is not JSON, or an entry that is not exactly a known non-empty
// itemIdentifier, fails the whole batch (ok false).
func batchItemFailures(payload []byte, ids []string) (failed map[string]bool, ok bool) {
	failed = map[string]bool{}
	payload = bytes.TrimSpace(payload)
	if len(payload) == 0 {
		return failed, true
	}
	if !json.Valid(payload) {
		return nil, false
	}
	var resp map[string]json.RawMessage
	if json.Unmarshal(payload, &resp) != nil {
		return failed, true // a string, a list, null: no failures reported
	}
	raw, present := resp["batchItemFailures"]
	if !present || string(raw) == "null" {
		return failed, true
	}
	var entries []map[string]json.RawMessage
	if json.Unmarshal(raw, &entries) != nil {
		return nil, false
	}
	for _, e := range entries {
		idRaw, has := e["itemIdentifier"]
		var id string
		if !has || len(e) != 1 || json.Unmarshal(idRaw, &id) != nil || id == "" || !slices.Contains(ids, id) {
			return nil, false
		}
		failed[id] = true
	}
	return failed, true
}
