package queries

import "github.com/opsledger/opsledger/domain"

// Page limits: a client asking for more gets MaxPageSize, never an error
// or an unbounded read.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// PageRequest asks for one page of a list: after the row the cursor names,
// at most Limit rows.
type PageRequest struct {
	Cursor string
	Limit  int
}

// Page is one page of a list. NextCursor is empty on the last page.
type Page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// ErrBadCursor is returned for a cursor this server did not issue.
var ErrBadCursor = domain.InvalidField("cursor", "not a cursor returned by this list")

// Size is the number of rows the page holds at most: Limit within
// 1..MaxPageSize, DefaultPageSize when unset.
func (p PageRequest) Size() int {
	switch {
	case p.Limit <= 0:
		return DefaultPageSize
	case p.Limit > MaxPageSize:
		return MaxPageSize
	}
	return p.Limit
}
