package commands

import (
	"context"
	"errors"
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
)

// Given the GM and a rep at headquarters, when the GM office acts on
// behalf of someone, then it may act for the GM, whatever its own org unit,
// and for nobody else (§2.5-on-behalf-of).
func TestCheckOnBehalfOf_gmOffice(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	h := cacheHandler(store)
	for id, role := range map[string]domain.Role{"gm-1": domain.RoleGM, "rep-hq": domain.RoleSalesRep} {
		for i, e := range []domain.Event{
			employee.QualificationChecked{EmployeeID: id, CandidateName: "Zhao Lei", Passed: true, CheckedBy: "hr-1", CheckedAt: cacheT0},
			employee.Hired{EmployeeID: id, Name: "Zhao Lei", Role: role, OrgUnitID: "hq", ProbationMonths: 3, HiredBy: "hr-1", HiredAt: cacheT0},
			employee.StartedWork{EmployeeID: id, StartedAt: cacheT0, ProbationEndsOn: cacheT0.AddDate(0, 3, 0)},
		} {
			data, err := h.log.codec.Encode(id+"-"+string(rune('a'+i)), e, eventstore.Metadata{ActorID: "seed"})
			if err == nil {
				_, err = store.Append(ctx, employee.Stream(id), eventstore.Any, data)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	office := Meta{Actor: domain.Actor{EmployeeID: "gmo-1", Roles: []domain.Role{domain.RoleGMOffice}, OrgUnitID: "gm-office"}}

	office.OnBehalfOf = "gm-1"
	if err := h.log.checkOnBehalfOf(ctx, office, domain.RoleGMOffice); err != nil {
		t.Errorf("the GM office for the GM: error = %v, want none", err)
	}
	office.OnBehalfOf = "rep-hq"
	if err := h.log.checkOnBehalfOf(ctx, office, domain.RoleGMOffice); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("the GM office for a rep: error = %v, want a refusal", err)
	}
}
