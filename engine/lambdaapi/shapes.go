package lambdaapi

import "encoding/json"

// Wire shapes of the Lambda 2015-03-31 restJson1 API. Member names are the
// Smithy model's (see aws-sdk-go-v2/service/lambda/schemas).

type ephemeralStorage struct {
	Size int32 `json:"Size"`
}

type tracingConfig struct {
	Mode string `json:"Mode"`
}

type loggingConfig struct {
	LogFormat           string `json:"LogFormat,omitempty"`
	LogGroup            string `json:"LogGroup,omitempty"`
	ApplicationLogLevel string `json:"ApplicationLogLevel,omitempty"`
	SystemLogLevel      string `json:"SystemLogLevel,omitempty"`
}

type environment struct {
	Variables map[string]string `json:"Variables"`
}

type functionCode struct {
	ZipFile         []byte `json:"ZipFile"`
	S3Bucket        string `json:"S3Bucket"`
	S3Key           string `json:"S3Key"`
	S3ObjectVersion string `json:"S3ObjectVersion"`
	ImageURI        string `json:"ImageUri"`
}

type deadLetterConfig struct {
	TargetArn string `json:"TargetArn"`
}

// vpcConfig is stored and reported so that modules written for AWS apply
// unchanged; locally every function shares the host's network.
type vpcConfig struct {
	SubnetIds               []string `json:"SubnetIds"`
	SecurityGroupIds        []string `json:"SecurityGroupIds"`
	Ipv6AllowedForDualStack bool     `json:"Ipv6AllowedForDualStack"`
}

type vpcConfigReply struct {
	vpcConfig
	VpcID string `json:"VpcId"`
}

// unsupported holds members the engine cannot honour; they are rejected
// rather than silently dropped (layers and file systems would change what
// the code sees at run time).
type unsupported struct {
	Layers               []string        `json:"Layers"`
	FileSystemConfigs    json.RawMessage `json:"FileSystemConfigs"`
	ImageConfig          json.RawMessage `json:"ImageConfig"`
	CodeSigningConfigArn string          `json:"CodeSigningConfigArn"`
	CapacityProvider     json.RawMessage `json:"CapacityProviderConfig"`
}

type createFunctionRequest struct {
	FunctionName string            `json:"FunctionName"`
	Runtime      *string           `json:"Runtime"`
	PackageType  string            `json:"PackageType"`
	Code         *functionCode     `json:"Code"`
	Publish      bool              `json:"Publish"`
	Environment  *environment      `json:"Environment"`
	Tags         map[string]string `json:"Tags"`
	settings
	unsupported
}

type updateConfigurationRequest struct {
	Runtime     *string      `json:"Runtime"`
	Environment *environment `json:"Environment"`
	RevisionID  string       `json:"RevisionId"`
	settings
	unsupported
}

type updateCodeRequest struct {
	ZipFile         []byte   `json:"ZipFile"`
	S3Bucket        string   `json:"S3Bucket"`
	S3Key           string   `json:"S3Key"`
	S3ObjectVersion string   `json:"S3ObjectVersion"`
	ImageURI        string   `json:"ImageUri"`
	Publish         bool     `json:"Publish"`
	DryRun          bool     `json:"DryRun"`
	RevisionID      string   `json:"RevisionId"`
	Architectures   []string `json:"Architectures"`
}

type publishVersionRequest struct {
	CodeSha256  string `json:"CodeSha256"`
	Description string `json:"Description"`
	RevisionID  string `json:"RevisionId"`
}

type tagResourceRequest struct {
	Tags map[string]string `json:"Tags"`
}

type snapStart struct {
	ApplyOn            string `json:"ApplyOn"`
	OptimizationStatus string `json:"OptimizationStatus"`
}

// functionConfiguration is FunctionConfiguration as returned by
// Create/Get/Update and (with the lifecycle members cleared) by the list
// operations.
type functionConfiguration struct {
	FunctionName               string            `json:"FunctionName"`
	FunctionArn                string            `json:"FunctionArn"`
	Runtime                    string            `json:"Runtime,omitempty"`
	Role                       string            `json:"Role"`
	Handler                    string            `json:"Handler,omitempty"`
	CodeSize                   int64             `json:"CodeSize"`
	Description                string            `json:"Description"`
	Timeout                    int32             `json:"Timeout"`
	MemorySize                 int32             `json:"MemorySize"`
	LastModified               string            `json:"LastModified"`
	CodeSha256                 string            `json:"CodeSha256"`
	Version                    string            `json:"Version"`
	Environment                *environmentReply `json:"Environment,omitempty"`
	TracingConfig              tracingConfig     `json:"TracingConfig"`
	RevisionID                 string            `json:"RevisionId"`
	State                      string            `json:"State,omitempty"`
	StateReason                string            `json:"StateReason,omitempty"`
	StateReasonCode            string            `json:"StateReasonCode,omitempty"`
	LastUpdateStatus           string            `json:"LastUpdateStatus,omitempty"`
	LastUpdateStatusReason     string            `json:"LastUpdateStatusReason,omitempty"`
	LastUpdateStatusReasonCode string            `json:"LastUpdateStatusReasonCode,omitempty"`
	PackageType                string            `json:"PackageType"`
	Architectures              []string          `json:"Architectures"`
	EphemeralStorage           ephemeralStorage  `json:"EphemeralStorage"`
	SnapStart                  snapStart         `json:"SnapStart"`
	LoggingConfig              loggingConfig     `json:"LoggingConfig"`
	KMSKeyArn                  string            `json:"KMSKeyArn,omitempty"`
	DeadLetterConfig           *deadLetterConfig `json:"DeadLetterConfig,omitempty"`
	VpcConfig                  *vpcConfigReply   `json:"VpcConfig,omitempty"`
}

type environmentReply struct {
	Variables map[string]string `json:"Variables"`
}

type codeLocation struct {
	RepositoryType string `json:"RepositoryType"`
	Location       string `json:"Location"`
}

type getFunctionResponse struct {
	Configuration functionConfiguration `json:"Configuration"`
	Code          codeLocation          `json:"Code"`
	Tags          map[string]string     `json:"Tags,omitempty"`
	Concurrency   *concurrencyBody      `json:"Concurrency,omitempty"`
}

type listFunctionsResponse struct {
	Functions  []functionConfiguration `json:"Functions"`
	NextMarker string                  `json:"NextMarker,omitempty"`
}

type listVersionsResponse struct {
	Versions   []functionConfiguration `json:"Versions"`
	NextMarker string                  `json:"NextMarker,omitempty"`
}

type listTagsResponse struct {
	Tags map[string]string `json:"Tags"`
}

type accountLimit struct {
	TotalCodeSize                  int64 `json:"TotalCodeSize"`
	CodeSizeUnzipped               int64 `json:"CodeSizeUnzipped"`
	CodeSizeZipped                 int64 `json:"CodeSizeZipped"`
	ConcurrentExecutions           int32 `json:"ConcurrentExecutions"`
	UnreservedConcurrentExecutions int32 `json:"UnreservedConcurrentExecutions"`
}

type accountUsage struct {
	TotalCodeSize int64 `json:"TotalCodeSize"`
	FunctionCount int64 `json:"FunctionCount"`
}

type accountSettingsResponse struct {
	AccountLimit accountLimit `json:"AccountLimit"`
	AccountUsage accountUsage `json:"AccountUsage"`
}
