package kinesis

import (
	"crypto/md5" // AWS routes records by the MD5 of their partition key
	"math/big"
)

// maxHashKey is 2^128 - 1, the top of the hash key space.
var maxHashKey = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 128), big.NewInt(1))

// hashRanges splits the 128-bit hash key space into n contiguous ranges as
// CreateStream does on AWS: each shard gets floor(2^128 / n) keys and the
// last one also takes the remainder.
func hashRanges(n int) [][2]*big.Int {
	space := new(big.Int).Add(maxHashKey, big.NewInt(1))
	width := new(big.Int).Div(space, big.NewInt(int64(n)))
	out := make([][2]*big.Int, n)
	for i := range n {
		start := new(big.Int).Mul(width, big.NewInt(int64(i)))
		end := new(big.Int).Sub(new(big.Int).Add(start, width), big.NewInt(1))
		if i == n-1 {
			end = new(big.Int).Set(maxHashKey)
		}
		out[i] = [2]*big.Int{start, end}
	}
	return out
}

// hashKey is the hash key AWS derives from a partition key: the MD5 digest
// of its UTF-8 bytes read as a big-endian unsigned 128-bit integer.
func hashKey(partitionKey string) *big.Int {
	sum := md5.Sum([]byte(partitionKey))
	return new(big.Int).SetBytes(sum[:])
}

// parseHashKey parses an ExplicitHashKey: a decimal in [0, 2^128 - 1].
func parseHashKey(s string) (*big.Int, bool) {
	if s == "" || len(s) > 39 || (len(s) > 1 && s[0] == '0') {
		return nil, false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return nil, false
		}
	}
	n, ok := new(big.Int).SetString(s, 10)
	if !ok || n.Cmp(maxHashKey) > 0 {
		return nil, false
	}
	return n, true
}

// shardFor returns the shard whose range holds key.
func (st *stream) shardFor(key *big.Int) *shard {
	for _, sh := range st.shards {
		if key.Cmp(sh.start) >= 0 && key.Cmp(sh.end) <= 0 {
			return sh
		}
	}
	// The ranges cover the whole space; a key outside it was rejected
	// when parsed.
	return st.shards[len(st.shards)-1]
}
