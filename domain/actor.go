package domain

import "slices"

// Actor is the employee on whose authority a command runs. It comes from
// the authenticated request (or is the system, for reactions), never from a
// request body.
type Actor struct {
	EmployeeID string
	Roles      []Role
	OrgUnitID  string
}

// SystemActor is the actor of commands the system issues itself.
var SystemActor = Actor{EmployeeID: "system", Roles: []Role{RoleSystem}}

// Has reports whether the actor holds role r.
func (a Actor) Has(r Role) bool { return slices.Contains(a.Roles, r) }

// ActingAs returns the first of allowed that the actor holds: the role the
// command is recorded under. ok is false when the actor holds none.
func (a Actor) ActingAs(allowed ...Role) (role Role, ok bool) {
	for _, r := range allowed {
		if a.Has(r) {
			return r, true
		}
	}
	return "", false
}

// IsSystem reports whether the actor is the system itself.
func (a Actor) IsSystem() bool { return a.Has(RoleSystem) }
