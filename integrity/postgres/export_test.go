package postgres

// StoreNodesFrom makes l store (and read stored) the nodes from level up,
// so a test of a few leaves has stored nodes to find and to tamper with.
func StoreNodesFrom(l *Log, level uint) { l.nodeLevel = level }
