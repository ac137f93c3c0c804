package commands

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
)

// ErrOwnershipUnavailable is returned by CompleteDeparture before the
// portfolio upgrade is recorded: until then a portfolio may not list every
// customer its owner owns, and the check is never skipped silently.
var ErrOwnershipUnavailable = fmt.Errorf("customer portfolios are not yet recorded (the portfolio upgrade runs at start): cannot complete a departure: %w", domain.ErrUnavailable)

// ownershipRecorded is nil once the portfolio upgrade is recorded. The
// marker never goes away, so the first sighting is remembered.
func (h *Employees) ownershipRecorded(ctx context.Context) error {
	if h.upgraded.Load() {
		return nil
	}
	done, err := upgradeRecorded(ctx, h.employees.log)
	switch {
	case err != nil:
		return err
	case !done:
		return ErrOwnershipUnavailable
	}
	h.upgraded.Store(true)
	return nil
}

func upgradeRecorded(ctx context.Context, log *eventLog) (bool, error) {
	marker, err := log.store.ReadStream(ctx, employee.PortfolioUpgradeStream, eventstore.ReadStreamOptions{Limit: 1})
	if err != nil {
		return false, fmt.Errorf("read %s: %w", employee.PortfolioUpgradeStream, err)
	}
	return len(marker) > 0, nil
}

// UpgradeCustomerOwnership builds the customer portfolios
// (employee.Portfolio) from the history written before they were kept,
// once: the history is folded at upgrade rather than derived on every
// load, because deriving means scanning every customer for each departure,
// while the fold is one scan, ever. It scans the customer registrations and
// reassignments and the departures started, then, per owner or leaver,
// records on their portfolio the customers whose file still names them and
// the portfolio does not list (CustomersOwnedRecorded), and freezes it if
// they are leaving or gone (PortfolioFrozen); finally it records the marker
// (PortfoliosUpgraded) that CompleteDeparture waits for.
//
// Ownership is read from the customer files, not from the ownership events
// an earlier version recorded on employee streams: each of those was
// appended atomically with the customer event it mirrors, so the files say
// the same, and those events stay where they are, ignored.
//
// The app runs it at start; it does nothing once the marker exists, and
// may run in several processes at once and beside commands: each
// portfolio's record is appended at the version of the portfolio read
// before the files and the employee were, and every change of a
// customer's owner and every start of a departure appends to that
// portfolio, so a record that raced one conflicts and is decided again.
// Writers of the versions before this one (which keep no portfolio) must
// be stopped before it runs.
func (h *Handler) UpgradeCustomerOwnership(ctx context.Context) error {
	if done, err := upgradeRecorded(ctx, h.log); err != nil || done {
		return err
	}
	owners, leavers, err := scanOwnersAndLeavers(ctx, h.log)
	if err != nil {
		return err
	}
	byEmployee := map[string][]string{}
	for c, owner := range owners {
		if owner != "" {
			byEmployee[owner] = append(byEmployee[owner], c)
		}
	}
	ownerCount := len(byEmployee)
	for id := range leavers {
		if _, ok := byEmployee[id]; !ok {
			byEmployee[id] = nil
		}
	}
	frozen := 0
	for _, id := range slices.Sorted(maps.Keys(byEmployee)) {
		froze, err := h.recordPortfolio(ctx, id, byEmployee[id])
		if err != nil {
			return err
		}
		if froze {
			frozen++
		}
	}
	data, err := h.log.encode(upgradeMeta, domain.RoleSystem, "", []domain.Event{employee.PortfoliosUpgraded{
		Customers: len(owners), Owners: ownerCount, Frozen: frozen, UpgradedAt: h.log.now(),
	}})
	if err != nil {
		return err
	}
	_, err = h.log.store.Append(ctx, employee.PortfolioUpgradeStream, eventstore.NoStream, data...)
	if errors.Is(err, domain.ErrConflict) {
		return nil // another process recorded it
	}
	return err
}

var upgradeMeta = Meta{Actor: domain.SystemActor, Reason: "customer ownership recorded on the employees' customer portfolios"}

// recordPortfolio records on employee id's portfolio the candidates whose
// file still names them, and freezes it if they are leaving or gone. The
// files and the employee are read inside the decision, after the
// portfolio: a reassignment or a departure's start since changed both.
// froze says the portfolio is frozen once recorded.
func (h *Handler) recordPortfolio(ctx context.Context, id string, candidates []string) (froze bool, err error) {
	_, err = h.log.portfolios.Update(ctx, upgradeMeta, decision[employee.Portfolio]{
		stream: employee.PortfolioStream(id), role: domain.RoleSystem,
		decide: func(p employee.Portfolio) ([]domain.Event, error) {
			still, err := h.stillOwned(ctx, id, candidates)
			if err != nil {
				return nil, err
			}
			staff, _, err := h.log.employees.Load(ctx, employee.Stream(id))
			if err != nil {
				return nil, err
			}
			events := p.RecordOwnedCustomers(id, still, h.log.now())
			leaving := staff.Status == employee.StatusLeaving || staff.Status == employee.StatusDeparted
			if leaving {
				events = append(events, p.Freeze(id, fmt.Sprintf("%s before the portfolio upgrade", staff.Status), h.log.now())...)
			}
			froze = leaving || p.Frozen
			return events, nil
		},
	})
	return froze, err
}

// stillOwned returns the candidates whose file names owner.
func (h *Handler) stillOwned(ctx context.Context, owner string, candidates []string) ([]string, error) {
	var still []string
	for _, c := range candidates {
		file, _, err := h.Customers.customers.Load(ctx, customer.Stream(c))
		if err != nil {
			return nil, err
		}
		if file.OwnerRepID == owner {
			still = append(still, c)
		}
	}
	return still, nil
}

// upgradeEvents are what the upgrade reads of the log: the customer events
// that set a customer's owner, and the event that starts every departure
// (a failed probation records one too), whose employee may be leaving or
// gone. The filter keeps events of either prefix with any of the types;
// each type lives under one of the prefixes only.
var upgradeEvents = eventstore.Filter{
	StreamPrefixes: []string{customer.Stream(""), employee.Stream("")},
	EventTypes: []string{customer.Registered{}.EventType(), customer.Reassigned{}.EventType(),
		employee.DepartureInitiated{}.EventType()},
}

// scanOwnersAndLeavers reads, in one pass over the global log, who owns
// each customer and which employees' departure was started.
func scanOwnersAndLeavers(ctx context.Context, log *eventLog) (owners map[string]string, leavers map[string]bool, err error) {
	owners, leavers = map[string]string{}, map[string]bool{}
	err = scan(ctx, log, upgradeEvents, func(e domain.Event) {
		switch e := e.(type) {
		case customer.Registered:
			owners[e.CustomerID] = e.OwnerRepID
		case customer.Reassigned:
			owners[e.CustomerID] = e.ToRepID
		case employee.DepartureInitiated:
			leavers[e.EmployeeID] = true
		}
	})
	return owners, leavers, err
}

// scan decodes every event of the global log that filter selects, in
// order, and hands it to visit.
func scan(ctx context.Context, log *eventLog, filter eventstore.Filter, visit func(domain.Event)) error {
	from := eventstore.Start
	for {
		page, err := log.store.ReadAll(ctx, from, 1000, filter)
		if err != nil || len(page) == 0 {
			return err
		}
		for _, r := range page {
			e, err := log.codec.DecodeRecorded(r)
			if err != nil {
				return fmt.Errorf("portfolio upgrade: %w", err)
			}
			visit(e)
		}
		from = page[len(page)-1].Position
	}
}
