// Command go-function is the handler of examples/modules/go-function: an
// aws-lambda-go function for the provided.al2023 runtime. It adds up the
// numbers of its event and reports what the Lambda context tells it.
package main

import (
	"context"
	"errors"
	"os"
	"runtime"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

// request is the event the function expects.
type request struct {
	Numbers []float64 `json:"numbers"`
}

// response is what the function answers.
type response struct {
	Sum       float64 `json:"sum"`
	Count     int     `json:"count"`
	Label     string  `json:"label"`
	Function  string  `json:"function"`
	RequestID string  `json:"request_id"`
	GoOS      string  `json:"goos"`
}

// label is read once per execution environment, during init.
var label = os.Getenv("LABEL")

func handle(ctx context.Context, req request) (response, error) {
	if len(req.Numbers) == 0 {
		return response{}, errors.New("numbers must not be empty")
	}
	var sum float64
	for _, n := range req.Numbers {
		sum += n
	}
	res := response{Sum: sum, Count: len(req.Numbers), Label: label, GoOS: runtime.GOOS,
		Function: lambdacontext.FunctionName}
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		res.RequestID = lc.AwsRequestID
	}
	return res, nil
}

func main() {
	lambda.Start(handle)
}
