// Package training is department training (培训, SPEC §3.5): the annual
// training plan a department prepares, its manager reviews and company
// leadership approves (TrainingPlan), and the sessions held under it
// (TrainingSession): at least one a month per department, at least an
// hour long, with their attendance, the evaluation of each attendee by
// exam, written reflection or on-the-job application, and the
// certificates attendees earn with their rewards (see docs/RULES.md
// §3.5-* and §5.19).
package training

import "slices"

// Kind is what a training teaches (S [001] 通用類 / 專業類 / 管理類).
type Kind string

// The kinds of training.
const (
	KindGeneral      Kind = "GENERAL"
	KindProfessional Kind = "PROFESSIONAL"
	KindManagerial   Kind = "MANAGERIAL"
)

// Kinds lists every kind.
var Kinds = []Kind{KindGeneral, KindProfessional, KindManagerial}

// Mode is how a training is given (S [001] 內部培訓 / 外部培訓 / 在線學習).
type Mode string

// The modes of training.
const (
	ModeInternal Mode = "INTERNAL"
	ModeExternal Mode = "EXTERNAL"
	ModeOnline   Mode = "ONLINE"
)

// Modes lists every mode.
var Modes = []Mode{ModeInternal, ModeExternal, ModeOnline}

// Method is how an attendee's training is evaluated (S [001]
// 考試、撰寫培訓心得、實際工作應用).
type Method string

// The evaluation methods.
const (
	MethodExam        Method = "EXAM"
	MethodReflection  Method = "REFLECTION"
	MethodApplication Method = "APPLICATION"
)

// Methods lists every evaluation method.
var Methods = []Method{MethodExam, MethodReflection, MethodApplication}

// MinSessionMinutes is the shortest department training session that
// counts: 「培训时间不少于1小时」 (S [003], §5.19).
const MinSessionMinutes = 60

// MaxSessionMinutes bounds a session's length at a week (D): a longer one
// is a typing mistake, and the read model keeps minutes in 32 bits.
const MaxSessionMinutes = 7 * 24 * 60

// ExamPassMark is the lowest exam score (of 100) that passes (D: the
// regulations name the exam, not its mark).
const ExamPassMark = 60

// MaxAttendees bounds one session's attendance list, so one request
// cannot load an unbounded number of records (D).
const MaxAttendees = 500

func (k Kind) valid() bool   { return slices.Contains(Kinds, k) }
func (m Mode) valid() bool   { return slices.Contains(Modes, m) }
func (m Method) valid() bool { return slices.Contains(Methods, m) }

// PlanStream is the event stream of a training plan.
func PlanStream(id string) string { return "trainingplan-" + id }

// SessionStream is the event stream of a training session.
func SessionStream(id string) string { return "trainingsession-" + id }

// StateSchema versions the state a snapshot of a plan or a session holds
// (see package snapshots): bump it whenever a field of TrainingPlan or
// TrainingSession changes, or what Evolve makes of an event.
const StateSchema = 1
