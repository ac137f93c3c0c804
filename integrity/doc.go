// Package integrity makes the global log ($all) verifiable: every stored
// event is a leaf of an RFC 6962 Merkle tree in $all order, and signed
// checkpoints (tree size, root hash, time) in the signed-note format of
// golang.org/x/mod/sumdb/note commit to the tree. A client holding only the
// log's public key and an old checkpoint checks that an event is in the
// log (an inclusion proof) and that the log only grew (a consistency
// proof), with github.com/transparency-dev/merkle/proof.
//
// The package knows no aggregate and no backend: the leaf encoding (Leaf),
// the tree over a compact range (Tree), proofs from stored nodes
// (Inclusion, Consistency), checkpoints (Checkpoint) and keys. The tree is
// kept in PostgreSQL by integrity/postgres.
package integrity
