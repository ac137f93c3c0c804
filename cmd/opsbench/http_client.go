package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/domain"
)

// benchClient talks to the server over loopback with keep-alive
// connections, as a real client would.
type benchClient struct {
	base string
	hc   *http.Client
	jwt  *auth.JWT
	// hire hires the employee of a token first (app.HireStaff): the server
	// accepts only tokens of known, active employees.
	hire func(context.Context, ...domain.Actor) error
}

func newBenchClient(base string, jwt *auth.JWT, hire func(context.Context, ...domain.Actor) error) *benchClient {
	tr := &http.Transport{MaxIdleConns: 1024, MaxIdleConnsPerHost: 1024, IdleConnTimeout: time.Minute, DisableCompression: true}
	return &benchClient{base: base, hc: &http.Client{Transport: tr, Timeout: 30 * time.Second}, jwt: jwt, hire: hire}
}

// token signs a bearer token for an employee with roles, hiring the
// employee unless they are already hired.
func (c *benchClient) token(ctx context.Context, employeeID, orgUnit string, roles ...domain.Role) (string, error) {
	actor := domain.Actor{EmployeeID: employeeID, Roles: roles, OrgUnitID: orgUnit}
	if err := c.hire(ctx, actor); err != nil {
		return "", err
	}
	return c.jwt.Issue(actor, 24*time.Hour)
}

// send makes one request and reads the whole answer, so the connection
// goes back to the pool. key, when set, is the Idempotency-Key.
func (c *benchClient) send(ctx context.Context, method, path, token, key string, body []byte) (int, []byte, error) {
	return c.sendTo(ctx, c.base, method, path, token, key, body)
}

// sendTo is send to another server than the client's (the plain service
// of --compare-crud), over the same pooled connections.
func (c *benchClient) sendTo(ctx context.Context, base, method, path, token, key string, body []byte) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// command posts body (JSON-encoded) and fails on any non-2xx answer.
func (c *benchClient) command(ctx context.Context, path, token string, body any) (api.CommandResponse, error) {
	var res api.CommandResponse
	b, err := json.Marshal(body)
	if err != nil {
		return res, err
	}
	status, out, err := c.send(ctx, http.MethodPost, path, token, "", b)
	if err != nil {
		return res, fmt.Errorf("POST %s: %w", path, err)
	}
	if status < 200 || status > 299 {
		return res, fmt.Errorf("POST %s: status %d: %.300s", path, status, out)
	}
	return res, json.Unmarshal(out, &res)
}

// get reads path and fails on any non-2xx answer.
func (c *benchClient) get(ctx context.Context, path, token string) error {
	status, out, err := c.send(ctx, http.MethodGet, path, token, "", nil)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	if status < 200 || status > 299 {
		return fmt.Errorf("GET %s: status %d: %.300s", path, status, out)
	}
	return nil
}
