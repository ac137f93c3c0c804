package privacy

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"testing"
)

func TestScanObject(t *testing.T) {
	body := []byte(` {"a":"x\"}","b":{"c":[1,{"d":"]"}]},"e":null , "f":-1.5e3,"g":true}`)
	members, err := scanObject(body, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a": `"x\"}"`, "b": `{"c":[1,{"d":"]"}]}`, "e": "null", "f": "-1.5e3", "g": "true"}
	if len(members) != len(want) {
		t.Fatalf("members = %d, want %d", len(members), len(want))
	}
	for _, m := range members {
		if got := string(body[m.valStart:m.valEnd]); got != want[m.key(body)] {
			t.Errorf("member %s = %s, want %s", m.key(body), got, want[m.key(body)])
		}
	}
	t.Run("an empty object has no members", func(t *testing.T) {
		if ms, err := scanObject([]byte(`{}`), nil); err != nil || len(ms) != 0 {
			t.Fatalf("members = %v, err = %v", ms, err)
		}
	})
	for _, bad := range []string{``, `[]`, `"s"`, `{"a":}`, `{"a" 1}`, `{"a":"unterminated}`, `{"a":1`} {
		if _, err := scanObject([]byte(bad), nil); !errors.Is(err, errNotObject) {
			t.Errorf("scanObject(%q) err = %v, want errNotObject", bad, err)
		}
	}
}

func TestFieldCipher_roundTripAndBinding(t *testing.T) {
	aead, err := newDataKey(randomBytes(keySize))
	if err != nil {
		t.Fatal(err)
	}
	plain := []byte(`{"name":"Zhang San","contact_details":"138 0000 0000"}`)
	aad := fieldAAD(nil, "customer.key_contact_added", "personal", "contact:c1:k1")
	sealed := sealField(nil, aead, "ev-1", plain, aad)
	if !isSealed(sealed) || bytes.Contains(sealed, []byte("Zhang")) {
		t.Fatalf("sealed = %s: want a pii: string without the plaintext", sealed)
	}
	var s string
	if err := json.Unmarshal(sealed, &s); err != nil {
		t.Fatalf("sealed field is not a JSON string: %v", err)
	}
	got, err := openField(nil, aead, sealed, aad)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("openField = %s, %v; want the plaintext", got, err)
	}
	t.Run("the same event seals to the same bytes, another event or value to others", func(t *testing.T) {
		if again := sealField(nil, aead, "ev-1", plain, aad); !bytes.Equal(again, sealed) {
			t.Error("sealing the same event twice gave different bytes: a retried append would conflict")
		}
		other := sealField(nil, aead, "ev-2", plain, aad)
		changed := sealField(nil, aead, "ev-1", []byte(`{"name":"Li Si"}`), aad)
		if bytes.Equal(other, sealed) || bytes.Equal(changed[:20], sealed[:20]) {
			t.Error("another event or another value reused the nonce")
		}
	})
	t.Run("another subject's additional data does not open it", func(t *testing.T) {
		other := fieldAAD(nil, "customer.key_contact_added", "personal", "contact:c1:k2")
		if _, err := openField(nil, aead, sealed, other); !errors.Is(err, errCiphertext) {
			t.Fatalf("err = %v, want errCiphertext", err)
		}
	})
	t.Run("an altered ciphertext does not open", func(t *testing.T) {
		raw, _ := base64.StdEncoding.DecodeString(s[len(cipherPrefix):])
		raw[len(raw)-1] ^= 1
		altered := []byte(`"` + cipherPrefix + base64.StdEncoding.EncodeToString(raw) + `"`)
		if _, err := openField(nil, aead, altered, aad); !errors.Is(err, errCiphertext) {
			t.Fatalf("err = %v, want errCiphertext", err)
		}
	})
	t.Run("a truncated ciphertext does not open", func(t *testing.T) {
		if _, err := openField(nil, aead, []byte(`"pii:AAAA"`), aad); !errors.Is(err, errCiphertext) {
			t.Fatalf("err = %v, want errCiphertext", err)
		}
	})
}

func TestMasterKey(t *testing.T) {
	m, err := ParseMasterKey(GenerateMasterKey())
	if err != nil {
		t.Fatal(err)
	}
	data := randomBytes(keySize)
	wrapped := m.wrap("employee:e1", data)
	if got, err := m.unwrap("employee:e1", wrapped); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("unwrap = %x, %v; want the data key", got, err)
	}
	t.Run("a key wrapped for one subject does not open for another", func(t *testing.T) {
		if _, err := m.unwrap("employee:e2", wrapped); !errors.Is(err, errCiphertext) {
			t.Fatalf("err = %v, want errCiphertext", err)
		}
	})
	t.Run("another master key does not open it", func(t *testing.T) {
		other, _ := ParseMasterKey(GenerateMasterKey())
		if _, err := other.unwrap("employee:e1", wrapped); !errors.Is(err, errCiphertext) {
			t.Fatalf("err = %v, want errCiphertext", err)
		}
	})
	for _, bad := range []string{"", "not base64!", base64.StdEncoding.EncodeToString(make([]byte, 16)), base64.StdEncoding.EncodeToString(make([]byte, 33))} {
		if _, err := ParseMasterKey(bad); !errors.Is(err, ErrBadMasterKey) {
			t.Errorf("ParseMasterKey(%q) err = %v, want ErrBadMasterKey", bad, err)
		}
	}
}

func TestParseSubject(t *testing.T) {
	for _, tt := range []struct {
		id   string
		want Subject
	}{
		{"employee:e-1", Subject{Kind: KindEmployee, OwnerID: "e-1"}},
		{"contact:c-1:k1", Subject{Kind: KindContact, OwnerID: "c-1", ContactID: "k1"}},
		{"contact:c-1:k:1", Subject{Kind: KindContact, OwnerID: "c-1", ContactID: "k:1"}},
	} {
		got, err := ParseSubject(tt.id)
		if err != nil || got != tt.want {
			t.Errorf("ParseSubject(%q) = %+v, %v; want %+v", tt.id, got, err, tt.want)
		}
		if got.ID() != tt.id {
			t.Errorf("ID() = %q, want %q", got.ID(), tt.id)
		}
	}
	if s, _ := ParseSubject("contact:c-1:k1"); s.Stream() != "subject-contact:c-1:k1" || s.DataStream() != "customer-c-1" {
		t.Errorf("streams = %s, %s", s.Stream(), s.DataStream())
	}
	for _, bad := range []string{"", "employee", "employee:", "contact:c1", "contact::k1", "contact:c1:", "customer:c1", "x:y"} {
		if _, err := ParseSubject(bad); !errors.Is(err, ErrUnknownSubject) {
			t.Errorf("ParseSubject(%q) err = %v, want ErrUnknownSubject", bad, err)
		}
	}
}
