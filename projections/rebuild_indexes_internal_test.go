package projections

import (
	"context"
	"slices"
	"testing"
)

func TestSplitIndexStatements_dropsFirstThenCreatesOneByOne(t *testing.T) {
	// given the statements an Indexer ran: a drop and two indexes in one
	// string, an extension in a savepoint, and a quoted statement
	statements := []string{
		"DROP INDEX IF EXISTS a_old;\n\tCREATE INDEX IF NOT EXISTS a_x ON a (x);\n\tcreate unique index if not exists a_y ON a USING gist (y);",
		"CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public",
		"CREATE INDEX IF NOT EXISTS a_z ON a (z) WHERE kind = 'x; y'",
	}
	// when they are split
	first, creates := splitIndexStatements(statements)
	// then what must come first keeps its order, the quoted one is whole,
	// and each plain CREATE INDEX stands alone
	wantFirst := []string{"DROP INDEX IF EXISTS a_old", "CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public", statements[2]}
	if !slices.Equal(first, wantFirst) {
		t.Fatalf("first = %q, want %q", first, wantFirst)
	}
	wantCreates := []string{"CREATE INDEX IF NOT EXISTS a_x ON a (x)", "create unique index if not exists a_y ON a USING gist (y)"}
	if !slices.Equal(creates, wantCreates) {
		t.Fatalf("creates = %q, want %q", creates, wantCreates)
	}
}

func TestCaptureTx_aStatementWithArgumentsOrAQueryIsOpaque(t *testing.T) {
	ctx := context.Background()
	// given an Indexer that runs a plain statement in a savepoint
	c := &captureTx{}
	sp, _ := c.Begin(ctx)
	if _, err := sp.Exec(ctx, "CREATE INDEX IF NOT EXISTS a_x ON a (x)"); err != nil {
		t.Fatal(err)
	}
	// then it is captured and the capture can be replayed
	if c.opaque || len(c.statements) != 1 {
		t.Fatalf("opaque = %v, statements = %q", c.opaque, c.statements)
	}
	// when it also reads something back
	var found bool
	err := c.QueryRow(ctx, "SELECT EXISTS (SELECT 1)").Scan(&found)
	// then the read fails and the capture is opaque: the switch's
	// transaction builds the indexes instead
	if err == nil || !c.opaque {
		t.Fatalf("err = %v, opaque = %v", err, c.opaque)
	}
}
