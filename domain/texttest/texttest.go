// Package texttest checks that a decision holds its text inputs to their
// kinds (rule §2.5-text), the same way for every aggregate.
package texttest

import (
	"errors"
	"strings"
	"testing"

	"github.com/opsledger/opsledger/domain"
)

// Input is one text input of a decision: the field as the API names it,
// and the decision called on a state where it succeeds with text in that
// field and valid values everywhere else.
type Input struct {
	Field string
	Call  func(text string) error
	// Formatted marks a field whose values have a format or a catalogue of
	// their own (a period, a check-in slot): the longest text of its kind
	// is not one of them, so at the limit only the text rule is asserted
	// to let it through.
	Formatted bool
}

// Longest is the longest legal value of kind, in CJK characters: the
// limit counts characters, not bytes.
func Longest(kind domain.TextKind) string { return strings.Repeat("客", kind.Max) }

// Check runs, for each input, given the decision's state, when the field
// holds the longest value its kind allows, then the decision takes it;
// one character more, or a control character its kind does not allow, is
// refused with an invalid-field error naming the field.
func Check(t *testing.T, inputs []Input) {
	t.Helper()
	for _, in := range inputs {
		kind := domain.TextKindOf(in.Field)
		t.Run(in.Field, func(t *testing.T) {
			err := in.Call(Longest(kind))
			switch {
			case in.Formatted && namesField(err, in.Field) && strings.Contains(err.Error(), "must be at most"):
				t.Errorf("%s at its limit of %d: error = %v, want the text rule to let it through", in.Field, kind.Max, err)
			case !in.Formatted && err != nil:
				t.Errorf("%s at its limit of %d: error = %v, want success", in.Field, kind.Max, err)
			}
			if err := in.Call(strings.Repeat("a", kind.Max+1)); !namesField(err, in.Field) {
				t.Errorf("%s at %d characters: error = %v, want an invalid-field error naming %s", in.Field, kind.Max+1, err, in.Field)
			}
			if err := in.Call("a\x07b"); !namesField(err, in.Field) {
				t.Errorf("%s with a bell character: error = %v, want an invalid-field error naming %s", in.Field, err, in.Field)
			}
			if !kind.MultiLine {
				if err := in.Call("a\nb"); !namesField(err, in.Field) {
					t.Errorf("%s (one line, a %s) with a line break: error = %v, want an invalid-field error naming %s", in.Field, kind.Name, err, in.Field)
				}
			}
		})
	}
}

func namesField(err error, field string) bool {
	var fe *domain.FieldError
	return errors.As(err, &fe) && fe.Field == field
}
