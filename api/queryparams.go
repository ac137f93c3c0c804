package api

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/opsledger/opsledger/queries"
)

// QueryParam describes one query parameter of a GET route: the route
// table checks a request against it before the handler runs, and the
// OpenAPI document is written from it, so what is served and what is
// documented are the same list.
type QueryParam struct {
	Name string
	// Enum lists the values the parameter accepts; empty: any text.
	Enum []string
	// Format is how a value must read: FormatDateTime, FormatDate,
	// FormatInteger, FormatBoolean, FormatCursor, or "" for free text.
	Format      string
	Description string
	// Requires names a parameter that must be given with this one.
	Requires string
}

// Formats of query parameter values (the OpenAPI string formats, plus
// integer, boolean and cursor).
const (
	FormatDateTime = "date-time"
	FormatDate     = "date"
	FormatInteger  = "integer"
	FormatBoolean  = "boolean"
	FormatCursor   = "cursor"
)

// text is a free-text parameter (an id, a name).
func text(name, description string) QueryParam {
	return QueryParam{Name: name, Description: description}
}

// oneOf is a parameter that takes one of values.
func oneOf(name string, values []string, description string) QueryParam {
	return QueryParam{Name: name, Enum: values, Description: description}
}

// sortBy is ?sort= taking one of a list's sort options.
func sortBy(options []string) QueryParam {
	return oneOf("sort", options, `order of the list ("-" prefixed: descending)`)
}

// boolean is a true/false flag (absent: false).
func boolean(name, description string) QueryParam {
	return QueryParam{Name: name, Format: FormatBoolean, Description: description}
}

// integer is a whole number parameter.
func integer(name, description string) QueryParam {
	return QueryParam{Name: name, Format: FormatInteger, Description: description}
}

// dateTime is an RFC 3339 time parameter.
func dateTime(name, description string) QueryParam {
	return QueryParam{Name: name, Format: FormatDateTime, Description: description}
}

// day is a date parameter: YYYY-MM-DD, or an RFC 3339 time on that day.
func day(name, description string) QueryParam {
	return QueryParam{Name: name, Format: FormatDate, Description: description}
}

// The parameters every read takes: the position to wait for, and on a
// list the page.
var (
	afterParam = QueryParam{Name: "after", Description: "a position a command returned: answer once the read model has passed it"}
	pageParams = []QueryParam{
		{Name: "cursor", Format: FormatCursor, Description: "next_cursor of the previous page"},
		{Name: "limit", Format: FormatInteger, Description: "rows per page, 1 to " + strconv.Itoa(queries.MaxPageSize)},
	}
)

// listParams are a list's filters followed by the page and the position.
func listParams(filters ...QueryParam) []QueryParam {
	return append(append(filters, pageParams...), afterParam)
}

// paramNames lists the names of params.
func paramNames(params []QueryParam) []string {
	out := make([]string, len(params))
	for i, p := range params {
		out[i] = p.Name
	}
	return out
}

// checkQuery refuses (400 naming the parameter) a query string that names
// a parameter the route does not take, gives a value outside a
// parameter's values or in the wrong format, or gives a parameter without
// the one it requires.
func checkQuery(params []QueryParam, r *http.Request) *Problem {
	q := r.URL.Query()
	for name := range q {
		if !slices.ContainsFunc(params, func(p QueryParam) bool { return p.Name == name }) {
			return unknownParam(name, paramNames(params))
		}
	}
	for _, p := range params {
		for _, v := range q[p.Name] {
			if v == "" {
				continue // an empty value is the parameter's absence
			}
			if reason := p.refuse(v); reason != "" {
				return badParam(p.Name, reason)
			}
			if p.Requires != "" && q.Get(p.Requires) == "" {
				return badParam(p.Name, fmt.Sprintf("%s needs %s: say which %s it names", p.Name, p.Requires, p.Requires))
			}
		}
	}
	return nil
}

// refuse says why v is not a value of p, or "" when it is.
func (p QueryParam) refuse(v string) string {
	if len(p.Enum) > 0 && !slices.Contains(p.Enum, v) {
		return "must be one of " + strings.Join(p.Enum, ", ")
	}
	var err error
	switch p.Format {
	case FormatInteger:
		_, err = strconv.Atoi(v)
		if err != nil {
			return "must be a whole number"
		}
	case FormatBoolean:
		if v != "true" && v != "false" {
			return "must be true or false"
		}
	case FormatDateTime:
		if _, err = time.Parse(time.RFC3339, v); err != nil {
			return "must be an RFC 3339 time such as 2026-01-31T00:00:00Z"
		}
	case FormatDate:
		if _, err = parseDay(v); err != nil {
			return "must be a date such as 2026-01-31"
		}
	}
	return ""
}

// parseDay reads a date (midnight UTC of that day) or, as clients
// written before date parameters took bare dates send, an RFC 3339 time.
func parseDay(v string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, v)
}

func badParam(name, reason string) *Problem {
	p := newProblem(http.StatusBadRequest, kindMalformed, "Invalid query parameter", fmt.Sprintf("%s: %s", name, reason))
	p.Errors = []FieldProblem{{Field: name, Reason: reason}}
	return p
}
