package invoke

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"time"
)

// newRequestID returns a random (version 4) UUID, as Lambda's request ids are.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails on Linux
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}

// newTraceID builds an X-Ray trace header like the one Lambda passes in
// Lambda-Runtime-Trace-Id: Root=1-<epoch hex>-<96 bits>;Parent=<64 bits>;Sampled=0.
func newTraceID(now time.Time) string {
	var b [20]byte
	_, _ = rand.Read(b[:])
	buf := make([]byte, 0, 80)
	buf = append(buf, "Root=1-"...)
	buf = strconv.AppendInt(buf, now.Unix(), 16)
	buf = append(buf, '-')
	buf = hex.AppendEncode(buf, b[:12])
	buf = append(buf, ";Parent="...)
	buf = hex.AppendEncode(buf, b[12:])
	buf = append(buf, ";Sampled=0"...)
	return string(buf)
}
