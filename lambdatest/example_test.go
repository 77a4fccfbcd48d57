package lambdatest_test

import (
	"context"
	"fmt"
	"log"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/lambdaform/terraform-provider-lambda/lambdatest"
)

// Creates a Python function on an in-process engine and invokes it. In a
// test, use lambdatest.Start(t) instead of New and Close.
func Example() {
	e, err := lambdatest.New()
	if err != nil {
		log.Fatal(err)
	}
	defer e.Close()
	ctx := context.Background()

	code, err := lambdatest.Zip(map[string]string{"index.py": `
def handler(event, context):
    return {"greeting": "Hello, " + event["name"] + "!"}
`})
	if err != nil {
		log.Fatal(err)
	}
	_, err = e.LambdaClient().CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("hello"),
		Role:         aws.String(e.RoleARN()),
		Runtime:      types.RuntimePython312,
		Handler:      aws.String("index.handler"),
		Code:         &types.FunctionCode{ZipFile: code},
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := e.WaitActive(ctx, "hello"); err != nil {
		log.Fatal(err)
	}

	res, err := e.Invoke(ctx, "hello", map[string]string{"name": "gopher"})
	if err != nil {
		log.Fatal(err)
	}
	var out struct{ Greeting string }
	if err := res.Decode(&out); err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.StatusCode, out.Greeting)
	// Output: 200 Hello, gopher!
}
