package integrity_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/opsledger/opsledger/integrity"
)

func newKey(t *testing.T) integrity.Key {
	t.Helper()
	skey, err := integrity.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	key, err := integrity.ParseKey(skey)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// The verifier key derived from the signer key opens what it signs, with
// note's own verifier.
func TestKeyDerivesItsVerifier(t *testing.T) {
	for range 64 { // base64 keys hold "+" now and then
		newKey(t)
	}
	key := newKey(t)
	if !strings.HasPrefix(key.VerifierKey, integrity.KeyName+"+") {
		t.Fatalf("verifier key %q is not named %s", key.VerifierKey, integrity.KeyName)
	}
	v, err := note.NewVerifier(key.VerifierKey)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := note.Sign(&note.Note{Text: "hello\n"}, key.Signer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := note.Open(msg, note.VerifierList(v)); err != nil {
		t.Fatalf("the derived verifier does not open the signer's note: %v", err)
	}
}

func TestParseKeyRefusesWhatIsNotASignerKey(t *testing.T) {
	_, vkey, _ := note.GenerateKey(nil, "x")
	for _, bad := range []string{"", "secret", vkey, "PRIVATE+KEY+opsledger+00000000+AQ=="} {
		if _, err := integrity.ParseKey(bad); err == nil {
			t.Errorf("ParseKey(%q) accepted it", bad)
		}
	}
}

func TestCheckpointRoundTrips(t *testing.T) {
	key := newKey(t)
	at := time.Date(2027, 1, 15, 9, 30, 0, 123456789, time.UTC)
	c, signed, err := integrity.Sign(integrity.Checkpoint{Size: 42, Root: integrity.Hasher.EmptyRoot(), Time: at}, key.Signer)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(signed, "opsledger\n42\n") {
		t.Fatalf("signed checkpoint does not start with origin and size:\n%s", signed)
	}
	got, err := integrity.OpenCheckpoint([]byte(signed), key.VerifierKey)
	if err != nil {
		t.Fatal(err)
	}
	if got.Origin != c.Origin || got.Size != 42 || !bytes.Equal(got.Root, c.Root) || !got.Time.Equal(at) {
		t.Fatalf("opened %+v, want %+v", got, c)
	}
}

// A checkpoint signed by another key, altered, or not a checkpoint at all
// is malformed.
func TestOpenCheckpointRefusesMalformed(t *testing.T) {
	key, other := newKey(t), newKey(t)
	good := integrity.Checkpoint{Size: 3, Root: integrity.Hasher.EmptyRoot(), Time: time.Unix(0, 0)}
	_, signed, _ := integrity.Sign(good, key.Signer)
	_, byOther, _ := integrity.Sign(good, other.Signer)
	signBody := func(body string) string {
		msg, err := note.Sign(&note.Note{Text: body}, key.Signer)
		if err != nil {
			t.Fatal(err)
		}
		return string(msg)
	}
	root := "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
	cases := map[string]string{
		"empty":            "",
		"garbage":          "not a note",
		"other key":        byOther,
		"altered size":     strings.Replace(signed, "\n3\n", "\n4\n", 1),
		"three lines":      signBody("opsledger\n3\n" + root + "\n"),
		"size not decimal": signBody("opsledger\nthree\n" + root + "\n1970-01-01T00:00:00Z\n"),
		"negative size":    signBody("opsledger\n-3\n" + root + "\n1970-01-01T00:00:00Z\n"),
		"short root":       signBody("opsledger\n3\nAAAA\n1970-01-01T00:00:00Z\n"),
		"bad time":         signBody("opsledger\n3\n" + root + "\nyesterday\n"),
		"not canonical":    signBody("opsledger\n03\n" + root + "\n1970-01-01T00:00:00Z\n"),
	}
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := integrity.OpenCheckpoint([]byte(text), key.VerifierKey)
			if !errors.Is(err, integrity.ErrMalformedCheckpoint) {
				t.Fatalf("err = %v, want ErrMalformedCheckpoint", err)
			}
		})
	}
}
