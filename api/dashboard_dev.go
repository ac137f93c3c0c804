package api

import (
	"context"
	"io"
	"net/http"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// The dashboard's demo sign-in (rule D-dev-signin): in development
// (OPS_DEV=1) the page lists the active employees and signs in as the one
// picked, so a developer does not have to make tokens by hand. Anyone
// who can reach such a server can act as anyone, which is why the routes
// exist only when the composition root gives the server DevTokens, and it
// does so only with OPS_DEV=1; elsewhere they answer 404 like any
// unknown route.

// DevTokens issues tokens for the demo sign-in.
type DevTokens interface {
	// Employees lists the active employees one may sign in as.
	Employees(ctx context.Context) ([]DevEmployee, error)
	// Issue signs a token for one of them, as their recorded role and
	// org unit; an unknown or departed employee is domain.ErrNotFound.
	Issue(ctx context.Context, employeeID string) (DevToken, error)
}

// DevEmployee is one employee of the demo sign-in list.
type DevEmployee struct {
	EmployeeID string `json:"employee_id"`
	Name       string `json:"name"`
	Role       string `json:"role"`
	OrgUnitID  string `json:"org_unit_id,omitempty"`
}

// DevEmployees is the list GET /dev/employees answers.
type DevEmployees struct {
	Items []DevEmployee `json:"items"`
}

// DevTokenRequest names the employee to sign in as.
type DevTokenRequest struct {
	EmployeeID string `json:"employee_id"`
}

// DevToken is a signed bearer token.
type DevToken struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
}

// devRoutes mount the demo sign-in, in development only.
func devRoutes(s *Server, rt *routes) {
	if s.DevTokens == nil {
		return
	}
	rt.add(Route{Method: http.MethodGet, Pattern: "/dev/employees", Tag: "Dashboard", Public: true,
		Summary: "Development only (OPS_DEV=1): the employees the dashboard's demo sign-in offers", Response: DevEmployees{}},
		s.devEmployees)
	rt.add(Route{Method: http.MethodPost, Pattern: "/dev/tokens", Tag: "Dashboard", Public: true, Status: http.StatusCreated,
		Summary: "Development only (OPS_DEV=1): a token for a listed employee", Request: DevTokenRequest{}, Response: DevToken{}},
		s.devToken)
}

func (s *Server) devEmployees(w http.ResponseWriter, r *http.Request) {
	list, err := s.DevTokens.Employees(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, DevEmployees{Items: list})
}

func (s *Server) devToken(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 4096))
	if err != nil {
		writeProblem(w, r, newProblem(http.StatusRequestEntityTooLarge, kindTooLarge, "Body too large", "a sign-in request is a few bytes"))
		return
	}
	var req DevTokenRequest
	if err := decodeStrict(body, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	if req.EmployeeID == "" {
		s.writeError(w, r, domain.InvalidField("employee_id", "required: the employee to sign in as"))
		return
	}
	tok, err := s.DevTokens.Issue(r.Context(), req.EmployeeID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, tok)
}
