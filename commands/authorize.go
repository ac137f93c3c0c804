package commands

import (
	"fmt"
	"strings"

	"github.com/opsledger/opsledger/domain"
)

// ErrNoActor is returned for a command without an authenticated actor.
var ErrNoActor = domain.Forbidden("the command has no authenticated actor")

// authorize returns the role the actor acts under for a command that any of
// allowed may issue (the approval matrix of §2-issuer), or a Forbidden error that
// names the command and the roles it needs.
func authorize(m Meta, command string, allowed ...domain.Role) (domain.Role, error) {
	if m.Actor.EmployeeID == "" {
		return "", ErrNoActor
	}
	if role, ok := m.Actor.ActingAs(allowed...); ok {
		return role, nil
	}
	names := make([]string, len(allowed))
	for i, r := range allowed {
		names[i] = string(r)
	}
	return "", domain.Forbidden(fmt.Sprintf("%s needs one of the roles %s", command, strings.Join(names, ", ")))
}
