package contracts

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Version implements projections.Versioned: version 2 keeps the row
// versions (contracts_versions) for as-of lists, so a generation built
// before is rebuilt.
func (*Projection) Version() int { return 2 }

// newVersions returns the contract row versions a batch records.
func newVersions() *tables.Versions[contractRow] {
	return tables.NewVersions("contracts", "contract_id",
		func(r *contractRow) string { return r.ContractID }, func(r *contractRow) uint64 { return r.Version })
}

func setupVersions(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, tables.VersionsSetup("contracts", "contract_id"))
	return err
}

// indexVersions indexes the versions by time, and by status (the audit's
// "APPROVED at quarter end" reads the versions of then that the status's
// btree and the time axis' GiST both hold, see tables.VersionsIndexes).
func indexVersions(ctx context.Context, tx pgx.Tx) error {
	// a generation built before drops the indexes it no longer needs
	_, err := tx.Exec(ctx, tables.RetiredVersionsIndexes("contracts")+";\n"+strings.Join(versionIndexes, ";\n"))
	return err
}

var versionIndexes = tables.VersionsIndexBuilds("contracts", "(status)")

// listSpec is the contract list over the current rows, or over the row
// versions when f asks for a past state (adding their bound to w).
func listSpec(f queries.ContractFilter, w *tables.Where) tables.ListSpec[queries.ContractView] {
	spec := tables.ListSpec[queries.ContractView]{View: "contracts",
		ID:    tables.ID("contract_id", func(v queries.ContractView) string { return v.ContractID }),
		Sorts: contractSorts, Default: "-drafted_at"}
	if f.At.Past() {
		spec.View, spec.Fields = tables.VersionsTable("contracts"), tables.Columns[contractRow]()
		tables.AsOfWhere(w, f.At.AsOf, f.At.ValidAt)
	}
	return spec
}
