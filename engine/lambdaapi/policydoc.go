package lambdaapi

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// member is one key of a JSON object written in a fixed order: AWS renders
// policies with Sid, Effect, Principal, Action, Resource, Condition in that
// order (LocalStack's recorded AWS snapshots), which a Go map cannot keep.
type member struct {
	key   string
	value any
}

type object []member

func (o object) write(buf *bytes.Buffer) {
	buf.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		writeValue(buf, m.key)
		buf.WriteByte(':')
		writeValue(buf, m.value)
	}
	buf.WriteByte('}')
}

func writeValue(buf *bytes.Buffer, v any) {
	switch v := v.(type) {
	case object:
		v.write(buf)
	case []object:
		buf.WriteByte('[')
		for i, o := range v {
			if i > 0 {
				buf.WriteByte(',')
			}
			o.write(buf)
		}
		buf.WriteByte(']')
	default:
		enc := json.NewEncoder(buf)
		enc.SetEscapeHTML(false) // AWS does not escape '<', '>' or '&'
		_ = enc.Encode(v)        // strings and bools always encode
		buf.Truncate(buf.Len() - 1)
	}
}

func render(o object) string {
	var buf bytes.Buffer
	o.write(&buf)
	return buf.String()
}

// statementObject renders a permission in AWS's policy language.
func (a *API) statementObject(s store.Statement) object {
	o := object{
		{"Sid", s.Sid}, {"Effect", "Allow"}, {"Principal", a.principalValue(s.Principal)},
		{"Action", s.Action}, {"Resource", s.Resource},
	}
	if c := conditionObject(s); len(c) > 0 {
		o = append(o, member{"Condition", c})
	}
	return o
}

// principalValue maps AddPermission's Principal to the policy element: a
// service, an account (as its root user) or an IAM ARN; "*" stays a string.
func (a *API) principalValue(p string) any {
	switch {
	case p == "*":
		return "*"
	case isServicePrincipal(p):
		return object{{"Service", p}}
	case accountIDRe.MatchString(p):
		return object{{"AWS", "arn:aws:iam::" + p + ":root"}}
	default:
		return object{{"AWS", p}}
	}
}

func conditionObject(s store.Statement) object {
	var eq object
	for _, m := range []member{
		{"AWS:SourceAccount", s.SourceAccount},
		{"lambda:FunctionUrlAuthType", s.FunctionURLAuthType},
		{"aws:PrincipalOrgID", s.PrincipalOrgID},
		{"lambda:EventSourceToken", s.EventSourceToken},
	} {
		if m.value != "" {
			eq = append(eq, m)
		}
	}
	var c object
	if len(eq) > 0 {
		c = append(c, member{"StringEquals", eq})
	}
	if s.SourceArn != "" {
		c = append(c, member{"ArnLike", object{{"AWS:SourceArn", s.SourceArn}}})
	}
	if s.InvokedViaFunctionURL {
		c = append(c, member{"Bool", object{{"lambda:InvokedViaFunctionUrl", "true"}}})
	}
	return c
}

// policyDocument renders a whole resource-based policy as GetPolicy
// returns it.
func (a *API) policyDocument(p store.Policy) string {
	stmts := make([]object, len(p.Statements))
	for i, s := range p.Statements {
		stmts[i] = a.statementObject(s)
	}
	return render(object{{"Version", "2012-10-17"}, {"Id", "default"}, {"Statement", stmts}})
}

// isServicePrincipal recognises AWS service principals. Most end in
// amazonaws.com; a few services that invoke functions use amazon.com
// (alexa-appkit.amazon.com, alexa-connectedhome.amazon.com).
func isServicePrincipal(p string) bool {
	for _, suffix := range []string{".amazonaws.com", ".amazonaws.com.cn", ".amazon.com"} {
		if strings.HasSuffix(p, suffix) && len(p) > len(suffix) {
			return true
		}
	}
	return false
}
