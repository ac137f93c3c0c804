package commands

import (
	"context"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

// The bounds of a command's business date (rule §2.5-business-date). A fact
// is filed when it happens or late, never ahead: clockSkew only forgives
// clocks that differ. Filing late is what the regulations allow for leave
// (「事后补办请假手续」) and corrections; up to lateFilingWindow back it
// is routine (a month's paperwork), further back it needs the reason it is
// filed late, and nothing is filed further back than retroactiveLimit.
const (
	clockSkew          = 5 * time.Minute
	lateFilingWindow   = 31 * 24 * time.Hour
	retroactiveLimit   = 366 * 24 * time.Hour
	effectiveAtField   = "effective_at"
	onBehalfOfField    = "on_behalf_of"
	reasonField        = "reason"
	sourceDocRefField  = "source_doc_ref"
	lateWithoutReason  = "a fact dated more than 31 days back needs the reason it is filed late"
	tooFarBack         = "must be within the last 366 days"
	aheadOfNow         = "must not be in the future"
	representsNobody   = "is not an employee of the company"
	representsSelf     = "must name someone other than the acting employee"
	representsDeparted = "names an employee who has left"
)

// checkMeta refuses what a command carries besides its own fields when
// the regulations do not allow it: envelope texts over their limits, a
// business date out of bounds, acting for someone the actor may not act
// for (role is the role the actor acts under).
func (l *eventLog) checkMeta(ctx context.Context, m Meta, role domain.Role) error {
	if err := checkEnvelopeText(m); err != nil {
		return err
	}
	if !m.EffectiveAt.IsZero() {
		if err := checkBusinessDate(m, l.now()); err != nil {
			return err
		}
	}
	if m.OnBehalfOf != "" {
		return l.checkOnBehalfOf(ctx, m, role)
	}
	return nil
}

func checkEnvelopeText(m Meta) error {
	if err := domain.CheckText(reasonField, m.Reason, domain.TextNote); err != nil {
		return err
	}
	if err := domain.CheckText(sourceDocRefField, m.SourceDocRef, domain.TextCode); err != nil {
		return err
	}
	return domain.CheckText(onBehalfOfField, m.OnBehalfOf, domain.TextName)
}

// checkBusinessDate applies the bounds of §2.5-business-date to
// m.EffectiveAt, seen at now.
func checkBusinessDate(m Meta, now time.Time) error {
	at := m.EffectiveAt
	switch {
	case at.After(now.Add(clockSkew)):
		return domain.InvalidField(effectiveAtField, aheadOfNow)
	case at.Before(now.Add(-retroactiveLimit)):
		return domain.InvalidField(effectiveAtField, tooFarBack)
	case at.Before(now.Add(-lateFilingWindow)) && strings.TrimSpace(m.Reason) == "":
		return domain.InvalidField(reasonField, lateWithoutReason)
	}
	return nil
}

// actsFor lists, per role that acts for others as part of its duties, the
// roles of the people it may act for, in its own org unit (rule
// §2.5-on-behalf-of): the assistant records for the reps and heads of the
// department, the deputy for the head, the GM office for the GM.
var actsFor = map[domain.Role][]domain.Role{
	domain.RoleSalesAssistant: {domain.RoleSalesRep, domain.RoleDeptHead, domain.RoleDeputyHead},
	domain.RoleDeputyHead:     {domain.RoleDeptHead},
	domain.RoleGMOffice:       {domain.RoleGM},
}

// checkOnBehalfOf lets the actor, under role, name m.OnBehalfOf only when
// role acts for others, and the person named is a current employee of a
// role it acts for in the actor's own org unit (the GM office acts for
// the GM whatever the unit).
func (l *eventLog) checkOnBehalfOf(ctx context.Context, m Meta, role domain.Role) error {
	represented, ok := actsFor[role]
	if !ok {
		return domain.Forbidden("acting on behalf of another employee is not part of the duties of " + string(role))
	}
	if m.OnBehalfOf == m.Actor.EmployeeID {
		return domain.InvalidField(onBehalfOfField, representsSelf)
	}
	who, found, err := l.employees.Load(ctx, employee.Stream(m.OnBehalfOf))
	switch {
	case err != nil:
		return err
	case !found || who.Status == employee.StatusNone || who.Status == employee.StatusApplicant:
		return domain.InvalidField(onBehalfOfField, representsNobody)
	case who.Status == employee.StatusDeparted:
		return domain.InvalidField(onBehalfOfField, representsDeparted)
	}
	sameUnit := m.Actor.OrgUnitID != "" && who.OrgUnitID == m.Actor.OrgUnitID
	for _, r := range represented {
		if who.Role == r && (sameUnit || role == domain.RoleGMOffice) {
			return nil
		}
	}
	return domain.Forbidden(string(role) + " may act only for " + roleList(represented) + " of their own org unit")
}

func roleList(roles []domain.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}
