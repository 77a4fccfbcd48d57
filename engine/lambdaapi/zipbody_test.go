package lambdaapi

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

// The fast path must decode exactly what encoding/json decodes, and fall
// back to it whenever the ZipFile it cut out is not the real member.
func TestDecodeZipBodyMatchesEncodingJSON(t *testing.T) {
	placeholder, err := newZipPlaceholder()
	if err != nil {
		t.Fatal(err)
	}
	a := &API{zipPlaceholder: placeholder}
	zip := `UEsDBBQAAAAIAA==`
	tests := map[string]string{
		"plain":               `{"FunctionName":"f","Code":{"ZipFile":"` + zip + `"}}`,
		"tag named ZipFile":   `{"Tags":{"ZipFile":"QUJD"},"Code":{"ZipFile":"` + zip + `"}}`,
		"tag only":            `{"Tags":{"ZipFile":"QUJD"},"Code":{"S3Bucket":"b"}}`,
		"escaped value":       `{"Code":{"ZipFile":"UEsDBBQAAAAIAA\u003d\u003d"}}`,
		"no code":             `{"FunctionName":"f"}`,
		"zip in description":  `{"Description":"\"ZipFile\":\"QUJD\"","Code":{"ZipFile":"` + zip + `"}}`,
		"empty zip":           `{"Code":{"ZipFile":""}}`,
		"spaced key (slow)":   `{"Code":{"ZipFile" : "` + zip + `"}}`,
		"placeholder as code": `{"Code":{"ZipFile":"` + placeholder.encoded + `"}}`,
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			var want, got createFunctionRequest
			if err := json.Unmarshal([]byte(body), &want); err != nil {
				t.Fatal(err)
			}
			r := httptest.NewRequest("POST", "/", strings.NewReader(body))
			field := func() *[]byte {
				if got.Code == nil {
					return nil
				}
				return &got.Code.ZipFile
			}
			if apiErr := a.decodeZipBody(r, "CreateFunction", &got, field); apiErr != nil {
				t.Fatal(apiErr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("decoded %+v\nwant    %+v", got, want)
			}
		})
	}
}

func TestDecodeZipBodyRejectsBadInput(t *testing.T) {
	placeholder, _ := newZipPlaceholder()
	a := &API{zipPlaceholder: placeholder}
	for name, body := range map[string]string{
		"bad base64": `{"Code":{"ZipFile":"!!!!"}}`,
		"truncated":  `{"Code":{"ZipFile":"QUJD`,
	} {
		var req createFunctionRequest
		r := httptest.NewRequest("POST", "/", bytes.NewReader([]byte(body)))
		apiErr := a.decodeZipBody(r, "CreateFunction", &req, func() *[]byte { return nil })
		if apiErr == nil || apiErr.Code != "InvalidRequestContentException" {
			t.Errorf("%s: %v, want InvalidRequestContentException", name, apiErr)
		}
	}
}
