package replay

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Request is what a replay is asked for.
type Request struct {
	// AsOf keeps the events recorded at or before it (required): what the
	// log knew then.
	AsOf time.Time
	// ValidAt, when set, keeps of those only the events effective at or
	// before it, in log order, as the API's ?valid_at folds.
	ValidAt time.Time
	// Schema is the schema to create; it must not exist.
	Schema string
	// Models are the read models to build; empty: all of them, or with
	// Regulations, those whose figures depend on the regulations named.
	Models []string
	// Regulations are regulation versions to recompute under (what-if).
	Regulations []Override
}

// InputError is a request that makes no sense, named by the option at
// fault; nothing was written.
type InputError struct {
	Field  string
	Reason string
}

func (e *InputError) Error() string { return e.Field + ": " + e.Reason }

// identifier is a schema name an analyst can type without quotes.
var identifier = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// reservedSchemas are the schemas of PostgreSQL itself and the usual
// ones of opsledger, which a replay never takes.
var reservedSchemas = []string{"public", "information_schema", "read", "eventstore", "control"}

// CheckSchemaName refuses a schema name that is not a lowercase SQL
// identifier, or that names a schema PostgreSQL or opsledger keeps.
func CheckSchemaName(name string) error {
	switch {
	case name == "":
		return &InputError{"--schema", "is required: the schema to build the read models into"}
	case !identifier.MatchString(name):
		return &InputError{"--schema", fmt.Sprintf("%q is not a lowercase SQL identifier (letters a-z, digits and _, not starting with a digit, at most 63)", name)}
	case strings.HasPrefix(name, "pg_") || slices.Contains(reservedSchemas, name) || strings.HasPrefix(name, scratchPrefix):
		return &InputError{"--schema", fmt.Sprintf("%q is a schema PostgreSQL or opsledger keeps; pick another name", name)}
	}
	return nil
}

// check refuses a request that makes no sense at now, before anything is
// read or written.
func (r Request) check(now time.Time) error {
	if err := CheckSchemaName(r.Schema); err != nil {
		return err
	}
	if r.AsOf.IsZero() {
		return &InputError{"--as-of", "is required: the recorded time to replay the log up to"}
	}
	if r.AsOf.After(now) {
		return &InputError{"--as-of", fmt.Sprintf("%s is in the future: the log cannot say yet what it will know then", r.AsOf.Format(time.RFC3339))}
	}
	return nil
}
