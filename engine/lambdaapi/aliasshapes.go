package lambdaapi

// Wire shapes of the alias and permission operations (Smithy model member
// names; see aws-sdk-go-v2/service/lambda/schemas).

type routingConfig struct {
	AdditionalVersionWeights map[string]float64 `json:"AdditionalVersionWeights"`
}

type aliasRequest struct {
	Name            *string        `json:"Name"`
	FunctionVersion *string        `json:"FunctionVersion"`
	Description     *string        `json:"Description"`
	RoutingConfig   *routingConfig `json:"RoutingConfig"`
	RevisionID      string         `json:"RevisionId"`
}

type aliasConfiguration struct {
	AliasArn        string         `json:"AliasArn"`
	Name            string         `json:"Name"`
	FunctionVersion string         `json:"FunctionVersion"`
	Description     string         `json:"Description"`
	RevisionID      string         `json:"RevisionId"`
	RoutingConfig   *routingConfig `json:"RoutingConfig,omitempty"`
}

type listAliasesResponse struct {
	Aliases    []aliasConfiguration `json:"Aliases"`
	NextMarker string               `json:"NextMarker,omitempty"`
}

type addPermissionRequest struct {
	StatementID           *string `json:"StatementId"`
	Action                *string `json:"Action"`
	Principal             *string `json:"Principal"`
	SourceArn             *string `json:"SourceArn"`
	SourceAccount         *string `json:"SourceAccount"`
	EventSourceToken      *string `json:"EventSourceToken"`
	PrincipalOrgID        *string `json:"PrincipalOrgID"`
	FunctionURLAuthType   *string `json:"FunctionUrlAuthType"`
	InvokedViaFunctionURL *bool   `json:"InvokedViaFunctionUrl"`
	RevisionID            string  `json:"RevisionId"`
}

type addPermissionResponse struct {
	Statement string `json:"Statement"`
}

type getPolicyResponse struct {
	Policy     string `json:"Policy"`
	RevisionID string `json:"RevisionId"`
}
