package auth

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// MaxBodyBytes caps the body buffered for hashing before the caller is
// authenticated: Lambda's largest request (CreateFunction with an inline
// ZipFile). Larger bodies are refused without being read in full.
const MaxBodyBytes = 70167211

// verify checks a parsed signature in AWS's order: date format, clock,
// host signed, scope, access key, then the signature itself.
func (v *Verifier) verify(r *http.Request, sig sigInfo) *authError {
	signed, err := time.Parse(amzDateLayout, sig.amzDate)
	if err != nil {
		return errDateFormat(sig.amzDate)
	}
	if err := v.checkTime(sig, signed); err != nil {
		return err
	}
	if !slices.Contains(sig.signedHeaders, "host") {
		return errHostUnsigned()
	}
	if err := v.checkScope(sig, signed); err != nil {
		return err
	}
	if sig.accessKeyID != v.cfg.AccessKey {
		return errUnrecognized()
	}
	body, aerr := readBody(r)
	if aerr != nil {
		return aerr
	}
	want, err := v.resign(r, sig, body, signed)
	if err != nil || subtle.ConstantTimeCompare([]byte(want), []byte(sig.signature)) != 1 {
		return errSignature()
	}
	return nil
}

// readBody buffers the body (so it can be hashed) and puts an identical
// reader back for the next handler.
func readBody(r *http.Request) ([]byte, *authError) {
	if r.ContentLength > MaxBodyBytes {
		return nil, errBodyTooLarge(MaxBodyBytes)
	}
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	_ = r.Body.Close()
	if int64(len(body)) > MaxBodyBytes {
		return nil, errBodyTooLarge(MaxBodyBytes)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		// The handler will see the truncated body; the signature check
		// below fails on it anyway.
		return body, errSignature()
	}
	return body, nil
}

// resign signs a copy of r carrying only the headers the client signed and
// returns the signature the SDK's signer computes. The payload hash is
// always the hash of the bytes received, even if X-Amz-Content-Sha256 says
// otherwise, so a signed request cannot be replayed with another body.
func (v *Verifier) resign(r *http.Request, sig sigInfo, body []byte, signed time.Time) (string, error) {
	sum := sha256.Sum256(body)
	payloadHash := hex.EncodeToString(sum[:])
	cp := signedCopy(r, sig)
	creds := aws.Credentials{AccessKeyID: v.cfg.AccessKey, SecretAccessKey: v.cfg.SecretKey}
	signer := v4.NewSigner()
	if sig.presigned {
		creds.SessionToken = r.URL.Query().Get("X-Amz-Security-Token")
		uri, _, err := signer.PresignHTTP(r.Context(), creds, cp, payloadHash, sig.service, sig.region, signed,
			func(o *v4.SignerOptions) { o.DisableHeaderHoisting = true })
		if err != nil {
			return "", fmt.Errorf("auth: presign: %w", err)
		}
		u, err := url.Parse(uri)
		if err != nil {
			return "", fmt.Errorf("auth: presigned url: %w", err)
		}
		return u.Query().Get("X-Amz-Signature"), nil
	}
	creds.SessionToken = cp.Header.Get("X-Amz-Security-Token")
	if err := signer.SignHTTP(r.Context(), creds, cp, payloadHash, sig.service, sig.region, signed); err != nil {
		return "", fmt.Errorf("auth: sign: %w", err)
	}
	return signatureOf(cp.Header.Get("Authorization")), nil
}

// signedCopy rebuilds the request as the client's signer saw it: same
// method, escaped path, query (minus the signature), host, and only the
// signed headers. host and content-length come from request fields because
// that is where the SDK's signer reads them.
func signedCopy(r *http.Request, sig sigInfo) *http.Request {
	u := *r.URL
	u.Scheme, u.Host = "http", r.Host
	if r.TLS != nil {
		u.Scheme = "https"
	}
	if sig.presigned {
		q := r.URL.Query()
		q.Del("X-Amz-Signature")
		u.RawQuery = q.Encode()
	}
	cp := &http.Request{Method: r.Method, URL: &u, Host: r.Host, Header: http.Header{}}
	for _, name := range sig.signedHeaders {
		switch name {
		case "host":
		case "content-length":
			cp.ContentLength = r.ContentLength
		default:
			cp.Header[textproto.CanonicalMIMEHeaderKey(name)] = r.Header.Values(name)
		}
	}
	return cp
}

func signatureOf(authorization string) string {
	_, sig, _ := strings.Cut(authorization, "Signature=")
	return sig
}
