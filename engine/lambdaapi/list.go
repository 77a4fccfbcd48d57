package lambdaapi

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"sort"
	"strconv"

	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// AWS's MaxItems range and default page size for the list operations.
const (
	maxListItems     = 10000
	defaultListItems = 50
)

type page struct {
	marker   string // decoded: key of the last item already returned
	maxItems int
}

func parsePage(r *http.Request) (page, *APIError) {
	q := r.URL.Query()
	p := page{maxItems: defaultListItems}
	if raw := q.Get("MaxItems"); raw != "" {
		n, err := strconv.Atoi(raw)
		switch {
		case err != nil:
			return p, validationErrors(violation(raw, "maxItems", "Member must be an integer"))
		case n < 1:
			return p, validationErrors(violation(n, "maxItems", "Member must have value greater than or equal to 1"))
		case n > maxListItems:
			return p, validationErrors(violation(n, "maxItems", "Member must have value less than or equal to "+strconv.Itoa(maxListItems)))
		}
		p.maxItems = n
	}
	if raw := q.Get("Marker"); raw != "" {
		m, err := base64.RawURLEncoding.DecodeString(raw)
		if err != nil {
			return p, invalidParam("Invalid pagination marker: %s", raw)
		}
		p.marker = string(m)
	}
	return p, nil
}

// encodeMarker turns the key of the last item returned into a NextMarker.
func encodeMarker(key string) string { return base64.RawURLEncoding.EncodeToString([]byte(key)) }

// itemKey orders list items as the store returns them: by function name,
// then $LATEST before numbered versions in numeric order. Markers hold the
// key of the last item returned, so items deleted between pages do not make
// the next page skip or repeat anything.
func itemKey(v store.Version) string {
	version := v.Version
	if n, err := strconv.Atoi(version); err == nil {
		version = fmt.Sprintf("%010d", n)
	}
	return v.FunctionName + "\x00" + version
}

// pageOf renders the page of versions after the marker.
func (a *API) pageOf(versions []store.Version, p page, qualified bool) ([]functionConfiguration, string, *APIError) {
	start := sort.Search(len(versions), func(i int) bool { return itemKey(versions[i]) > p.marker })
	end := min(start+p.maxItems, len(versions))
	items := make([]functionConfiguration, 0, end-start)
	for _, v := range versions[start:end] {
		arn := a.functionARN(v.FunctionName)
		if qualified {
			arn = a.qualifiedARN(v.FunctionName, v.Version)
		}
		c, apiErr := a.listed(v, arn)
		if apiErr != nil {
			return nil, "", apiErr
		}
		items = append(items, c)
	}
	next := ""
	if end < len(versions) {
		next = encodeMarker(itemKey(versions[end-1]))
	}
	return items, next, nil
}

func (a *API) listFunctions(w http.ResponseWriter, r *http.Request) *APIError {
	fv := r.URL.Query().Get("FunctionVersion")
	if fv != "" && fv != "ALL" {
		return validationErrors(violation(fv, "functionVersion", "Member must satisfy enum value set: [ALL]"))
	}
	p, apiErr := parsePage(r)
	if apiErr != nil {
		return apiErr
	}
	var versions []store.Version
	err := a.cfg.Store.View(func(tx *store.Tx) error {
		fns, _, err := tx.Functions("", -1)
		if err != nil {
			return err
		}
		for _, fn := range fns {
			vs, err := tx.Versions(fn.Name)
			if err != nil {
				return err
			}
			if fv != "ALL" && len(vs) > 0 {
				vs = vs[:1] // $LATEST sorts first
			}
			versions = append(versions, vs...)
		}
		return nil
	})
	if apiErr := asAPIError(err); apiErr != nil {
		return apiErr
	}
	items, next, apiErr := a.pageOf(versions, p, fv == "ALL")
	if apiErr != nil {
		return apiErr
	}
	writeJSON(w, http.StatusOK, listFunctionsResponse{Functions: items, NextMarker: next})
	return nil
}
