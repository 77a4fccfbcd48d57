package cwlogs

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// Pagination tokens are opaque to clients. Listing tokens carry the sort
// key of the last item returned; event tokens carry a direction and an
// event key, in the "f/<digits>" / "b/<digits>" form AWS uses.

// paginate returns the items (already sorted, descending when desc) after
// the token's position, at most limit of them, and the token for the rest.
func paginate[T any](items []T, key func(T) string, token *string, limit int, desc bool) ([]T, *string, error) {
	start := 0
	if token != nil {
		raw, err := base64.RawURLEncoding.DecodeString(*token)
		if err != nil || len(raw) == 0 {
			return nil, nil, invalidParam(msgBadToken)
		}
		after := string(raw)
		for start < len(items) && !isAfter(key(items[start]), after, desc) {
			start++
		}
	}
	end := min(start+limit, len(items))
	page := items[start:end]
	if end == len(items) {
		return page, nil, nil
	}
	next := base64.RawURLEncoding.EncodeToString([]byte(key(items[end-1])))
	return page, &next, nil
}

func isAfter(k, after string, desc bool) bool {
	if desc {
		return k < after
	}
	return k > after
}

// cursor is a position between events: forward reads take keys after it,
// backward reads keys before it.
type cursor struct {
	forward bool
	key     eventKey
}

func (c cursor) String() string {
	dir := "b"
	if c.forward {
		dir = "f"
	}
	return fmt.Sprintf("%s/%020d%020d", dir, uint64(c.key.ts())^(1<<63), c.key.seq())
}

func parseCursor(s string) (cursor, error) {
	dir, digits, ok := strings.Cut(s, "/")
	if !ok || (dir != "f" && dir != "b") || len(digits) != 40 {
		return cursor{}, invalidParam(msgBadToken)
	}
	hi, err1 := strconv.ParseUint(digits[:20], 10, 64)
	lo, err2 := strconv.ParseUint(digits[20:], 10, 64)
	if err1 != nil || err2 != nil {
		return cursor{}, invalidParam(msgBadToken)
	}
	return cursor{forward: dir == "f", key: makeKey(int64(hi^(1<<63)), lo)}, nil
}

// eventID is an event's id for FilterLogEvents: its key in decimal,
// unique within the group.
func eventID(k eventKey) string {
	return fmt.Sprintf("%020d%020d", uint64(k.ts())^(1<<63), k.seq())
}

func maxKey(a, b eventKey) eventKey {
	if string(a[:]) > string(b[:]) {
		return a
	}
	return b
}

func minKey(a, b eventKey) eventKey {
	if string(a[:]) < string(b[:]) {
		return a
	}
	return b
}
