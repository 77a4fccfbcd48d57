package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// benchRole is any well-formed role ARN: the engine checks its shape only.
const benchRole = "arn:aws:iam::000000000000:role/lambdaform-bench"

// controlAPI drives the engine's Lambda control plane with unsigned plain
// HTTP requests, the same way the invokers do.
type controlAPI struct {
	base   string
	client *http.Client
}

// createBody is a CreateFunction request for spec under name.
func createBody(name string, spec runtimeSpec) ([]byte, error) {
	return json.Marshal(map[string]any{
		"FunctionName": name, "Runtime": spec.Runtime, "Handler": spec.Handler,
		"Role": benchRole, "Code": map[string]any{"ZipFile": spec.Zip}, // []byte marshals as base64
	})
}

// post sends a prepared CreateFunction body.
func (a controlAPI) post(ctx context.Context, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.base+"/2015-03-31/functions", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	return a.do(req, http.StatusCreated)
}

func (a controlAPI) do(req *http.Request, want int) error {
	resp, err := a.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: status %d: %.300s", req.Method, req.URL.Path, resp.StatusCode, body)
	}
	return nil
}

// create creates name from spec and waits for it to become Active.
func (a controlAPI) create(ctx context.Context, name string, spec runtimeSpec) error {
	body, err := createBody(name, spec)
	if err != nil {
		return err
	}
	if err := a.post(ctx, body); err != nil {
		return err
	}
	return a.waitActive(ctx, name)
}

// waitActive polls GetFunction until State is Active (bounded to 30 s).
func (a controlAPI) waitActive(ctx context.Context, name string) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		state, err := a.state(ctx, name)
		if err != nil || state == "Active" {
			return err
		}
		if state == "Failed" {
			return fmt.Errorf("function %s: state Failed", name)
		}
		time.Sleep(time.Millisecond)
	}
	return fmt.Errorf("function %s: not Active after 30s", name)
}

func (a controlAPI) state(ctx context.Context, name string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.base+"/2015-03-31/functions/"+name, nil)
	if err != nil {
		return "", err
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct{ Configuration struct{ State string } }
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GetFunction %s: status %d", name, resp.StatusCode)
	}
	err = json.NewDecoder(resp.Body).Decode(&out)
	return out.Configuration.State, err
}
