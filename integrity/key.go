package integrity

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

// KeyName names the log's key, and so the origin line of its checkpoints.
const KeyName = "opsledger"

// Key signs the log's checkpoints: an Ed25519 key in the signed-note
// format (a signer key "PRIVATE+KEY+name+hash+key", OPS_LOG_KEY).
type Key struct {
	Signer note.Signer
	// VerifierKey is the public key ("name+hash+key") a client checks
	// checkpoints with (note.NewVerifier).
	VerifierKey string
}

// GenerateKey makes a new signer key string for the log.
func GenerateKey() (string, error) {
	skey, _, err := note.GenerateKey(rand.Reader, KeyName)
	return skey, err
}

// ParseKey reads a signer key string. The error never repeats the key.
func ParseKey(skey string) (Key, error) {
	signer, err := note.NewSigner(skey)
	if err != nil {
		return Key{}, fmt.Errorf("integrity: the log key is not a note signer key (PRIVATE+KEY+name+hash+key): %w", err)
	}
	vkey, err := verifierKey(signer.Name(), skey)
	if err != nil {
		return Key{}, err
	}
	return Key{Signer: signer, VerifierKey: vkey}, nil
}

// verifierKey derives the public key from the signer key's Ed25519 seed
// (the fifth field, base64, which may itself hold "+": an algorithm
// byte, then the seed), which note.NewSigner has already checked.
func verifierKey(name, skey string) (string, error) {
	fields := strings.SplitN(skey, "+", 5)
	if len(fields) != 5 {
		return "", errors.New("integrity: the log key is not a note signer key")
	}
	key, err := base64.StdEncoding.DecodeString(fields[4])
	if err != nil || len(key) != 1+ed25519.SeedSize {
		return "", errors.New("integrity: the log key is not an Ed25519 signer key")
	}
	pub := ed25519.NewKeyFromSeed(key[1:]).Public().(ed25519.PublicKey)
	return note.NewEd25519VerifierKey(name, pub)
}
