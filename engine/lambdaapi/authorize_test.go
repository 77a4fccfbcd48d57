package lambdaapi

import (
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

func TestAllows(t *testing.T) {
	const bucket = "arn:aws:s3:::uploads"
	s3 := store.Statement{Sid: "s3", Action: actionInvokeFunction, Principal: "s3.amazonaws.com", SourceArn: bucket}
	tests := []struct {
		name string
		stmt store.Statement
		req  invokeAuth
		want bool
	}{
		{"service with matching source", s3, invokeAuth{principal: "s3.amazonaws.com", sourceArn: bucket}, true},
		{"other service", s3, invokeAuth{principal: "sqs.amazonaws.com", sourceArn: bucket}, false},
		{"other source", s3, invokeAuth{principal: "s3.amazonaws.com", sourceArn: bucket + "2"}, false},
		{"missing source", s3, invokeAuth{principal: "s3.amazonaws.com"}, false},
		{"wildcard source", store.Statement{Action: actionInvokeFunction, Principal: "sqs.amazonaws.com", SourceArn: "arn:aws:sqs:us-east-1:*:jobs-*"},
			invokeAuth{principal: "sqs.amazonaws.com", sourceArn: "arn:aws:sqs:us-east-1:000000000000:jobs-high"}, true},
		{"wildcard stays in its component", store.Statement{Action: actionInvokeFunction, Principal: "sqs.amazonaws.com", SourceArn: "arn:aws:sqs:*"},
			invokeAuth{principal: "sqs.amazonaws.com", sourceArn: "arn:aws:sqs:us-east-1:000000000000:jobs"}, false},
		{"single-character wildcard", store.Statement{Action: actionInvokeFunction, Principal: "*", SourceArn: "arn:aws:sqs:us-east-1:000000000000:q?"},
			invokeAuth{principal: "sqs.amazonaws.com", sourceArn: "arn:aws:sqs:us-east-1:000000000000:q1"}, true},
		{"source account", store.Statement{Action: actionInvokeFunction, Principal: "*", SourceAccount: "111111111111"},
			invokeAuth{principal: "events.amazonaws.com", sourceAccount: "111111111111"}, true},
		{"wrong source account", store.Statement{Action: actionInvokeFunction, Principal: "*", SourceAccount: "111111111111"},
			invokeAuth{principal: "events.amazonaws.com", sourceAccount: "222222222222"}, false},
		{"account principal covers its roles", store.Statement{Action: "lambda:*", Principal: "111111111111"},
			invokeAuth{principal: "arn:aws:iam::111111111111:role/worker"}, true},
		{"account principal excludes other accounts", store.Statement{Action: "lambda:*", Principal: "111111111111"},
			invokeAuth{principal: "arn:aws:iam::222222222222:role/worker"}, false},
		{"exact IAM principal", store.Statement{Action: "*", Principal: "arn:aws:iam::111111111111:user/u"},
			invokeAuth{principal: "arn:aws:iam::111111111111:user/u"}, true},
		{"other action", store.Statement{Action: "lambda:GetFunction", Principal: "*"}, invokeAuth{principal: "s3.amazonaws.com"}, false},
		{"function URL statement", store.Statement{Action: actionInvokeFunctionURL, Principal: "*", FunctionURLAuthType: "NONE"},
			invokeAuth{principal: "s3.amazonaws.com"}, false},
		{"event source token absent", store.Statement{Action: actionInvokeFunction, Principal: "*", EventSourceToken: "amzn1.ask.skill.x"},
			invokeAuth{principal: "alexa-appkit.amazon.com"}, false},
		{"organization condition", store.Statement{Action: actionInvokeFunction, Principal: "*", PrincipalOrgID: "o-1234567890"},
			invokeAuth{principal: "arn:aws:iam::111111111111:root"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := allows([]store.Statement{tc.stmt}, tc.req); got != tc.want {
				t.Fatalf("allows = %v, want %v", got, tc.want)
			}
		})
	}
	if allows(nil, invokeAuth{principal: "s3.amazonaws.com"}) {
		t.Fatal("an empty policy allowed an invocation")
	}
}

func TestAuthorize(t *testing.T) {
	st, err := store.Open(t.TempDir(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	a := &API{cfg: Config{Region: "us-east-1", AccountID: "000000000000", Store: st}}
	err = st.Update(func(tx *store.Tx) error {
		if err := tx.PutFunction(store.Function{Name: "fn"}); err != nil {
			return err
		}
		if err := tx.PutVersion(store.Version{FunctionName: "fn", Version: store.LatestVersion}); err != nil {
			return err
		}
		return tx.PutPolicy(store.Policy{FunctionName: "fn", Qualifier: store.LatestVersion, Statements: []store.Statement{
			{Sid: "q", Action: actionInvokeFunction, Principal: "sqs.amazonaws.com", SourceArn: "arn:aws:sqs:us-east-1:000000000000:q"},
		}})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Authorize("fn", "", "sqs.amazonaws.com", "arn:aws:sqs:us-east-1:000000000000:q", "000000000000"); err != nil {
		t.Fatalf("allowed invocation refused: %v", err)
	}
	wantAuthError(t, a.Authorize("fn", "", "sqs.amazonaws.com", "arn:aws:sqs:us-east-1:000000000000:other", ""), "AccessDeniedException",
		"User: sqs.amazonaws.com is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:000000000000:function:fn because no resource-based policy allows the lambda:InvokeFunction action")
	wantAuthError(t, a.Authorize("fn", "live", "sqs.amazonaws.com", "arn:aws:sqs:us-east-1:000000000000:q", ""), "ResourceNotFoundException",
		"Function not found: arn:aws:lambda:us-east-1:000000000000:function:fn:live")
	wantAuthError(t, a.Authorize("nope", "", "sqs.amazonaws.com", "", ""), "ResourceNotFoundException",
		"Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope")
}

func wantAuthError(t *testing.T, err error, code, msg string) {
	t.Helper()
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != code || apiErr.Message != msg {
		t.Fatalf("error = %v, want %s: %s", err, code, msg)
	}
}

func TestIsServicePrincipal(t *testing.T) {
	tests := map[string]bool{
		"s3.amazonaws.com":         true,
		"events.amazonaws.com.cn":  true,
		"alexa-appkit.amazon.com":  true,
		".amazon.com":              false,
		"amazonaws.com":            false,
		"example.com":              false,
		"arn:aws:iam::1:root":      false,
		"s3.amazonaws.com.example": false,
	}
	for p, want := range tests {
		if got := isServicePrincipal(p); got != want {
			t.Errorf("isServicePrincipal(%q) = %v, want %v", p, got, want)
		}
	}
}
