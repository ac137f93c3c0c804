// Package verify checks the verifiable log against the events it seals:
// it recomputes every leaf from the event store's $all, rebuilds the
// tree, compares it leaf by leaf and node by node with the stored tree,
// and opens every stored checkpoint with the log's public key and checks
// its root against the recomputed tree. It names the first event that
// is not as it was sealed (its stream, version and position) and what is
// wrong with it.
//
// It reads events through the eventstore port only (Events), so it
// works over either store, and the sealed tree through the Sealed
// interface, which the PostgreSQL log implements and an offline bundle
// (bundle.go) implements from files.
package verify
