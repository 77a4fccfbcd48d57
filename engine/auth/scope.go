package auth

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// checkScope validates the credential scope against the request date and
// the configured region. Like AWS, it reports every problem in one message.
func (v *Verifier) checkScope(sig sigInfo, signed time.Time) *authError {
	var msg strings.Builder
	if v.cfg.Region != "" && sig.region != v.cfg.Region {
		fmt.Fprintf(&msg, "Credential should be scoped to a valid region, not '%s'. ", sig.region)
	}
	if sig.terminator != scopeTerminator {
		fmt.Fprintf(&msg, "Credential should be scoped with a valid terminator: '%s', not '%s'. ", scopeTerminator, sig.terminator)
	}
	if want := signed.Format(scopeDateLayout); sig.scopeDate != want {
		fmt.Fprintf(&msg, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s', from '%s'.",
			sig.scopeDate, want, sig.amzDate)
	}
	if msg.Len() == 0 {
		return nil
	}
	return forbidden(codeInvalidSig, strings.TrimSpace(msg.String()))
}

// checkTime applies AWS's 5-minute clock-skew window to header signatures
// and X-Amz-Expires to presigned ones.
func (v *Verifier) checkTime(sig sigInfo, signed time.Time) *authError {
	now := v.now().UTC()
	if signed.After(now.Add(maxSkew)) {
		return errNotYetCurrent(signed, now)
	}
	// A presigned URL without X-Amz-Expires gets the header-signature window.
	if !sig.presigned || sig.expires == "" {
		if signed.Before(now.Add(-maxSkew)) {
			return errExpired(signed, now)
		}
		return nil
	}
	secs, err := strconv.ParseInt(sig.expires, 10, 64)
	if err != nil || secs < 0 {
		secs = 0 // unparseable: valid for no time at all
	}
	if now.After(signed.Add(time.Duration(secs) * time.Second)) {
		return errPresignExpired()
	}
	return nil
}
