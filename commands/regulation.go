package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/opsledger/opsledger/domain"
	regulations "github.com/opsledger/opsledger/domain/regulation"
	"github.com/opsledger/opsledger/eventstore"
)

// RegulationCatalogue adopts new effective-dated versions of the
// regulations the decisions apply, and puts them in force for the other
// handlers of this process: every handler decides with the version in
// force at its business time (rule §2.5-regulation-version).
//
// The versions live in the regulations' own streams; the catalogue holds
// them in memory. Load fills it from the log when the process starts;
// an adoption in this process puts its version in force before its
// command returns; Apply puts in force what another process adopted, as
// the composition root follows the log. Putting the same version in
// force twice changes nothing, so the three paths may overlap.
type RegulationCatalogue struct {
	streams repository[regulations.Regulation]
	log     *eventLog
	kinds   map[string]regulationKind
	now     func() time.Time

	mu      sync.RWMutex
	adopted map[string][]regulations.Version // by name, in effective order
}

func newRegulationCatalogue(log *eventLog, r Regulations) *RegulationCatalogue {
	return &RegulationCatalogue{
		streams: newRepository(log, regulations.Regulation.Evolve, "regulation"),
		log:     log, kinds: regulationKinds(r), now: log.now,
		adopted: make(map[string][]regulations.Version),
	}
}

// withHistories gives every regulation a version history of its own, so
// that versions adopted later have somewhere to go; the handlers and the
// catalogue share them.
func (r Regulations) withHistories() Regulations {
	r.Classification = orNew(r.Classification)
	r.Quotation = orNew(r.Quotation)
	r.Contract = orNew(r.Contract)
	r.Employee = orNew(r.Employee)
	r.SalesPlan = orNew(r.SalesPlan)
	r.Complaint = orNew(r.Complaint)
	r.Pay = orNew(r.Pay)
	return r
}

func orNew[P any](vs *domain.RegulationVersions[P]) *domain.RegulationVersions[P] {
	if vs == nil {
		return &domain.RegulationVersions[P]{}
	}
	return vs
}

// ErrUnknownRegulation answers a regulation name the catalogue does not have.
var ErrUnknownRegulation = domain.NotFound("no such regulation")

// AdoptRegulationVersion adopts a new version of the regulation Name. The
// reason is the command's (Meta.Reason), and is required.
type AdoptRegulationVersion struct {
	Name          string
	Version       string
	EffectiveFrom time.Time
	Parameters    json.RawMessage
	Retroactive   bool
}

// AdoptRegulationVersion records regulations.VersionAdopted and puts the
// version in force. Only LEADERSHIP or the GM may adopt (D); the
// parameters must be the regulation's whole parameter set and pass its
// validation; the version takes effect after the latest one, and before
// now only when marked retroactive (rule §2.5-regulation-adoption).
func (c *RegulationCatalogue) AdoptRegulationVersion(ctx context.Context, m Meta, cmd AdoptRegulationVersion) (Result, error) {
	role, err := authorize(m, "AdoptRegulationVersion", regulations.AdopterRoles...)
	if err != nil {
		return Result{}, err
	}
	kind, ok := c.kinds[cmd.Name]
	if !ok {
		return Result{}, ErrUnknownRegulation
	}
	if !m.EffectiveAt.IsZero() {
		return Result{}, domain.InvalidField(effectiveAtField, "a regulation version takes effect at its effective_from; effective_at does not apply")
	}
	params, err := kind.check(cmd.Parameters)
	if err != nil {
		return Result{}, err
	}
	adoption := regulations.Adoption{Name: cmd.Name, Version: cmd.Version, EffectiveFrom: cmd.EffectiveFrom.UTC(),
		Parameters: params, Reason: m.Reason, Retroactive: cmd.Retroactive}
	res, err := c.streams.Update(ctx, m, decision[regulations.Regulation]{
		stream: regulations.Stream(cmd.Name), role: role,
		decide: func(r regulations.Regulation) ([]domain.Event, error) {
			return r.Adopt(adoption, m.Actor.EmployeeID, role, c.now())
		},
	})
	if err != nil {
		return res, err
	}
	// The version is in force for this process's next command; reading the
	// stream back also covers a replayed command's version.
	return res, c.loadRegulation(ctx, cmd.Name)
}

// Load puts in force every version the log holds. The composition root
// calls it before serving, so no decision is taken under a default that
// a stored version overrides.
func (c *RegulationCatalogue) Load(ctx context.Context) error {
	for _, name := range c.Names() {
		if err := c.loadRegulation(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

func (c *RegulationCatalogue) loadRegulation(ctx context.Context, name string) error {
	recorded, err := c.log.store.ReadStream(ctx, regulations.Stream(name), eventstore.ReadStreamOptions{})
	if err != nil {
		return fmt.Errorf("load regulation %s: %w", name, err)
	}
	return c.Apply(recorded)
}

// AdoptionEvents selects the events Apply takes, for following the log.
var AdoptionEvents = eventstore.Filter{EventTypes: []string{regulations.VersionAdopted{}.EventType()}}

// Apply puts in force the versions adopted in events (other events are
// ignored): what another process adopted reaches this one through it.
func (c *RegulationCatalogue) Apply(events []eventstore.Recorded) error {
	for _, e := range events {
		if e.Type != (regulations.VersionAdopted{}).EventType() {
			continue
		}
		ev, err := c.log.codec.DecodeRecorded(e)
		if err != nil {
			return fmt.Errorf("regulation version: %w", err)
		}
		if adopted, ok := ev.(regulations.VersionAdopted); ok {
			if err := c.install(adopted); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *RegulationCatalogue) install(e regulations.VersionAdopted) error {
	kind, ok := c.kinds[e.Name]
	if !ok {
		return fmt.Errorf("regulation version %s/%s: no such regulation in this build", e.Name, e.Version)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if slices.ContainsFunc(c.adopted[e.Name], func(v regulations.Version) bool { return v.Version == e.Version }) {
		return nil
	}
	v := domain.RegulationVersion{ID: regulations.VersionID(e.Name, e.Version), EffectiveFrom: e.EffectiveFrom}
	if _, err := kind.install(v, e.Parameters); err != nil {
		return fmt.Errorf("regulation version %s: %w", v.ID, err)
	}
	// Fold the event as the aggregate does, so the catalogue lists what the
	// stream says.
	state := regulations.Regulation{Name: e.Name, Versions: c.adopted[e.Name]}.Evolve(e)
	sort.SliceStable(state.Versions, func(i, j int) bool { return state.Versions[i].EffectiveFrom.Before(state.Versions[j].EffectiveFrom) })
	c.adopted[e.Name] = state.Versions
	return nil
}

// Names are the regulations of the catalogue, sorted.
func (c *RegulationCatalogue) Names() []string {
	names := make([]string, 0, len(c.kinds))
	for name := range c.kinds {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
