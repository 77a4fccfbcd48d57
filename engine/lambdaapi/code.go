package lambdaapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/lambdaform/terraform-provider-lambda/engine/codezip"
	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// CodePathPrefix is where GetFunction's Code.Location URLs point. The auth
// middleware leaves it open: like AWS's presigned S3 URLs, each URL carries
// its own expiring signature.
const CodePathPrefix = "/_lambdaform/code/"

// codeURLLifetime matches the 10 minutes AWS's Code.Location URLs are valid.
const codeURLLifetime = 10 * time.Minute

// inspectZip validates an uploaded deployment package.
func (a *API) inspectZip(zip []byte) (codezip.Info, *APIError) {
	if int64(len(zip)) > a.cfg.Limits.MaxZipped {
		return codezip.Info{}, tooLarge("Zipped size must be smaller than %d bytes", a.cfg.Limits.MaxZipped)
	}
	info, err := codezip.Inspect(zip, a.cfg.Limits)
	var zerr *codezip.Error
	if errors.As(err, &zerr) {
		return codezip.Info{}, &APIError{Status: zerr.HTTPStatus(), Code: zerr.ErrorCode(), Message: zerr.Message}
	}
	if err != nil {
		return codezip.Info{}, serviceError("inspect zip: %v", err)
	}
	return info, nil
}

func codeRef(key string, info codezip.Info) store.CodeRef {
	return store.CodeRef{BlobKey: key, Sha256: info.CodeSha256, Size: info.Size}
}

// codeLocation returns a download URL for a blob, on the host the caller
// used to reach the engine.
func (a *API) codeLocation(r *http.Request, key string) codeLocation {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	expires := strconv.FormatInt(time.Now().Add(codeURLLifetime).Unix(), 10)
	q := url.Values{"Expires": {expires}, "Signature": {a.signCode(key, expires)}}
	loc := fmt.Sprintf("%s://%s%s%s?%s", scheme, r.Host, CodePathPrefix, key, q.Encode())
	return codeLocation{RepositoryType: "S3", Location: loc}
}

func (a *API) signCode(key, expires string) string {
	m := hmac.New(sha256.New, a.codeKey)
	m.Write([]byte(key + "\n" + expires))
	return hex.EncodeToString(m.Sum(nil))
}

// CodeHandler serves Code.Location downloads: the exact uploaded zip.
func (a *API) CodeHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.URL.Path[len(CodePathPrefix):]
		expires, sig := r.URL.Query().Get("Expires"), r.URL.Query().Get("Signature")
		exp, err := strconv.ParseInt(expires, 10, 64)
		if err != nil || time.Now().Unix() > exp || !hmac.Equal([]byte(sig), []byte(a.signCode(key, expires))) {
			http.Error(w, "Request has expired or its signature does not match", http.StatusForbidden)
			return
		}
		blob, err := a.cfg.Store.OpenBlob(key)
		if errors.Is(err, store.ErrNotFound) {
			http.NotFound(w, r)
			return
		}
		if err != nil {
			a.log.Error("open code blob", "key", key, "error", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		defer blob.Close()
		w.Header().Set("Content-Type", "application/zip")
		http.ServeContent(w, r, key+".zip", time.Time{}, blob)
	})
}
