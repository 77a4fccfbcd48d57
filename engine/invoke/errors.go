package invoke

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os/exec"
	"strings"

	"github.com/lambdaform/terraform-provider-lambda/engine/runtimeapi"
	"github.com/lambdaform/terraform-provider-lambda/engine/sandbox"
)

// Error types AWS reports for platform-detected failures.
const (
	typeTimedout       = "Sandbox.Timedout"
	typeExitError      = "Runtime.ExitError"
	typeOutOfMemory    = "Runtime.OutOfMemory"
	typeInvalidEntry   = "Runtime.InvalidEntrypoint"
	typeResponseTooBig = "Function.ResponseSizeTooLarge"
	typeUnknown        = "Runtime.Unknown"
)

// ErrClosed is returned by Invoke after Close.
var ErrClosed = errors.New("invoke: manager closed")

type errorShape struct {
	ErrorMessage string `json:"errorMessage"`
	ErrorType    string `json:"errorType"`
}

// platformError renders the body AWS returns when the platform, not the
// function, ended an invocation: "RequestId: <id> Error: <msg>".
func platformError(requestID, typ, msg string) []byte {
	b, _ := json.Marshal(errorShape{ErrorMessage: "RequestId: " + requestID + " Error: " + msg, ErrorType: typ})
	return b
}

func timeoutMessage(sec int) string {
	return fmt.Sprintf("Task timed out after %d.00 seconds", sec)
}

func tooLargeBody() []byte {
	b, _ := json.Marshal(errorShape{
		ErrorMessage: fmt.Sprintf("Response payload size exceeded maximum allowed payload size (%d bytes).", runtimeapi.MaxResponseSize),
		ErrorType:    typeResponseTooBig,
	})
	return b
}

// exitFailure describes a runtime that exited when it should not have.
// Go's ExitError text ("exit status 2", "signal: killed") is what AWS's
// own (Go) platform prints too.
func exitFailure(ex sandbox.Exit) (typ, msg string) {
	typ = typeExitError
	if ex.OOM {
		typ = typeOutOfMemory
	}
	var ee *exec.ExitError
	if ex.Err == nil || (errors.As(ex.Err, &ee) && ee.ExitCode() == 0) {
		return typ, "Runtime exited without providing a reason"
	}
	return typ, "Runtime exited with error: " + ex.Err.Error()
}

// startFailure describes a bootstrap the OS could not execute; AWS
// reports every such case as Runtime.InvalidEntrypoint.
func startFailure(cmd []string, err error) string {
	if errors.Is(err, fs.ErrNotExist) && len(cmd) > 0 {
		return "Couldn't find valid bootstrap(s): [" + strings.Join(cmd[:1], " ") + "]"
	}
	// Permission denied, exec format error: AWS shows the OS error.
	return err.Error()
}

// initErrorBody passes the runtime's init error through, as AWS does, and
// builds the standard shape when the runtime posted no body.
func initErrorBody(ie runtimeapi.InitError) (body []byte, typ string) {
	typ = ie.ErrorType
	if typ == "" {
		typ = typeUnknown
	}
	if len(ie.Body) > 0 {
		return ie.Body, typ
	}
	b, _ := json.Marshal(errorShape{ErrorMessage: "", ErrorType: typ})
	return b, typ
}
