package order

// StateSchema versions the state a snapshot of this aggregate holds (see
// package snapshots): bump it whenever a field of the state changes, or
// what Evolve makes of an event, so a snapshot written by older code is
// ignored and the stream folded again. The state's fields are all
// exported, and a snapshot is their JSON.
const StateSchema = 3
