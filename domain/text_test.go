package domain_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/opsledger/opsledger/domain"
)

// Given a text field of each kind, when it holds exactly its maximum
// length, then it is accepted; one character more, or a control character
// the kind does not allow, is refused naming the field (§2.5-text).
func TestCheckText(t *testing.T) {
	for _, tc := range []struct {
		kind domain.TextKind
		max  int
	}{
		{domain.TextName, 200},
		{domain.TextAddress, 500},
		{domain.TextNote, 2000},
		{domain.TextCode, 64},
	} {
		t.Run(tc.kind.Name, func(t *testing.T) {
			for _, c := range []struct {
				name  string
				value string
				ok    bool
			}{
				{"the limit in ASCII", strings.Repeat("a", tc.max), true},
				{"the limit in CJK (counted in characters, not bytes)", strings.Repeat("客", tc.max), true},
				{"the limit plus one", strings.Repeat("a", tc.max+1), false},
				{"the limit plus one in CJK", strings.Repeat("客", tc.max+1), false},
				{"empty (required is the decision's concern)", "", true},
				{"a line break", "one\ntwo", tc.kind.MultiLine},
				{"a tab", "one\ttwo", tc.kind.MultiLine},
				{"an escape character", "one\x1btwo", false},
				{"a DEL character", "one\x7ftwo", false},
				{"a C1 control character", "one\u0085two", false},
			} {
				t.Run(c.name, func(t *testing.T) {
					err := domain.CheckText("the_field", c.value, tc.kind)
					if c.ok {
						if err != nil {
							t.Fatalf("CheckText() error = %v, want none", err)
						}
						return
					}
					var fe *domain.FieldError
					if !errors.As(err, &fe) || fe.Field != "the_field" || !errors.Is(err, domain.ErrInvalid) {
						t.Fatalf("CheckText() error = %v, want an invalid-field error naming the_field", err)
					}
				})
			}
		})
	}
}
