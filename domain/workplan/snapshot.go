package workplan

// StateSchema versions the state a snapshot of a work plan holds (see
// package snapshots; every field of WorkPlan is exported, so the command
// layer encodes it as JSON): bump it whenever a field of WorkPlan
// changes, or what Evolve makes of an event.
const StateSchema = 1
