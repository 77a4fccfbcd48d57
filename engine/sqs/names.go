package sqs

import (
	"crypto/rand"
	"fmt"
	"net/url"
	"strings"
)

const (
	maxQueueName = 80
	fifoSuffix   = ".fifo"
)

// validateQueueName checks a CreateQueue name against AWS's rules.
func validateQueueName(name string, fifo bool) error {
	base := name
	if fifo {
		if !strings.HasSuffix(name, fifoSuffix) {
			return errInvalidParam(fifoNameRule)
		}
		base = strings.TrimSuffix(name, fifoSuffix)
	}
	if name == "" || len(name) > maxQueueName || !isIDChars(base) {
		if fifo {
			return errInvalidParam(fifoNameRule)
		}
		return errInvalidParam(queueNameRule)
	}
	return nil
}

// isIDChars: only alphanumerics, hyphens and underscores, as queue names
// and batch entry IDs must be.
func isIDChars(s string) bool {
	for _, r := range s {
		if !isIDRune(r) {
			return false
		}
	}
	return true
}

func isIDRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_'
}

// ARN returns the ARN of the queue with the given name.
func (s *Store) ARN(name string) string {
	return fmt.Sprintf("arn:aws:sqs:%s:%s:%s", s.region, s.account, name)
}

// URL returns the queue's URL as AWS forms it, on the given host
// ("localhost:9000"): http://<host>/<account>/<name>.
func (s *Store) URL(host, name string) string {
	return (&url.URL{Scheme: "http", Host: host, Path: "/" + s.account + "/" + name}).String()
}

// nameOf turns a queue URL (on any host), ARN or bare name into a queue
// name, or reports that it names no queue of this account and region.
func (s *Store) nameOf(ref string) (string, bool) {
	if rest, ok := strings.CutPrefix(ref, "arn:"); ok {
		parts := strings.Split(rest, ":")
		if len(parts) != 5 || parts[1] != "sqs" || parts[2] != s.region || parts[3] != s.account {
			return "", false
		}
		return parts[4], parts[4] != ""
	}
	if !strings.Contains(ref, "/") {
		return ref, ref != ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return "", false
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(segs) != 2 || segs[0] != s.account || segs[1] == "" {
		return "", false
	}
	return segs[1], true
}

// newUUID returns a random (version 4) UUID, the form of AWS message IDs.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
