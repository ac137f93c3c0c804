// Package export writes the event log out for analysts: every event in a
// time range (optionally of some types or streams), in the global log's
// order, as NDJSON, CSV or Parquet. One row per event: the envelope in
// typed columns, the body as JSON. It reads through the event store port
// it is given, so whatever that store hides (an erased person's fields)
// stays hidden in every format.
package export
