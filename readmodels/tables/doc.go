// Package tables is the toolkit every read model is written with: decode
// a batch of events (decodeBatch), load the rows it touches in one round
// trip (Set, LoadRows), write them back column-wise as binary arrays
// (QueueInsert, QueueUpdate, QueueUpsert; one column mapper on db tags),
// queue the writes with the batch's commit (Write), and read the views a
// keyset page at a time (List, with sorting and opaque cursors) or a row
// at a time (One).
package tables
