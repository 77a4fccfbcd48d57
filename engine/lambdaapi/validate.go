package lambdaapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Patterns as AWS prints them in validation messages (recorded against real
// AWS in LocalStack's test_lambda_api.snapshot.json). The Go expressions
// below them accept the same language; AWS's Java-flavoured classes such as
// [a-zA-Z0-9-_] are spelled unambiguously for RE2.
const (
	patternNameCreate = `(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?`
	patternNameGet    = `(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?`
	patternRole       = `arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`
	patternQualifier  = `\$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+`
	patternHandler    = `[^\s]+`
	// patternOptionalARN constrains KMSKeyArn and DeadLetterConfig.TargetArn
	// (Lambda API reference); the empty string clears them.
	patternOptionalARN = `(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()`
	patternTaggable    = `arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:(function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)`
)

var (
	// functionRefRe splits a function name, partial ARN or full ARN.
	functionRefRe = regexp.MustCompile(`^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:((?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9_.\-]+)(?::(\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9_\-]+))?$`)
	roleRe        = regexp.MustCompile(`^arn:(?:aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-/]+$`)
	qualifierRe   = regexp.MustCompile(`^(?:\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9_\-$]+)$`)
	handlerRe     = regexp.MustCompile(`^\S+$`)
	optionalARNRe = regexp.MustCompile(`^(?:arn:(?:aws[a-zA-Z-]*)?:[a-z0-9\-.]+:.*|)$`)
	taggableRe    = regexp.MustCompile(`^arn:(aws[a-zA-Z-]*):lambda:((?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):(\d{12}):(?:function:([a-zA-Z0-9_\-]+)(?::(\$LATEST|[a-zA-Z0-9_\-]+))?|layer:[a-zA-Z0-9_\-]+|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9_\-]+)$`)
)

// nameOp selects which of AWS's FunctionName constraints apply.
type nameOp int

const (
	opCreate nameOp = iota // CreateFunction: name ≤64 or ARN ≤140, no dots
	opGet                  // GetFunction(Configuration): dots allowed, ≤170
	opDelete               // DeleteFunction: dots allowed, ≤140
	opOther                // everything else: ≤170
)

// functionRef is a parsed FunctionName path parameter.
type functionRef struct {
	Name, Qualifier string
}

// parseFunctionRef validates a FunctionName (name, partial or full ARN,
// optionally qualified) against AWS's constraints and the engine's region and
// account.
func parseFunctionRef(raw string, op nameOp, region, account string) (functionRef, *APIError) {
	m := functionRefRe.FindStringSubmatch(raw)
	nameOnly := m != nil && m[3] == raw
	if apiErr := checkFunctionName(raw, op, m != nil, nameOnly); apiErr != nil {
		return functionRef{}, apiErr
	}
	if m[1] != "" && m[1] != region {
		return functionRef{}, notFound("Functions from '%s' are not reachable in this region ('%s')", m[1], region)
	}
	if m[2] != "" && m[2] != account {
		return functionRef{}, newErr(http.StatusForbidden, "AccessDeniedException", "")
	}
	return functionRef{Name: m[3], Qualifier: m[4]}, nil
}

func checkFunctionName(raw string, op nameOp, matched, nameOnly bool) *APIError {
	pattern, maxLen := patternNameCreate, 170
	switch op {
	case opGet:
		pattern = patternNameGet
	case opDelete:
		pattern, maxLen = patternNameGet, 140
	case opCreate:
		maxLen = 140
		if nameOnly {
			maxLen = 64
		}
		if matched && strings.Contains(raw, ".") {
			matched = false // the create pattern has no dot in the name
		}
	}
	var v []string
	if !matched {
		v = append(v, violation(raw, "functionName", "Member must satisfy regular expression pattern: "+pattern))
	}
	if len(raw) > maxLen {
		v = append(v, violation(raw, "functionName", "Member must have length less than or equal to "+itoa(maxLen)))
	}
	if len(v) == 0 {
		return nil
	}
	apiErr := validationErrors(v...)
	// AWS answers a bad plain name on CreateFunction with
	// InvalidParameterValueException rather than ValidationException.
	if op == opCreate && nameOnly {
		apiErr = invalidParam("%s", apiErr.Message)
	}
	return apiErr
}

// resolveQualifier merges an ARN's qualifier with the Qualifier parameter.
func resolveQualifier(ref functionRef, param string) (string, *APIError) {
	if param == "" {
		return ref.Qualifier, nil
	}
	var v []string
	if len(param) > 128 {
		v = append(v, violation(param, "qualifier", "Member must have length less than or equal to 128"))
	}
	if !qualifierRe.MatchString(param) {
		v = append(v, violation(param, "qualifier", "Member must satisfy regular expression pattern: "+patternQualifier))
	}
	if len(v) > 0 {
		return "", validationErrors(v...)
	}
	if ref.Qualifier != "" && ref.Qualifier != param {
		return "", invalidParam("The derived qualifier from the function name does not match the specified qualifier.")
	}
	return param, nil
}

// validRuntimes is AWS's runtime enum in the order AWS prints it.
var validRuntimes = []string{
	"nodejs20.x", "python3.14", "provided.al2023", "python3.12", "python3.13", "nodejs24.x",
	"nodejs22.x", "java25", "python3.10", "python3.11", "java21", "ruby3.3", "ruby3.4",
	"ruby3.2", "python3.8", "python3.9", "java17", "nodejs16.x", "dotnet10", "dotnet8",
	"java11", "dotnet6", "nodejs18.x", "provided.al2", "java8.al2",
}

// deprecatedRuntimes can no longer be used to create or update functions.
var deprecatedRuntimes = []string{
	"java8", "go1.x", "provided", "ruby2.7", "nodejs14.x", "python3.7", "dotnetcore3.1", "nodejs12.x",
}

func validateRuntime(runtime string) *APIError {
	if slices.Contains(validRuntimes, runtime) {
		return nil
	}
	if slices.Contains(deprecatedRuntimes, runtime) {
		return invalidParam("The runtime parameter of %s is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.", runtime)
	}
	return invalidParam("Value %s at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [%s] or be a valid ARN",
		runtime, strings.Join(validRuntimes, ", "))
}

// settings holds the configuration members shared by CreateFunction and
// UpdateFunctionConfiguration; nil means "not sent".
type settings struct {
	Role             *string
	Handler          *string
	Description      *string
	Timeout          *int32
	MemorySize       *int32
	EphemeralStorage *ephemeralStorage
	Architectures    []string
	TracingConfig    *tracingConfig
	LoggingConfig    *loggingConfig
	KMSKeyArn        *string
	DeadLetterConfig *deadLetterConfig
	VpcConfig        *vpcConfig
}

// violations returns the request-validation failures of s, in the form AWS
// reports them in one ValidationException.
func (s *settings) violations() []string {
	var v []string
	if s.Role != nil && !roleRe.MatchString(*s.Role) {
		v = append(v, violation(*s.Role, "role", "Member must satisfy regular expression pattern: "+patternRole))
	}
	if s.Handler != nil {
		v = append(v, handlerViolations(*s.Handler)...)
	}
	if s.Description != nil && len(*s.Description) > 256 {
		v = append(v, violation(*s.Description, "description", "Member must have length less than or equal to 256"))
	}
	v = appendRange(v, s.Timeout, "timeout", 1, 900)
	v = appendRange(v, s.MemorySize, "memorySize", 128, 10240)
	if s.EphemeralStorage != nil {
		v = appendRange(v, &s.EphemeralStorage.Size, "ephemeralStorage.size", 512, 10240)
	}
	v = append(v, architectureViolations(s.Architectures)...)
	if s.TracingConfig != nil && s.TracingConfig.Mode != "" && !slices.Contains([]string{"Active", "PassThrough"}, s.TracingConfig.Mode) {
		v = append(v, violation(s.TracingConfig.Mode, "tracingConfig.mode", "Member must satisfy enum value set: [Active, PassThrough]"))
	}
	if s.LoggingConfig != nil && s.LoggingConfig.LogFormat != "" && !slices.Contains([]string{"JSON", "Text"}, s.LoggingConfig.LogFormat) {
		v = append(v, violation(s.LoggingConfig.LogFormat, "loggingConfig.logFormat", "Member must satisfy enum value set: [JSON, Text]"))
	}
	return append(v, s.referenceViolations()...)
}

// referenceViolations checks the members that name other resources.
func (s *settings) referenceViolations() []string {
	var v []string
	if s.KMSKeyArn != nil && !optionalARNRe.MatchString(*s.KMSKeyArn) {
		v = append(v, violation(*s.KMSKeyArn, "kMSKeyArn", "Member must satisfy regular expression pattern: "+patternOptionalARN))
	}
	if s.DeadLetterConfig != nil && !optionalARNRe.MatchString(s.DeadLetterConfig.TargetArn) {
		v = append(v, violation(s.DeadLetterConfig.TargetArn, "deadLetterConfig.targetArn", "Member must satisfy regular expression pattern: "+patternOptionalARN))
	}
	if s.VpcConfig != nil && len(s.VpcConfig.SubnetIds) > 16 {
		v = append(v, violation(strings.Join(s.VpcConfig.SubnetIds, ", "), "vpcConfig.subnetIds", "Member must have length less than or equal to 16"))
	}
	if s.VpcConfig != nil && len(s.VpcConfig.SecurityGroupIds) > 5 {
		v = append(v, violation(strings.Join(s.VpcConfig.SecurityGroupIds, ", "), "vpcConfig.securityGroupIds", "Member must have length less than or equal to 5"))
	}
	return v
}

func handlerViolations(h string) []string {
	var v []string
	if len(h) > 128 {
		v = append(v, violation(h, "handler", "Member must have length less than or equal to 128"))
	}
	if !handlerRe.MatchString(h) {
		v = append(v, violation(h, "handler", `Member must satisfy regular expression pattern: `+patternHandler))
	}
	return v
}

func appendRange(v []string, value *int32, member string, lo, hi int32) []string {
	switch {
	case value == nil:
	case *value < lo:
		v = append(v, violation(*value, member, "Member must have value greater than or equal to "+itoa(int(lo))))
	case *value > hi:
		v = append(v, violation(*value, member, "Member must have value less than or equal to "+itoa(int(hi))))
	}
	return v
}

func architectureViolations(archs []string) []string {
	if archs == nil {
		return nil
	}
	list := "[" + strings.Join(archs, ", ") + "]"
	if len(archs) != 1 {
		return []string{violation(list, "architectures", "Member must have length less than or equal to 1")}
	}
	if archs[0] != "x86_64" && archs[0] != "arm64" {
		return []string{violation(list, "architectures", "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]")}
	}
	return nil
}

// reservedEnvKeys are set by the Lambda runtime and may not be configured
// (AWS Lambda developer guide, "Defined runtime environment variables").
var reservedEnvKeys = map[string]bool{
	"_HANDLER": true, "_X_AMZN_TRACE_ID": true, "AWS_DEFAULT_REGION": true, "AWS_REGION": true,
	"AWS_EXECUTION_ENV": true, "AWS_LAMBDA_FUNCTION_NAME": true, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": true,
	"AWS_LAMBDA_FUNCTION_VERSION": true, "AWS_LAMBDA_INITIALIZATION_TYPE": true,
	"AWS_LAMBDA_LOG_GROUP_NAME": true, "AWS_LAMBDA_LOG_STREAM_NAME": true, "AWS_ACCESS_KEY": true,
	"AWS_ACCESS_KEY_ID": true, "AWS_SECRET_ACCESS_KEY": true, "AWS_SESSION_TOKEN": true,
	"AWS_LAMBDA_RUNTIME_API": true, "LAMBDA_TASK_ROOT": true, "LAMBDA_RUNTIME_DIR": true,
}

// maxEnvironmentBytes is the 4 KB quota on the JSON-serialised variables.
const maxEnvironmentBytes = 4096

func validateEnvironment(vars map[string]string) *APIError {
	var reserved []string
	for k := range vars {
		if reservedEnvKeys[k] {
			reserved = append(reserved, k)
		}
	}
	if len(reserved) > 0 {
		sort.Strings(reserved)
		return invalidParam("Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: %s", strings.Join(reserved, ", "))
	}
	// AWS measures the compact JSON object; encoding/json sorts the keys,
	// which does not change the length.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // AWS measures '<' as one byte, not \u003c
	if err := enc.Encode(vars); err != nil {
		return serviceError("encode environment: %v", err)
	}
	raw := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	if len(raw) > maxEnvironmentBytes {
		return invalidParam("Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: %s", raw)
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }
