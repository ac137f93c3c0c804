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
// ownership upgrade is recorded: until then an employee's stream may not
// list every customer they own, and the check is never skipped silently.
var ErrOwnershipUnavailable = fmt.Errorf("customer ownership is not yet recorded on the employee streams (the ownership upgrade runs at start): cannot complete a departure: %w", domain.ErrUnavailable)

// ownershipRecorded is nil once the ownership upgrade is recorded. The
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
	marker, err := log.store.ReadStream(ctx, employee.OwnershipUpgradeStream, eventstore.ReadStreamOptions{Limit: 1})
	if err != nil {
		return false, fmt.Errorf("read %s: %w", employee.OwnershipUpgradeStream, err)
	}
	return len(marker) > 0, nil
}

// UpgradeCustomerOwnership moves the ownership of customers registered or
// reassigned before it was kept on employee streams onto those streams,
// once: the history is folded at upgrade rather than derived on every
// load, because deriving means scanning every customer for each decision
// on an employee, while the fold is one scan, ever. It scans the
// customer registrations and reassignments, then, per owner, records
// (CustomersOwnedRecorded) the customers whose file still names them and
// their stream does not list, and finally records the marker
// (OwnershipUpgraded) that CompleteDeparture waits for. The app runs it at
// start; it does nothing once the marker exists, and may run in several
// processes at once and beside commands: each owner's record is appended
// at the version of the owner's stream read before the files were, and
// every change of a customer's owner appends to that stream, so a record
// that raced one conflicts and is decided again. Writers of the version
// before this one (which do not record ownership on employee streams)
// must be stopped before it runs.
func (h *Handler) UpgradeCustomerOwnership(ctx context.Context) error {
	if done, err := upgradeRecorded(ctx, h.log); err != nil || done {
		return err
	}
	owners, err := scanOwners(ctx, h.log)
	if err != nil {
		return err
	}
	byOwner := map[string][]string{}
	for c, owner := range owners {
		if owner != "" {
			byOwner[owner] = append(byOwner[owner], c)
		}
	}
	for _, owner := range slices.Sorted(maps.Keys(byOwner)) {
		if err := h.recordOwned(ctx, owner, byOwner[owner]); err != nil {
			return err
		}
	}
	data, err := h.log.encode(upgradeMeta, domain.RoleSystem, "", []domain.Event{employee.OwnershipUpgraded{
		Customers: len(owners), Owners: len(byOwner), UpgradedAt: h.log.now(),
	}})
	if err != nil {
		return err
	}
	_, err = h.log.store.Append(ctx, employee.OwnershipUpgradeStream, eventstore.NoStream, data...)
	if errors.Is(err, domain.ErrConflict) {
		return nil // another process recorded it
	}
	return err
}

var upgradeMeta = Meta{Actor: domain.SystemActor, Reason: "customer ownership moved onto employee streams"}

// recordOwned records on owner's stream the candidates whose file still
// names owner. The files are read inside the decision, after the owner's
// stream: a reassignment since changed both.
func (h *Handler) recordOwned(ctx context.Context, owner string, candidates []string) error {
	_, err := h.log.employees.Update(ctx, upgradeMeta, decision[employee.Employee]{
		stream: employee.Stream(owner), role: domain.RoleSystem,
		decide: func(s employee.Employee) ([]domain.Event, error) {
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
			return s.RecordOwnedCustomers(owner, still, h.log.now()), nil
		},
	})
	return err
}

// ownerEvents are the customer events that set a customer's owner.
var ownerEvents = eventstore.Filter{
	StreamPrefixes: []string{customer.Stream("")},
	EventTypes:     []string{customer.Registered{}.EventType(), customer.Reassigned{}.EventType()},
}

// scanOwners reads who owns each customer by the global log.
func scanOwners(ctx context.Context, log *eventLog) (map[string]string, error) {
	owners := map[string]string{}
	from := eventstore.Start
	for {
		page, err := log.store.ReadAll(ctx, from, 1000, ownerEvents)
		if err != nil || len(page) == 0 {
			return owners, err
		}
		for _, r := range page {
			e, err := log.codec.DecodeRecorded(r)
			if err != nil {
				return nil, fmt.Errorf("ownership upgrade: %w", err)
			}
			switch e := e.(type) {
			case customer.Registered:
				owners[e.CustomerID] = e.OwnerRepID
			case customer.Reassigned:
				owners[e.CustomerID] = e.ToRepID
			}
		}
		from = page[len(page)-1].Position
	}
}
