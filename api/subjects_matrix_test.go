package api_test

import (
	"testing"

	"github.com/opsledger/opsledger/privacy"
)

// The authorization matrix's world and body of the erasure route: an
// employee hired, named by their subject id (rule P1-erasure).
func init() {
	worldBuilders["subject.employee"] = then("employee.hired", func(_ *testing.T, _ *matrix, w *world) {
		w.id = privacy.EmployeeSubject(w.id)
	})
	matrixBodies["/subjects/{id}/erasure"] = `{"reason": "the former employee's erasure request"}`
}
