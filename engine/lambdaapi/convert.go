package lambdaapi

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// AWS defaults for members CreateFunction leaves out (Lambda API reference).
const (
	defaultMemorySize    = 128
	defaultTimeout       = 3
	defaultEphemeralSize = 512
	defaultArchitecture  = "x86_64"
	defaultTracingMode   = "PassThrough"
	defaultLogFormat     = "Text"
	packageTypeZip       = "Zip"
	maxTags              = 50
)

// applySettings copies the members present in s onto v.
func applySettings(v *store.Version, s settings) {
	setIf(&v.Role, s.Role)
	setIf(&v.Handler, s.Handler)
	setIf(&v.Description, s.Description)
	setIf(&v.Timeout, s.Timeout)
	setIf(&v.MemorySize, s.MemorySize)
	if s.EphemeralStorage != nil {
		v.EphemeralSize = s.EphemeralStorage.Size
	}
	if s.Architectures != nil {
		v.Architectures = slices.Clone(s.Architectures)
	}
	if s.TracingConfig != nil && s.TracingConfig.Mode != "" {
		v.TracingMode = s.TracingConfig.Mode
	}
	if s.LoggingConfig != nil {
		applyLogging(&v.Logging, *s.LoggingConfig)
	}
	setIf(&v.KMSKeyArn, s.KMSKeyArn)
	if s.DeadLetterConfig != nil {
		v.DeadLetterTarget = s.DeadLetterConfig.TargetArn
	}
	if s.VpcConfig != nil {
		v.Vpc = store.Vpc{SubnetIDs: slices.Clone(s.VpcConfig.SubnetIds),
			SecurityGroupIDs: slices.Clone(s.VpcConfig.SecurityGroupIds),
			Ipv6DualStack:    s.VpcConfig.Ipv6AllowedForDualStack}
	}
}

// applyLogging merges a LoggingConfig into the stored one. Switching to JSON
// turns on INFO application and system log levels, and switching back to
// Text drops them, as AWS does.
func applyLogging(l *store.Logging, in loggingConfig) {
	if in.LogFormat != "" {
		l.LogFormat = in.LogFormat
	}
	if in.LogGroup != "" {
		l.LogGroup = in.LogGroup
	}
	setNonEmpty(&l.ApplicationLogLevel, in.ApplicationLogLevel)
	setNonEmpty(&l.SystemLogLevel, in.SystemLogLevel)
	switch l.LogFormat {
	case "JSON":
		if l.ApplicationLogLevel == "" {
			l.ApplicationLogLevel = "INFO"
		}
		if l.SystemLogLevel == "" {
			l.SystemLogLevel = "INFO"
		}
	default:
		l.ApplicationLogLevel, l.SystemLogLevel = "", ""
	}
}

func setIf[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

func setNonEmpty(dst *string, src string) {
	if src != "" {
		*dst = src
	}
}

// newLatest builds the $LATEST record of a function being created.
func newLatest(name string, req *createFunctionRequest) store.Version {
	v := store.Version{
		FunctionName:  name,
		Version:       store.LatestVersion,
		PackageType:   packageTypeZip,
		MemorySize:    defaultMemorySize,
		Timeout:       defaultTimeout,
		EphemeralSize: defaultEphemeralSize,
		Architectures: []string{defaultArchitecture},
		TracingMode:   defaultTracingMode,
		Logging:       store.Logging{LogFormat: defaultLogFormat, LogGroup: "/aws/lambda/" + name},
		State:         statePending, StateReason: reasonCreating, StateReasonCode: reasonCodeCreating,
	}
	setIf(&v.Runtime, req.Runtime)
	applySettings(&v, req.settings)
	return v
}

// sealEnvironment stores vars encrypted on v; nil means no Environment.
func (a *API) sealEnvironment(v *store.Version, env *environment) *APIError {
	if env == nil {
		return nil
	}
	vars := env.Variables
	if vars == nil {
		vars = map[string]string{}
	}
	raw, err := json.Marshal(vars)
	if err != nil {
		return serviceError("encode environment: %v", err)
	}
	sealed, err := a.cfg.Secrets.Seal(raw)
	if err != nil {
		return serviceError("seal environment: %v", err)
	}
	v.HasEnvironment, v.EnvironmentSeal = true, sealed
	return nil
}

// sameEnvironment reports whether v already holds exactly env's variables.
// Keeping the old seal then keeps the stored version byte-identical, so
// re-sending unchanged variables does not count as a change when publishing.
func (a *API) sameEnvironment(v store.Version, env *environment) bool {
	cur, err := a.openEnvironment(v)
	if err != nil || cur == nil {
		return false
	}
	return maps.Equal(cur.Variables, env.Variables)
}

func (a *API) openEnvironment(v store.Version) (*environmentReply, error) {
	if !v.HasEnvironment {
		return nil, nil
	}
	raw, err := a.cfg.Secrets.Open(v.EnvironmentSeal)
	if err != nil {
		return nil, fmt.Errorf("open environment of %s:%s: %w", v.FunctionName, v.Version, err)
	}
	vars := map[string]string{}
	if err := json.Unmarshal(raw, &vars); err != nil {
		return nil, fmt.Errorf("decode environment of %s:%s: %w", v.FunctionName, v.Version, err)
	}
	return &environmentReply{Variables: vars}, nil
}

// configuration renders a version as FunctionConfiguration.
func (a *API) configuration(v store.Version, arn string) (functionConfiguration, *APIError) {
	env, err := a.openEnvironment(v)
	if err != nil {
		return functionConfiguration{}, serviceError("%v", err)
	}
	return functionConfiguration{
		FunctionName: v.FunctionName, FunctionArn: arn, Runtime: v.Runtime, Role: v.Role,
		Handler: v.Handler, CodeSize: v.Code.Size, Description: v.Description, Timeout: v.Timeout,
		MemorySize: v.MemorySize, LastModified: formatTime(v.LastModified), CodeSha256: v.Code.Sha256,
		Version: v.Version, Environment: env, TracingConfig: tracingConfig{Mode: v.TracingMode},
		RevisionID: v.RevisionID, State: v.State, StateReason: v.StateReason,
		StateReasonCode: v.StateReasonCode, LastUpdateStatus: v.LastUpdateStatus,
		LastUpdateStatusReason: v.LastUpdateStatusReason, LastUpdateStatusReasonCode: v.LastUpdateStatusReasonCode,
		PackageType: v.PackageType, Architectures: v.Architectures,
		EphemeralStorage: ephemeralStorage{Size: v.EphemeralSize},
		SnapStart:        snapStart{ApplyOn: "None", OptimizationStatus: "Off"},
		LoggingConfig: loggingConfig{LogFormat: v.Logging.LogFormat, LogGroup: v.Logging.LogGroup,
			ApplicationLogLevel: v.Logging.ApplicationLogLevel, SystemLogLevel: v.Logging.SystemLogLevel},
		KMSKeyArn:        v.KMSKeyArn,
		DeadLetterConfig: deadLetterReply(v.DeadLetterTarget),
		VpcConfig:        vpcReply(v.Vpc),
	}, nil
}

func deadLetterReply(target string) *deadLetterConfig {
	if target == "" {
		return nil
	}
	return &deadLetterConfig{TargetArn: target}
}

// vpcReply leaves VpcConfig out for functions not attached to a VPC.
func vpcReply(v store.Vpc) *vpcConfigReply {
	if len(v.SubnetIDs) == 0 && len(v.SecurityGroupIDs) == 0 {
		return nil
	}
	return &vpcConfigReply{vpcConfig: vpcConfig{SubnetIds: v.SubnetIDs,
		SecurityGroupIds: v.SecurityGroupIDs, Ipv6AllowedForDualStack: v.Ipv6DualStack}}
}

// listed renders a version as the list operations do: AWS leaves out the
// lifecycle members there (use GetFunction for those).
func (a *API) listed(v store.Version, arn string) (functionConfiguration, *APIError) {
	c, apiErr := a.configuration(v, arn)
	c.State, c.StateReason, c.StateReasonCode = "", "", ""
	c.LastUpdateStatus, c.LastUpdateStatusReason, c.LastUpdateStatusReasonCode = "", "", ""
	return c, apiErr
}

// rejectUnsupported answers members the local engine cannot honour.
func rejectUnsupported(u unsupported) *APIError {
	present := map[string]bool{
		"Layers":                 len(u.Layers) > 0,
		"FileSystemConfigs":      hasContent(u.FileSystemConfigs),
		"ImageConfig":            hasContent(u.ImageConfig),
		"CodeSigningConfigArn":   u.CodeSigningConfigArn != "",
		"CapacityProviderConfig": hasContent(u.CapacityProvider),
	}
	for _, name := range []string{"Layers", "FileSystemConfigs", "ImageConfig", "CodeSigningConfigArn", "CapacityProviderConfig"} {
		if present[name] {
			return invalidParam("The local Lambdaform engine does not support %s.", name)
		}
	}
	return nil
}

// hasContent reports whether a raw member carries any non-empty value;
// null, "", [] and objects of only such values count as absent.
func hasContent(raw json.RawMessage) bool {
	if len(raw) == 0 {
		return false
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return true
	}
	return !isEmptyJSON(v)
}

func isEmptyJSON(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		for _, e := range x {
			if !isEmptyJSON(e) {
				return false
			}
		}
		return true
	}
	return false
}

// zipOnly answers code sources other than an inline zip.
func zipOnly(s3Bucket, s3Key, imageURI string) *APIError {
	if s3Bucket != "" || s3Key != "" || imageURI != "" {
		return invalidParam("The local Lambdaform engine accepts function code as ZipFile only; S3Bucket/S3Key/S3ObjectVersion and ImageUri are not supported.")
	}
	return nil
}
