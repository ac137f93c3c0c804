package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// clock is a settable clock for the tests.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock                   { return &clock{t: time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)} }

func TestMeter(t *testing.T) {
	t.Run("a known total gives percentage, rate and time left once the job has run a second", func(t *testing.T) {
		c := newClock()
		m := NewMeter(1000, c.now)
		c.advance(2 * time.Second)
		s := m.At(500)
		if p, ok := s.Percent(); !ok || p != 50 {
			t.Errorf("Percent() = %v, %v; want 50, true", p, ok)
		}
		if s.Rate != 250 {
			t.Errorf("Rate = %v, want 250 events/s", s.Rate)
		}
		if left, ok := s.Left(); !ok || left != 2*time.Second {
			t.Errorf("Left() = %v, %v; want 2s, true", left, ok)
		}
		if got, want := s.Format("events"), "50% (500/1000 events), 250 events/s, 2s left"; got != want {
			t.Errorf("Format() = %q, want %q", got, want)
		}
	})
	t.Run("before a second has passed there is no rate and no time left: a small log's one batch says nothing", func(t *testing.T) {
		c := newClock()
		m := NewMeter(300, c.now)
		c.advance(999 * time.Millisecond)
		s := m.At(300)
		if s.Rate != 0 {
			t.Errorf("Rate = %v after 999ms, want 0 (not measured)", s.Rate)
		}
		if _, ok := s.Left(); ok {
			t.Error("Left() known without a rate")
		}
		if got, want := s.Format("events"), "100% (300/300 events)"; got != want {
			t.Errorf("Format() = %q, want %q", got, want)
		}
	})
	t.Run("exactly one second gives a rate", func(t *testing.T) {
		c := newClock()
		m := NewMeter(10, c.now)
		c.advance(time.Second)
		if s := m.At(5); s.Rate != 5 {
			t.Errorf("Rate = %v after 1s, want 5", s.Rate)
		}
	})
	t.Run("an unknown total gives the count and the rate only", func(t *testing.T) {
		c := newClock()
		m := NewMeter(Unknown, c.now)
		c.advance(4 * time.Second)
		s := m.At(10)
		if _, ok := s.Percent(); ok {
			t.Error("Percent() known without a total")
		}
		if got, want := s.Format("events"), "10 events, 2.5 events/s"; got != want {
			t.Errorf("Format() = %q, want %q", got, want)
		}
	})
	t.Run("events appended during the job cap the percentage at 100 and the time left at 0", func(t *testing.T) {
		c := newClock()
		m := NewMeter(100, c.now)
		c.advance(2 * time.Second)
		s := m.At(120)
		p, _ := s.Percent()
		left, _ := s.Left()
		if p != 100 || left != 0 {
			t.Errorf("Percent() = %v, Left() = %v; want 100 and 0", p, left)
		}
	})
	t.Run("an empty log is 0 events with no percentage", func(t *testing.T) {
		c := newClock()
		s := NewMeter(0, c.now).At(0)
		if got, want := s.Format("events"), "0 events"; got != want {
			t.Errorf("Format() = %q, want %q", got, want)
		}
	})
}

func TestLines(t *testing.T) {
	c := newClock()
	var out bytes.Buffer
	r := NewLines(&out, "rebuild", "events", 1000, 5*time.Second, c.now)
	c.advance(time.Second)
	r.Set(100)
	if out.Len() != 0 {
		t.Fatalf("a line after 1s with a 5s interval: %q", out.String())
	}
	c.advance(4 * time.Second)
	r.Set(500)
	c.advance(time.Second)
	r.Set(600) // within the interval of the last line
	r.Finish()
	want := "rebuild: 50% (500/1000 events), 100 events/s, 5s left\n"
	if out.String() != want {
		t.Errorf("lines = %q, want %q", out.String(), want)
	}
}

func TestBar(t *testing.T) {
	t.Run("a job longer than a second shows percentage, count and rate", func(t *testing.T) {
		c := newClock()
		var out bytes.Buffer
		r := NewBar(&out, "rebuild", "events", 1000, c.now)
		c.advance(2 * time.Second)
		r.Set(500)
		for _, want := range []string{"rebuild", "50%", "500/1000", "events/s"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("bar %q lacks %q", out.String(), want)
			}
		}
	})
	t.Run("a job done within a second draws nothing", func(t *testing.T) {
		c := newClock()
		var out bytes.Buffer
		r := NewBar(&out, "rebuild", "events", 300, c.now)
		c.advance(10 * time.Millisecond)
		r.Set(300)
		r.Finish()
		if out.Len() != 0 {
			t.Errorf("bar for a 10ms job drew %q", out.String())
		}
	})
	t.Run("an empty log does not break the bar", func(t *testing.T) {
		c := newClock()
		var out bytes.Buffer
		r := NewBar(&out, "rebuild", "events", 0, c.now)
		c.advance(2 * time.Second)
		r.Set(0)
		r.Finish()
	})
}

func TestBar_UnknownTotal(t *testing.T) {
	c := newClock()
	var out bytes.Buffer
	r := NewBar(&out, "rebuild", "events", Unknown, c.now)
	time.Sleep(250 * time.Millisecond) // the library's spinner would have drawn by itself twice by now
	if out.Len() != 0 {
		t.Fatalf("the spinner drew before any progress: %q", out.String())
	}
	c.advance(2 * time.Second)
	r.Set(700)
	if !strings.Contains(out.String(), "700") || !strings.Contains(out.String(), "events/s") {
		t.Errorf("spinner %q lacks the count and the rate", out.String())
	}
	r.Finish()
}
