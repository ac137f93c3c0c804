package commands

import (
	"context"

	"github.com/opsledger/opsledger/deadlines"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

// flagMissingPeriodReport flags a week or month that ended without the
// employee's weekly or monthly report to the head of their department
// (E12-due), fined when the regulation version in force fines a missing
// report (E12-missing-fine).
func (h *Reactions) flagMissingPeriodReport(ctx context.Context, m Meta, d deadlines.Deadline) (Result, error) {
	role, err := authorize(m, "FlagMissingPeriodReport", domain.RoleSystem)
	if err != nil {
		return Result{}, err
	}
	period, _ := deadlines.ReportPeriodOf(d.Kind)
	reg, version := h.employees.regulationFor(m)
	return h.employees.onEmployee(ctx, m, d.Subject, role, version, func(s employee.Employee) ([]domain.Event, error) {
		return s.FlagMissingPeriodReport(period, d.Item, reg, m.businessTime(h.employees.now))
	})
}
