package tables

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// Versions keeps the row versions of a read model's main table in a
// `<table>_versions` table beside it: after each event an aggregate's row
// applies, the row as it then stood, valid on two time axes:
//
//   - sys_period, the recorded axis: from the event's recorded time to the
//     next version's (open while it is the newest). "As the log knew it
//     at T" is the version whose sys_period contains T.
//   - valid_period, the effective axis: from the latest effective time of
//     the events folded so far to the next version's. "In force at V" is
//     the version whose valid_period contains V (D rule §16-asof-lists).
//
// The effective axis of a list takes the running latest effective time,
// so the ranges of one aggregate tile the axis and an as-of list reads one
// version per aggregate through the GiST indexes: a version is in force
// once every event it folds is. An event effective before an
// earlier-recorded one (a retroactive filing after a later-dated event)
// therefore shows in lists from that later date on; the as-of state of one
// aggregate (GET /{resource}/{id}?valid_at=) folds exactly the events
// effective by V instead.
//
// Both ranges of the versions recorded at the same instant (the events of
// one append) are empty but for the last, so a reader sees the append
// whole. The table is the main table's columns, version among them, plus
// the two ranges; its rows are written with the batch and rebuilt with
// the read model.
type Versions[T any] struct {
	table, idCol string
	idOf         func(*T) string
	versionOf    func(*T) uint64
	open         map[string]*rowVersion[T] // the newest stored version of each aggregate the batch touches
	added        []*rowVersion[T]
	last         map[string]*rowVersion[T] // the newest version of each aggregate, stored or added
}

type rowVersion[T any] struct {
	id                  string
	version             uint64
	row                 T
	sysFrom, validFrom  time.Time
	sysTo, validTo      *time.Time // nil: open
	stored, closeStored bool
}

// NewVersions returns the versions of the rows of table (kept in
// table+"_versions"), whose aggregate id is column idCol.
func NewVersions[T any](table, idCol string, idOf func(*T) string, versionOf func(*T) uint64) *Versions[T] {
	return &Versions[T]{table: VersionsTable(table), idCol: idCol, idOf: idOf, versionOf: versionOf,
		open: map[string]*rowVersion[T]{}, last: map[string]*rowVersion[T]{}}
}

// VersionsTable names the versions table of table.
func VersionsTable(table string) string { return table + "_versions" }

// VersionsSetup creates the versions table of table, whose aggregate id
// is idCol: the table's columns and the two ranges, one row per
// aggregate and version.
func VersionsSetup(table, idCol string) string {
	return fmt.Sprintf(`CREATE TABLE %[1]s (LIKE %[2]s, sys_period tstzrange NOT NULL, valid_period tstzrange NOT NULL,
		PRIMARY KEY (%[3]s, version));`, VersionsTable(table), table, idCol)
}

// VersionsIndexes creates (if missing) the indexes of the versions table
// of table: a GiST index per time axis, for reads of every row as of a
// time, and a btree per extra spec: "(status)" for a filter column, or
// "(drafted_at, contract_id)" for a sort.
//
// A time axis is indexed as a point, its range's [lower, upper) as
// (lower, upper) in seconds (rangePoint), not as the range itself:
// PostgreSQL 15 builds a GiST of points by sorting them, as it builds a
// btree, but a GiST of ranges by inserting its rows one by one, each
// weighing every entry of a page on the way down, and a rebuild builds
// them all after the replay (decisions 30, 44 and 51). A range
// containing T is a point in the quarter-plane lower <= T < upper, a box
// (AsOfCondition).
//
// Every filter column gets a btree, whatever its number of values: an
// as-of list filtered by it ANDs the btree's rows with the time axis'
// (a bitmap of each), for less than a tenth of a GiST's build (decision
// 44); nothing needs btree_gist since (decision 49).
//
// A btree spec's index is named "<table>_versions_b<i>", so a changed
// index gets a new name and an existing generation gains it
// (projections.Indexer); RetiredVersionsIndexes drops those it replaced.
func VersionsIndexes(table string, specs ...string) string {
	return strings.Join(VersionsIndexBuilds(table, specs...), ";\n") + ";"
}

// VersionsIndexBuilds returns the statements of VersionsIndexes one index
// a statement, for projections.IndexBuilds: a rebuild builds them at once.
func VersionsIndexBuilds(table string, specs ...string) []string {
	v := VersionsTable(table)
	out := []string{
		fmt.Sprintf("CREATE INDEX IF NOT EXISTS %[1]s_sysp ON %[1]s USING gist ((%[2]s))", v, rangePoint("sys_period")),
		fmt.Sprintf("CREATE INDEX IF NOT EXISTS %[1]s_validp ON %[1]s USING gist ((%[2]s))", v, rangePoint("valid_period")),
	}
	for i, spec := range specs {
		out = append(out, fmt.Sprintf("CREATE INDEX IF NOT EXISTS %[1]s_b%[2]d ON %[1]s %[3]s", v, i, spec))
	}
	return out
}

// RetiredVersionsIndexes drops the indexes the versions table of table
// had in a generation built before and no longer has: the GiSTs of the
// ranges themselves, which the point GiSTs replaced, and the btree_gist
// indexes of a filter column beside a range (decision 44; the module
// stays installed where it was, decision 49). An index left would be
// kept up to date by every write for nothing.
func RetiredVersionsIndexes(table string) string {
	return fmt.Sprintf("DROP INDEX IF EXISTS %[1]s_sys, %[1]s_valid, %[1]s_k0, %[1]s_k1", VersionsTable(table))
}

// openUpper is the upper coordinate of an open range's point: later than
// any time the log records (year 33658), so an open version contains
// every time after its lower bound.
const openUpper = 1e12

// rangePoint is the expression of the point (lower, upper) of the range
// column col, in seconds since 1970 (an interval's epoch, since a
// timestamptz's epoch is not immutable for PostgreSQL, which an index
// expression must be); openUpper for an open upper bound. An empty range
// (a version superseded at the instant it was recorded) has no lower
// bound and so no point: no time falls in it.
func rangePoint(col string) string {
	return fmt.Sprintf("point(date_part('epoch', lower(%[1]s) - 'epoch'::timestamptz), coalesce(date_part('epoch', upper(%[1]s) - 'epoch'::timestamptz), %[2]g))",
		col, float64(openUpper))
}

// Record keeps row as aggregate id stood after e, when e is an event the
// row has just applied (its version); an event it had applied already (a
// replay) records nothing.
func (v *Versions[T]) Record(id string, row *T, e Decoded) {
	if row == nil || v.versionOf(row) != e.StreamVersion {
		return
	}
	prev := v.last[id]
	if prev != nil && prev.version >= e.StreamVersion {
		return
	}
	r := &rowVersion[T]{id: id, version: e.StreamVersion, row: *row, sysFrom: e.RecordedAt, validFrom: effectiveOf(e)}
	if prev != nil {
		// the axes never run backwards within an aggregate: a range's
		// lower bound may not pass its upper one
		r.sysFrom, r.validFrom = laterOf(prev.sysFrom, r.sysFrom), laterOf(prev.validFrom, r.validFrom)
		prev.sysTo, prev.validTo = &r.sysFrom, &r.validFrom
		prev.closeStored = prev.stored
	}
	v.last[id] = r
	v.added = append(v.added, r)
}

func effectiveOf(e Decoded) time.Time {
	if e.Metadata.EffectiveAt.IsZero() {
		return e.RecordedAt
	}
	return e.Metadata.EffectiveAt
}

func laterOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// queueLoad reads the newest stored version of each aggregate, if it is
// still open. It walks the primary key (id, version) backwards, one entry
// an aggregate: filtering every version of an id on upper_inf read all of
// them, 10,000 rows for a customer with 10,000 events, on each command's
// batch, so a read model's cost grew with the history of what it applied.
func (v *Versions[T]) queueLoad(b *pgx.Batch, ids []string) {
	b.Queue(fmt.Sprintf(`SELECT k.id, n.version, lower(n.sys_period), lower(n.valid_period)
		FROM unnest($1::text[]) AS k(id)
		CROSS JOIN LATERAL (SELECT version, sys_period, valid_period FROM %[2]s
			WHERE %[1]s = k.id ORDER BY version DESC LIMIT 1) AS n
		WHERE upper_inf(n.sys_period)`,
		v.idCol, v.table), ids).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			r := &rowVersion[T]{stored: true}
			var version int64
			if err := rows.Scan(&r.id, &version, &r.sysFrom, &r.validFrom); err != nil {
				return fmt.Errorf("%s: %w", v.table, err)
			}
			r.version = uint64(version)
			v.open[r.id], v.last[r.id] = r, r
		}
		return rows.Err()
	})
}

// LoadRowsWithVersions reads the rows of table whose key is one of ids,
// as LoadRows does, and the newest stored version of each in the same
// round trip, for a read model that loads its rows itself rather than
// through a Set.
func LoadRowsWithVersions[T any](ctx context.Context, tx pgx.Tx, table, key string, ids []string, keyOf func(*T) string, v *Versions[T]) (map[string]*T, error) {
	out := make(map[string]*T, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	b := &pgx.Batch{}
	queueLoad(b, table, key, ids, func(r *T) { out[keyOf(r)] = r })
	v.queueLoad(b, ids)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("load %s: %w", table, err)
	}
	return out, nil
}

// Write writes the versions recorded, for a read model that writes its
// rows itself: as writeTo does for a Table of ApplyBatch.
func (v *Versions[T]) Write(ctx context.Context, tx pgx.Tx, b *pgx.Batch) error {
	return v.writeTo(ctx, tx, b)
}

// versionsCopyFrom is how many new versions a batch must hold (a
// rebuild's batches hold thousands) before they are copied in with COPY
// rather than inserted from unnested arrays: COPY costs the server less
// per row from about a hundred rows (see audit's auditCopyFrom), but it
// is a round trip of its own, which a live batch of a few events, whose
// writes travel with the commit, should not pay.
const versionsCopyFrom = 100

// writeTo queues the closing of the stored versions the batch superseded
// on b and writes the new ones: copied in now when there are many, else
// queued on b with the batch's other writes.
func (v *Versions[T]) writeTo(ctx context.Context, tx pgx.Tx, b *pgx.Batch) error {
	if len(v.added) < versionsCopyFrom {
		return v.queueWrite(b)
	}
	v.queueClose(b)
	return v.copyIn(ctx, tx)
}

// copyValue is a column's value as COPY sends it, as columnValues does
// for an array.
func copyValue(c column, f reflect.Value) (any, error) {
	switch c.kind {
	case colText:
		return f.String(), nil
	case colInt:
		return f.Int(), nil
	case colUint:
		return int64(f.Uint()), nil
	case colBool:
		return f.Bool(), nil
	case colTime:
		return timeOf(f.Interface()), nil
	case colTimePtr:
		return timePtrOf(f.Interface()), nil
	case colIntPtr:
		return f.Interface().(*int64), nil
	}
	b, err := json.Marshal(f.Interface())
	if err != nil {
		return nil, fmt.Errorf("column %s: %w", c.name, err)
	}
	return string(b), nil
}

// timeRange is [from, to), or [from, ∞) while to is nil; PostgreSQL
// makes [t, t) the empty range, as tstzrange(t, t) does.
func timeRange(from time.Time, to *time.Time) pgtype.Range[pgtype.Timestamptz] {
	r := pgtype.Range[pgtype.Timestamptz]{Lower: pgtype.Timestamptz{Time: from, Valid: true}, LowerType: pgtype.Inclusive,
		UpperType: pgtype.Unbounded, Valid: true}
	if to != nil {
		r.Upper, r.UpperType = pgtype.Timestamptz{Time: *to, Valid: true}, pgtype.Exclusive
	}
	return r
}

// queueWrite closes the stored versions the batch superseded and inserts
// the new ones.
func (v *Versions[T]) queueWrite(b *pgx.Batch) error {
	if len(v.added) == 0 {
		return nil
	}
	v.queueClose(b)
	return v.queueInsert(b)
}

// queueClose closes the stored versions the batch superseded, in one
// statement.
func (v *Versions[T]) queueClose(b *pgx.Batch) {
	var ids []string
	var versions []int64
	var sysTo, validTo []time.Time
	for _, r := range v.open {
		if r.closeStored {
			ids, versions = append(ids, r.id), append(versions, int64(r.version))
			sysTo, validTo = append(sysTo, *r.sysTo), append(validTo, *r.validTo)
		}
	}
	// by primary key: the batch's new versions may be in the table already
	// (copied in), open too, and must stay so
	if len(ids) > 0 {
		b.Queue(fmt.Sprintf(`UPDATE %[1]s t SET sys_period = tstzrange(lower(t.sys_period), d.sys_to),
			valid_period = tstzrange(lower(t.valid_period), d.valid_to)
			FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::timestamptz[]) AS d(id, version, sys_to, valid_to)
			WHERE t.%[2]s = d.id AND t.version = d.version`, v.table, v.idCol), ids, versions, sysTo, validTo)
	}
}

// queueInsert inserts the new versions: the row's columns and the ranges.
func (v *Versions[T]) queueInsert(b *pgx.Batch) error {
	rows := make([]*T, len(v.added))
	sysFrom, validFrom := make([]time.Time, len(v.added)), make([]time.Time, len(v.added))
	sysTo, validTo := make([]pgtype.Timestamptz, len(v.added)), make([]pgtype.Timestamptz, len(v.added))
	for i, r := range v.added {
		rows[i], sysFrom[i], validFrom[i] = &r.row, r.sysFrom, r.validFrom
		sysTo[i], validTo[i] = optionalTimestamptz(r.sysTo), optionalTimestamptz(r.validTo)
	}
	cols := columnsOf[T]()
	from, args, err := unnest(cols, rows)
	if err != nil {
		return fmt.Errorf("%s: %w", v.table, err)
	}
	n := len(args)
	args = append(args, sysFrom, sysTo, validFrom, validTo)
	names, vals := make([]string, len(cols)), make([]string, len(cols))
	for i, c := range cols {
		names[i], vals[i] = c.name, c.value()
	}
	// the ranges travel as four more arrays of the same unnest
	from = strings.Replace(from, ") AS d(", fmt.Sprintf(", $%d::timestamptz[], $%d::timestamptz[], $%d::timestamptz[], $%d::timestamptz[]) AS d(",
		n+1, n+2, n+3, n+4), 1)
	from = strings.TrimSuffix(from, ")") + ", sys_from, sys_to, valid_from, valid_to)"
	b.Queue(fmt.Sprintf("INSERT INTO %s (%s, sys_period, valid_period) SELECT %s, tstzrange(d.sys_from, d.sys_to), tstzrange(d.valid_from, d.valid_to) FROM %s ON CONFLICT DO NOTHING",
		v.table, strings.Join(names, ", "), strings.Join(vals, ", "), from), args...)
	return nil
}

func optionalTimestamptz(t *time.Time) pgtype.Timestamptz {
	if t == nil {
		return pgtype.Timestamptz{}
	}
	return pgtype.Timestamptz{Time: *t, Valid: true}
}

// Columns lists the columns of row type T, for a SELECT of a versions
// table that leaves its ranges out.
func Columns[T any]() string {
	cols := columnsOf[T]()
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// AsOfWhere adds to w the conditions that pick, of each aggregate, the
// version as the log knew it at asOf and in force at validAt (a zero time:
// no bound on that axis). With both, a version counts when it was the
// newest recorded by asOf among those in force by validAt: recorded and
// in force by then, and superseded (on either axis) only after.
func AsOfWhere(w *Where, asOf, validAt time.Time) {
	w.parts = append(w.parts, AsOfCondition(w, "", asOf, validAt))
}

// AsOfCondition is AsOfWhere's condition on the ranges of the versions
// table aliased by alias ("v." or ""), its times bound to w, for a
// condition inside a subquery.
//
// Each range's containment is asked twice: as its point inside a box,
// which the point GiST answers (rangePoint), and as the range itself,
// which decides exactly (an upper bound is exclusive; the box, widened
// by a millisecond against the rounding of seconds as float8, is not).
func AsOfCondition(w *Where, alias string, asOf, validAt time.Time) string {
	return asOfCondition(w, alias, asOf, validAt, true)
}

// AsOfKeyedCondition is AsOfCondition without the points' box, for a read
// its primary key narrows to one aggregate, whose few versions the key
// finds. PostgreSQL takes a point-in-box condition for a thousandth of
// the rows (a geometric operator's fixed estimate), so beside a key it
// would add the GiST's scan of every version of then: milliseconds where
// the key alone takes a fraction of one.
func AsOfKeyedCondition(w *Where, alias string, asOf, validAt time.Time) string {
	return asOfCondition(w, alias, asOf, validAt, false)
}

func asOfCondition(w *Where, alias string, asOf, validAt time.Time, boxed bool) string {
	switch {
	case validAt.IsZero():
		return containsCondition(w, alias+"sys_period", asOf, boxed)
	case asOf.IsZero():
		return containsCondition(w, alias+"valid_period", validAt, boxed)
	}
	a, v := Bind(w, asOf), Bind(w, validAt)
	exact := fmt.Sprintf("lower(%[1]ssys_period) <= %[2]s::timestamptz AND lower(%[1]svalid_period) <= %[3]s::timestamptz AND (%[1]ssys_period @> %[2]s::timestamptz OR %[1]svalid_period @> %[3]s::timestamptz)",
		alias, a, v)
	if !boxed {
		return exact
	}
	return fmt.Sprintf("(%s OR %s) AND %s", inBox(w, alias+"sys_period", asOf), inBox(w, alias+"valid_period", validAt), exact)
}

// containsCondition is range column col containing t, asked of the
// point GiST too when boxed.
func containsCondition(w *Where, col string, t time.Time, boxed bool) string {
	exact := fmt.Sprintf("%s @> %s::timestamptz", col, Bind(w, t))
	if !boxed {
		return exact
	}
	return inBox(w, col, t) + " AND " + exact
}

// inBox is the point of range column col in the box of the ranges that
// may contain t: lower <= t <= upper, give or take a millisecond.
func inBox(w *Where, col string, t time.Time) string {
	const margin = 1e-3
	at := float64(t.UnixMicro()) / 1e6
	return fmt.Sprintf("%[1]s <@ box(point(-%[2]g, %[3]s::float8), point(%[4]s::float8, %[2]g))",
		rangePoint(col), float64(openUpper), Bind(w, at-margin), Bind(w, at+margin))
}
