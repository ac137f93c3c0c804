package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore/esdb/esdbtest"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/projections"
)

// TestOpen_snapshotsInPostgreSQLBesideEitherEventStore: with
// SnapshotEvery set, a long stream's snapshots land in the control schema
// of PostgreSQL, whether the events are kept there or in EventStoreDB.
func TestOpen_snapshotsInPostgreSQLBesideEitherEventStore(t *testing.T) {
	for _, store := range []string{"postgres", "eventstoredb"} {
		t.Run(store, func(t *testing.T) {
			// Given the application opened with snapshots every 3 events
			prefix := fmt.Sprintf("snap_%s_%d", store[:2], time.Now().UnixNano()%1e9)
			cfg := app.Config{PostgresURL: pgtest.URL(t), JWTSecret: []byte(apptest.Secret), EventSchema: prefix + "_events",
				ReadNamespace: projections.Namespace(prefix + "_read"), ControlSchema: prefix + "_control", SnapshotEvery: 3}
			if store == "eventstoredb" {
				cfg.ESDBURL = esdbtest.New(t).URL()
			}
			ctx := context.Background()
			a, err := app.Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				for _, s := range []string{cfg.EventSchema, string(cfg.ReadNamespace), cfg.ControlSchema} {
					a.Pool.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{s}.Sanitize()+" CASCADE") //nolint:errcheck // best effort
				}
				a.Close()
			})

			// When a customer file is registered and changed 7 times
			rep := commands.Meta{Actor: domain.Actor{EmployeeID: "rep-1", Roles: []domain.Role{domain.RoleSalesRep}, OrgUnitID: "ou-1"}, Reason: "test"}
			if _, err := a.Commands.Customers.RegisterTargetCustomer(ctx, rep, commands.RegisterTargetCustomer{CustomerID: "c-1", Number: "NJ-0001",
				Name: "Jinling Valves", Address: "1 Xinjiekou", PrimaryContact: "Mr Wang", Phone: "025-1234567", Source: customer.SourceOnSite, Region: "east"}); err != nil {
				t.Fatal(err)
			}
			for i := range 7 {
				if _, err := a.Commands.Customers.UpdateCustomerProfile(ctx, rep, commands.UpdateCustomerProfile{CustomerID: "c-1",
					Changes: map[string]string{customer.FieldName: fmt.Sprintf("Jinling Valves %d", i)}}); err != nil {
					t.Fatal(err)
				}
			}

			// Then the control schema holds a snapshot of the stream
			table := pgx.Identifier{cfg.ControlSchema, "aggregate_snapshots"}.Sanitize()
			deadline := time.Now().Add(5 * time.Second)
			for {
				var n int
				err := a.Pool.QueryRow(ctx, "SELECT count(*) FROM "+table+" WHERE stream = $1", customer.Stream("c-1")).Scan(&n)
				if err != nil {
					t.Fatal(err)
				}
				if n > 0 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("no snapshot of customer-c-1 in the control schema")
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
}
