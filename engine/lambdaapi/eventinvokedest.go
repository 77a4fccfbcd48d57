package lambdaapi

import (
	"strings"

	"github.com/lambdaform/terraform-provider-lambda/engine/store"
)

// checkDestinations applies AWS's checks on destination ARNs: a service
// that can receive records (S3 only on failure), and a function
// destination that exists and is not the function itself. SQS, SNS and
// EventBridge ARNs are accepted unchecked; the engine delivers only to
// SQS and counts deliveries to the others as failures.
func (a *API) checkDestinations(function string, d *destinationRequest) *APIError {
	if d == nil {
		return nil
	}
	if !destinationService(d.OnSuccess.arn(), false) || !destinationService(d.OnFailure.arn(), true) {
		return invalidDestinationConfig(d)
	}
	for _, arn := range []string{d.OnSuccess.arn(), d.OnFailure.arn()} {
		if apiErr := a.checkFunctionDestination(function, arn); apiErr != nil {
			return apiErr
		}
	}
	return nil
}

func destinationService(arn string, onFailure bool) bool {
	if arn == "" || strings.HasPrefix(arn, "kafka://") {
		return true
	}
	switch parts := strings.SplitN(arn, ":", 4); parts[2] {
	case "lambda", "sqs", "sns", "events":
		return true
	case "s3":
		return onFailure
	}
	return false
}

func (a *API) checkFunctionDestination(function, arn string) *APIError {
	if !strings.HasPrefix(arn, "arn:") || strings.SplitN(arn, ":", 4)[2] != "lambda" {
		return nil
	}
	ref, apiErr := parseFunctionRef(arn, opOther, a.cfg.Region, a.cfg.AccountID)
	if apiErr != nil {
		return invalidParam("The destination ARN %s is invalid.", arn)
	}
	err := a.cfg.Store.View(func(tx *store.Tx) error {
		_, err := tx.Function(ref.Name)
		return err
	})
	if isNotFound(err) {
		return invalidParam("The destination ARN %s is invalid.", arn)
	}
	if err != nil {
		return serviceError("%v", err)
	}
	if ref.Name == function {
		return invalidParam("You can't specify the function as a destination for itself.")
	}
	return nil
}
