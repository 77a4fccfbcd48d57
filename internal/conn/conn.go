// Package conn holds the client the provider hands to its resources and data
// sources. It lives outside provider/ so that resources/ and datasources/ can
// import it without an import cycle (provider/ imports both of them).
package conn

import (
	"fmt"
	"maps"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// Backend names accepted by the provider's backend argument.
const (
	BackendLocal = "local"
	BackendAWS   = "aws"
)

// Client is the configured provider: one Lambda API client aimed either at
// AWS or at a Lambdaform engine, plus the settings resources need to plan.
type Client struct {
	Lambda *lambda.Client
	// CloudWatch reads function metrics (namespace AWS/Lambda): from AWS,
	// or from the engine, which serves the CloudWatch API on its endpoint.
	CloudWatch  *cloudwatch.Client
	Backend     string
	Region      string
	DefaultTags map[string]string

	// locks serialises policy and version writes per function.
	locks keyedMutex
}

// MergeTags returns the provider's default tags overlaid with the resource's
// own tags, which win on conflicting keys (as in the AWS provider's tags_all).
func (c *Client) MergeTags(tags map[string]string) map[string]string {
	out := make(map[string]string, len(c.DefaultTags)+len(tags))
	maps.Copy(out, c.DefaultTags)
	maps.Copy(out, tags)
	return out
}

// FromProviderData is what resources and data sources do in Configure: it
// returns the provider's client, or nil (with nothing to report) before the
// provider is configured, as during validation.
func FromProviderData(data any, diags *diag.Diagnostics) *Client {
	if data == nil {
		return nil
	}
	c, ok := data.(*Client)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *conn.Client, got %T", data))
	}
	return c
}
