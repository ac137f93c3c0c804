// Package replay builds the read models as they stood at a past time into
// a PostgreSQL schema of their own, for analysts to query with any SQL
// tool (docs/REPLAY.md).
//
// It reuses the projection engine's one-pass rebuild (projections.RebuildAll)
// and each read model's own Setup, Apply and Indexes, fed through a cut of
// the log: the events of $all recorded at or before the as-of time and,
// with a valid time, of those only the ones effective by then. The read
// models are built into a scratch namespace, and only a complete build is
// moved into the schema asked for, in one transaction; a failed or
// interrupted one leaves nothing behind.
//
// A what-if replay recomputes, under another version of a regulation,
// the read models whose figures depend on regulation parameters: such a
// read model names them (Regulations) and takes the parameters through one
// method (UnderRegulations, see tables.Regulations).
package replay
