// Package faults holds no code: its tests are the fault suite. Each one
// builds the opsledger binary, starts real `opsledger serve` processes on
// loopback against a database of its own and does something unkind to
// them while clients keep working:
//
//   - kills the server with SIGKILL in the middle of a mixed load, then
//     checks that every answered (2xx) command's events are in the log and
//     that the read models equal a rebuild from the log;
//   - stops and restarts PostgreSQL under load, on a cluster the test
//     creates for itself (initdb into a temporary folder, its own port):
//     the server answers 503 with Retry-After while the database is down,
//     never 500, recovers without a restart and leaves nothing half done;
//   - holds 500 slow clients open (headers or bodies a byte at a time):
//     health and commands still answer, the server's memory stays
//     bounded and its timeouts close them;
//   - sends 100 concurrent clients at one aggregate: only 2xx, 409 or
//     412, and one effect where there must be one;
//   - runs three instances on one database and NATS JetStream under load
//     through all three and kills the one holding the projection and
//     forwarder leases: another takes over within 5 s, no reaction's
//     effect is doubled and the read models equal a rebuild.
//
// The tests need PostgreSQL (TEST_POSTGRES_URL) and, for the restart, the
// PostgreSQL server programs (initdb, postgres), and the instances test a
// NATS server with JetStream (TEST_NATS_URL, default
// nats://127.0.0.1:4222). Without them they skip,
// except under CI=true, where they fail. Every process they start dies
// with the test process, so a test killed by its timeout leaves no server
// running.
package faults
