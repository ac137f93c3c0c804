package api

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// problemType is one kind of problem the API answers with: its status
// and what it means for a client.
type problemType struct {
	Kind    string
	Status  int
	Meaning string
}

// problemTypes lists every problem kind of problem.go, so the document
// tells clients what each `type` means. A test checks it is complete.
var problemTypes = []problemType{
	{kindMalformed, http.StatusBadRequest, "the request cannot be read: bad JSON, an unknown field or query parameter, a malformed header or cursor"},
	{kindUnauthenticated, http.StatusUnauthorized, "no valid bearer token"},
	{kindForbidden, http.StatusForbidden, "the token's roles or scope do not allow this"},
	{kindNotFound, http.StatusNotFound, "no such resource (or route)"},
	{kindMethodMissing, http.StatusMethodNotAllowed, "the route exists but not with this method"},
	{kindConflict, http.StatusConflict, "the resource changed while the command was decided, or is in a state that conflicts with it"},
	{kindRejected, http.StatusConflict, "a business rule refused the command; `rule` names it"},
	{kindStale, http.StatusPreconditionFailed, "If-Match names a version the resource is no longer at; the ETag header names the current one"},
	{kindTooLarge, http.StatusRequestEntityTooLarge, "the body is larger than the API reads"},
	{kindMediaType, http.StatusUnsupportedMediaType, "the body is not application/json"},
	{kindNotAcceptable, http.StatusNotAcceptable, "the Accept header asks for no media type the route serves; `detail` lists them"},
	{kindInvalid, http.StatusUnprocessableEntity, "a field is missing or invalid; `errors` names each field and why"},
	{kindIdempotency, http.StatusUnprocessableEntity, "the Idempotency-Key was used before for a different request"},
	{kindRateLimited, http.StatusTooManyRequests, "too many requests; retry after Retry-After seconds"},
	{kindInternal, http.StatusInternalServerError, "an unexpected error; the request may be retried with its Idempotency-Key"},
	{kindUnavailable, http.StatusServiceUnavailable, "the read side has not yet caught up with ?after=; retry after Retry-After seconds"},
	{kindStoreDown, http.StatusServiceUnavailable, "the database cannot be reached; retry after Retry-After seconds"},
}

func problemTypeList() []any {
	out := make([]any, 0, len(problemTypes))
	for _, p := range problemTypes {
		out = append(out, map[string]any{"type": problemBase + p.Kind, "status": p.Status, "meaning": p.Meaning})
	}
	return out
}

func problemTypesMarkdown() string {
	var b strings.Builder
	for _, p := range problemTypes {
		fmt.Fprintf(&b, "- `%s%s` (%d): %s\n", problemBase, p.Kind, p.Status, p.Meaning)
	}
	return b.String()
}

// problemStatuses are the problem answers an operation can give: every
// authenticated route can refuse the token, the role, the rate or an
// unreachable store; queries add what their parameters allow, commands
// what their bodies and preconditions allow.
func problemStatuses(rt Route, public bool) []int {
	if public {
		if rt.Pattern == "/docs/{asset}" || rt.Pattern == "/dashboard/{asset}" {
			return []int{http.StatusNotFound}
		}
		if rt.Request != nil { // the development sign-in
			return []int{http.StatusBadRequest, http.StatusNotFound, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity}
		}
		return nil // /readyz documents its own 503 (operation)
	}
	statuses := []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusUnprocessableEntity,
		http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusServiceUnavailable}
	if rt.Request != nil {
		statuses = append(statuses, http.StatusNotFound, http.StatusConflict, http.StatusPreconditionFailed,
			http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType)
	} else if len(pathParams(rt.Pattern)) > 0 || rt.MayNotFind {
		statuses = append(statuses, http.StatusNotFound)
	}
	if len(rt.Produces) > 0 {
		statuses = append(statuses, http.StatusNotAcceptable)
	}
	if rt.MayConflict && rt.Request == nil {
		statuses = append(statuses, http.StatusConflict)
	}
	slices.Sort(statuses)
	return statuses
}

func problemResponseName(status int) string { return fmt.Sprintf("Problem%d", status) }

// problemResponses are the shared problem answers, one per status, each
// naming the problem types it carries.
func problemResponses() map[string]any {
	out := map[string]any{}
	for _, p := range problemTypes {
		if p.Status == http.StatusMethodNotAllowed {
			continue // answered for a method no operation has, so no operation lists it
		}
		name := problemResponseName(p.Status)
		r, ok := out[name].(map[string]any)
		if !ok {
			r = map[string]any{"description": http.StatusText(p.Status) + ":",
				"content": map[string]any{"application/problem+json": map[string]any{"schema": ref("Problem")}}}
			if p.Status == http.StatusTooManyRequests || p.Status == http.StatusServiceUnavailable {
				r["headers"] = map[string]any{"Retry-After": map[string]any{"$ref": "#/components/headers/RetryAfter"}}
			}
			if p.Status == http.StatusPreconditionFailed {
				r["headers"] = map[string]any{"ETag": map[string]any{"$ref": "#/components/headers/ETag"}}
			}
			out[name] = r
		}
		r["description"] = r["description"].(string) + " " + p.Kind + " (" + p.Meaning + ");"
	}
	return out
}
