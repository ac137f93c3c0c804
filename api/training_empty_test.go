package api_test

import (
	"context"

	"github.com/opsledger/opsledger/queries"
)

func (emptyReadSide) TrainingRecord(_ context.Context, id string) (queries.TrainingRecordView, error) {
	return queries.TrainingRecordView{EmployeeID: id, Sessions: []queries.TrainingRecordEntry{}, Certificates: []queries.TrainingCertificateView{}}, nil
}

func (emptyReadSide) DepartmentTrainingMonths(context.Context, string, string, bool) ([]queries.DepartmentTrainingMonth, error) {
	return []queries.DepartmentTrainingMonth{}, nil
}
