// Package privacy erases personal data from an append-only log by
// crypto-shredding (rule P1-erasure in docs/RULES.md). The personal fields
// of the event types listed in its registry are stored encrypted with a
// data key of their data subject (the person they describe), AES-256-GCM;
// data keys are kept wrapped by a master key. Erasing a subject destroys
// its data key: the ciphertext stays in the log, byte for byte as sealed,
// but nobody can read it any more, and every read shows the fields as
// erased.
//
// The package holds the subject ids, the field registry, the field and key
// ciphers, the keyring (the port to where wrapped keys are kept, with a
// bounded in-memory cache of unwrapped keys), the event store wrapper that
// encrypts on append and decrypts on every read, and the erasure event.
// The PostgreSQL key store is privacy/postgres.
package privacy
