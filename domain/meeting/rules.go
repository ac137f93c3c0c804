package meeting

import "time"

// The figures of the meeting rules. The regulations state them in so many
// words; they are constants, not a regulation version, because no
// template gives another value.
const (
	// MorningLimit and EveningLimit are the stand-ups' length limits
	// ([003] 「早会不超过15分钟,晚会不超过30分钟」): at the limit is within it.
	MorningLimit = 15 * time.Minute
	EveningLimit = 30 * time.Minute
	// BookingLead is how far ahead the room is booked ([000]
	// 「提前一天到办公室申请使用会议室,并登记」): a booking exactly one
	// day before the start is in time.
	BookingLead = 24 * time.Hour
)

// CompanyZone is the company's time (UTC+8), in which the weekly
// meeting's Monday 17:30 is read.
var CompanyZone = time.FixedZone("company", 8*60*60)

// lengthLimit is kind's length limit, or zero when the regulations give
// it none.
func lengthLimit(kind Kind) time.Duration {
	switch kind {
	case KindMorningStandup:
		return MorningLimit
	case KindEveningStandup:
		return EveningLimit
	}
	return 0
}

// mondayHalfPastFive reports whether t is Monday 17:30 in company time.
func mondayHalfPastFive(t time.Time) bool {
	l := t.In(CompanyZone)
	return l.Weekday() == time.Monday && l.Hour() == 17 && l.Minute() == 30 && l.Second() == 0
}
