package replay

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/pay"
	"github.com/opsledger/opsledger/domain/quotation"
	regulations "github.com/opsledger/opsledger/domain/regulation"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Override is one regulation version a what-if recomputes under:
// NAME@VERSION on the command line, VERSION an adopted version or
// "default".
type Override struct {
	Name, Version string
}

func (o Override) String() string { return o.Name + "@" + o.Version }

// ParseOverride reads NAME@VERSION.
func ParseOverride(s string) (Override, error) {
	name, version, ok := strings.Cut(s, "@")
	if !ok || name == "" || version == "" {
		return Override{}, &InputError{"--regulation", fmt.Sprintf("%q is not NAME@VERSION (e.g. employee@2027-01, or employee@default)", s)}
	}
	return Override{Name: name, Version: version}, nil
}

// regulated is a read model whose figures depend on regulation
// parameters (see tables.Regulations).
type regulated interface {
	Regulations() []string
	UnderRegulations(tables.Regulations) (projections.Projection, error)
}

// Catalogue gives the parameters of any version of the regulation
// catalogue, in the regulation's own parameter type.
type Catalogue interface {
	Parameters(name, version string) (any, error)
}

// storedCatalogue is the catalogue the log holds, loaded as the command
// side loads it.
type storedCatalogue struct {
	catalogue *commands.RegulationCatalogue
	histories commands.Regulations
}

// LoadCatalogue reads every adopted regulation version from store.
func LoadCatalogue(ctx context.Context, store eventstore.Store, codec *eventstore.Codec) (Catalogue, error) {
	histories := commands.Regulations{
		Classification: &domain.RegulationVersions[customer.ClassificationScheme]{},
		Quotation:      &domain.RegulationVersions[quotation.Regulation]{},
		Contract:       &domain.RegulationVersions[contract.Regulation]{},
		Employee:       &domain.RegulationVersions[employee.Regulation]{},
		SalesPlan:      &domain.RegulationVersions[salesplan.Regulation]{},
		Complaint:      &domain.RegulationVersions[complaint.Regulation]{},
		Pay:            &domain.RegulationVersions[pay.Regulation]{},
	}
	h := commands.New(store, codec, time.Now, commands.WithRegulations(histories))
	defer h.Close()
	if err := h.Regulations.Load(ctx); err != nil {
		return nil, err
	}
	return storedCatalogue{catalogue: h.Regulations, histories: histories}, nil
}

// Parameters implements Catalogue.
func (c storedCatalogue) Parameters(name, version string) (any, error) {
	versions, ok := c.catalogue.Versions(name)
	if !ok {
		return nil, &InputError{"--regulation", fmt.Sprintf("no regulation %q; the regulations are %s", name, strings.Join(c.catalogue.Names(), ", "))}
	}
	i := slices.IndexFunc(versions, func(v commands.RegulationVersionView) bool { return v.Version == version })
	if i < 0 {
		var names []string
		for _, v := range versions {
			names = append(names, v.Version)
		}
		return nil, &InputError{"--regulation", fmt.Sprintf("regulation %s has no version %q; its versions are %s", name, version, strings.Join(names, ", "))}
	}
	return typedParameters(c.histories, name, versions[i].EffectiveFrom)
}

// typedParameters are the parameters of regulation name in force from
// from (nil: its default), in the regulation's own type.
func typedParameters(h commands.Regulations, name string, from *time.Time) (any, error) {
	switch name {
	case "customer-classification":
		return at(h.Classification, from, customer.DefaultClassificationScheme)
	case "quotation":
		return at(h.Quotation, from, quotation.DefaultRegulation)
	case contract.RegulationName:
		return at(h.Contract, from, contract.DefaultRegulation)
	case "employee":
		return at(h.Employee, from, employee.DefaultRegulation)
	case "salesplan":
		return at(h.SalesPlan, from, salesplan.DefaultRegulation)
	case "complaint":
		return at(h.Complaint, from, complaint.DefaultRegulation)
	case "pay":
		return at(h.Pay, from, pay.DefaultRegulation)
	}
	return nil, fmt.Errorf("regulation %s: this build does not know its parameter type", name)
}

func at[P any](vs *domain.RegulationVersions[P], from *time.Time, def func() P) (any, error) {
	if from == nil {
		return def(), nil
	}
	p, _, ok := vs.At(*from)
	if !ok {
		return nil, fmt.Errorf("regulation version from %s is not loaded", from)
	}
	return p, nil
}

// underRegulations resolves the overrides and returns ps with every read
// model that depends on one of them recomputed under it. With chosen
// false (no --models) it keeps only those read models. A regulation no
// read model of ps depends on is refused: nothing would be recomputed.
func underRegulations(cat Catalogue, overrides []Override, ps []projections.Projection, chosen bool) ([]projections.Projection, error) {
	if len(overrides) == 0 {
		return ps, nil
	}
	params := tables.Regulations{}
	for _, o := range overrides {
		if _, dup := params[o.Name]; dup {
			return nil, &InputError{"--regulation", fmt.Sprintf("regulation %s is named twice", o.Name)}
		}
		p, err := cat.Parameters(o.Name, o.Version)
		if err != nil {
			return nil, err
		}
		params[o.Name] = p
	}
	used := map[string]bool{}
	var out []projections.Projection
	for _, p := range ps {
		r, ok := p.(regulated)
		if !ok || !dependsOnAny(r, params) {
			if chosen {
				out = append(out, p)
			}
			continue
		}
		for _, name := range r.Regulations() {
			used[name] = true
		}
		under, err := r.UnderRegulations(params)
		if err != nil {
			return nil, fmt.Errorf("%s under %v: %w", p.Name(), overrides, err)
		}
		out = append(out, under)
	}
	for _, o := range overrides {
		if !used[o.Name] {
			return nil, &InputError{"--regulation", fmt.Sprintf("no read model replayed depends on regulation %s, so nothing would be recomputed (%s)", o.Name, dependents(ps))}
		}
	}
	return out, nil
}

func dependsOnAny(r regulated, params tables.Regulations) bool {
	return slices.ContainsFunc(r.Regulations(), func(name string) bool { _, ok := params[name]; return ok })
}

// dependents names which read models depend on which regulations.
func dependents(ps []projections.Projection) string {
	var parts []string
	for _, p := range ps {
		if r, ok := p.(regulated); ok {
			parts = append(parts, p.Name()+" on "+strings.Join(r.Regulations(), ", "))
		}
	}
	if len(parts) == 0 {
		return "none of them depends on a regulation"
	}
	return "read models depending on regulations: " + strings.Join(parts, "; ")
}

// versionIDs names the overrides as the envelope names versions.
func versionIDs(overrides []Override) []string {
	ids := make([]string, len(overrides))
	for i, o := range overrides {
		ids[i] = regulations.VersionID(o.Name, o.Version)
	}
	return ids
}
