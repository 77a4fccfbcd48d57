package store

import "time"

// LatestVersion is the qualifier of a function's mutable, unpublished version.
const LatestVersion = "$LATEST"

// Function holds what belongs to a function as a whole rather than to one of
// its versions.
type Function struct {
	Name        string            `json:"name"`
	Tags        map[string]string `json:"tags,omitempty"`
	LastVersion int               `json:"lastVersion"` // highest published version number, 0 if none
	CreatedAt   time.Time         `json:"createdAt"`
}

// CodeRef points at a function version's deployment package.
type CodeRef struct {
	BlobKey string `json:"blobKey"` // hex sha256 of the zip; names the blob file
	Sha256  string `json:"sha256"`  // base64 sha256, as AWS reports CodeSha256
	Size    int64  `json:"size"`
}

// Version is one version of a function. $LATEST is updated in place;
// published versions ("1", "2", …) are immutable snapshots of $LATEST except
// for their lifecycle state.
type Version struct {
	FunctionName string `json:"functionName"`
	Version      string `json:"version"`

	Description   string   `json:"description"`
	Role          string   `json:"role"`
	Runtime       string   `json:"runtime"`
	Handler       string   `json:"handler"`
	PackageType   string   `json:"packageType"`
	MemorySize    int32    `json:"memorySize"`
	Timeout       int32    `json:"timeout"`
	EphemeralSize int32    `json:"ephemeralSize"`
	Architectures []string `json:"architectures"`
	TracingMode   string   `json:"tracingMode"`
	Logging       Logging  `json:"logging"`

	KMSKeyArn        string `json:"kmsKeyArn,omitempty"`
	DeadLetterTarget string `json:"deadLetterTarget,omitempty"`
	Vpc              Vpc    `json:"vpc"`

	// Environment variables are stored sealed (encrypted); HasEnvironment
	// distinguishes "no Environment block" from an empty one.
	HasEnvironment  bool   `json:"hasEnvironment"`
	EnvironmentSeal []byte `json:"environmentSeal,omitempty"`

	Code         CodeRef   `json:"code"`
	LastModified time.Time `json:"lastModified"`
	RevisionID   string    `json:"revisionId"`

	State                      string `json:"state"`
	StateReason                string `json:"stateReason,omitempty"`
	StateReasonCode            string `json:"stateReasonCode,omitempty"`
	LastUpdateStatus           string `json:"lastUpdateStatus,omitempty"`
	LastUpdateStatusReason     string `json:"lastUpdateStatusReason,omitempty"`
	LastUpdateStatusReasonCode string `json:"lastUpdateStatusReasonCode,omitempty"`
}

// Logging is a version's CloudWatch Logs configuration.
type Logging struct {
	LogFormat           string `json:"logFormat"`
	LogGroup            string `json:"logGroup"`
	ApplicationLogLevel string `json:"applicationLogLevel,omitempty"`
	SystemLogLevel      string `json:"systemLogLevel,omitempty"`
}

// Vpc is a version's VpcConfig. The engine records it so that configurations
// written for AWS apply unchanged; it does not isolate the network.
type Vpc struct {
	SubnetIDs        []string `json:"subnetIds,omitempty"`
	SecurityGroupIDs []string `json:"securityGroupIds,omitempty"`
	Ipv6DualStack    bool     `json:"ipv6DualStack,omitempty"`
}
