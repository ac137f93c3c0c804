package eventstore

import (
	"fmt"
)

// ExpectedVersion states what an append expects of its stream.
type ExpectedVersion struct {
	kind    expectKind
	version uint64
}

type expectKind uint8

const (
	expectExact expectKind = iota
	expectAny
	expectNoStream
	expectExists
)

// Any appends whatever the stream's version.
var Any = ExpectedVersion{kind: expectAny}

// NoStream appends only if the stream has no events.
var NoStream = ExpectedVersion{kind: expectNoStream}

// StreamExists appends only if the stream has at least one event.
var StreamExists = ExpectedVersion{kind: expectExists}

// Exact appends only if the stream is at version v (0: no events yet).
func Exact(v uint64) ExpectedVersion {
	if v == 0 {
		return NoStream
	}
	return ExpectedVersion{kind: expectExact, version: v}
}

// IsAny, IsNoStream and IsStreamExists report the kind of expectation.
func (e ExpectedVersion) IsAny() bool          { return e.kind == expectAny }
func (e ExpectedVersion) IsNoStream() bool     { return e.kind == expectNoStream }
func (e ExpectedVersion) IsStreamExists() bool { return e.kind == expectExists }

// Exact returns the exact version expected; ok is false for Any,
// StreamExists, and NoStream (which is exact version 0: see Allows).
func (e ExpectedVersion) Exact() (v uint64, ok bool) {
	return e.version, e.kind == expectExact
}

// Allows reports whether a stream at version current satisfies e.
func (e ExpectedVersion) Allows(current uint64) bool {
	switch e.kind {
	case expectAny:
		return true
	case expectNoStream:
		return current == 0
	case expectExists:
		return current > 0
	}
	return current == e.version
}

func (e ExpectedVersion) String() string {
	switch e.kind {
	case expectAny:
		return "any"
	case expectNoStream:
		return "no stream"
	case expectExists:
		return "stream exists"
	}
	return fmt.Sprintf("version %d", e.version)
}
