package awsquery

import (
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func formRequest(target, body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

func TestReadMergesURLAndBody(t *testing.T) {
	r := formRequest("/?Action=List&A=url", "Version=2010-08-01&A=body&B.1=x&B.2=y")
	action, params, err := Read(httptest.NewRecorder(), r, 1<<10)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"A": "url", "B.1": "x", "B.2": "y"}
	if action != "List" || !maps.Equal(params, want) {
		t.Errorf("Read = %q %v, want List %v", action, params, want)
	}
}

func TestReadRefusesBodyOverLimit(t *testing.T) {
	r := formRequest("/", "Action=List&A="+strings.Repeat("x", 100))
	if _, _, err := Read(httptest.NewRecorder(), r, 10); err == nil {
		t.Error("Read of an over-long body succeeded")
	}
}

func TestPeekFormPutsBodyBack(t *testing.T) {
	const body = "Action=SendMessage&MessageBody=hi"
	r := formRequest("/", body)
	form, ok := PeekForm(r, 1<<10)
	if !ok || form.Get("Action") != "SendMessage" {
		t.Fatalf("PeekForm = %v, %v", form, ok)
	}
	if rest, _ := io.ReadAll(r.Body); string(rest) != body {
		t.Errorf("body after PeekForm = %q, want %q", rest, body)
	}
	r = httptest.NewRequest(http.MethodPost, "/", strings.NewReader("{}"))
	if _, ok := PeekForm(r, 1<<10); ok {
		t.Error("PeekForm accepted a body that is not form-encoded")
	}
}

func TestSplit(t *testing.T) {
	plain, nested := Split(map[string]string{"A": "1", "B.member.1": "x", "B.member.2.C": "y"})
	if !maps.Equal(plain, map[string]string{"A": "1"}) || len(nested) != 1 ||
		!maps.Equal(nested["B"], map[string]string{"member.1": "x", "member.2.C": "y"}) {
		t.Errorf("Split = %v, %v", plain, nested)
	}
}
