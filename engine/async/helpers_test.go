package async_test

import (
	"context"

	"github.com/lambdaform/terraform-provider-lambda/engine/invoke"
)

type nopInvoker struct{}

func (nopInvoker) Invoke(context.Context, invoke.Function, invoke.Request) (invoke.Result, error) {
	return invoke.Result{Payload: []byte(`null`)}, nil
}
