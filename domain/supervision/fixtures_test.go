package supervision_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
)

// The notice of the fixtures is issued on 2 March, due on 16 March.
var (
	issueDay    = time.Date(2027, 3, 2, 9, 0, 0, 0, time.UTC)
	deadlineDay = time.Date(2027, 3, 16, 0, 0, 0, 0, time.UTC)
	// lastMinute is the deadline day's end: still on time.
	lastMinute = deadlineDay.Add(23*time.Hour + 59*time.Minute)
	// dayAfter is the first moment of the day after the deadline.
	dayAfter = deadlineDay.AddDate(0, 0, 1)
)

// decideCase is one given/when/then row; when is the decision under test.
type decideCase struct {
	name    string
	given   []domain.Event
	want    []domain.Event
	wantErr error
}

func check[S any](t *testing.T, evolve func(S, domain.Event) S, tests []decideCase, when func(S) ([]domain.Event, error)) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := domain.Fold(evolve, tt.given...) // given

			got, err := when(s) // when

			if !errors.Is(err, tt.wantErr) { // then
				t.Fatalf("error = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("events mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
