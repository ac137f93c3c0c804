package api_test

import (
	"context"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/pay"
	"github.com/opsledger/opsledger/queries"
)

// emptyPayMonth is a month nothing was recorded in.
type emptyPayMonth struct{}

func (emptyPayMonth) Facts(string, func(string) bool) (pay.Facts, string, bool) {
	return pay.Facts{}, "", false
}

func (emptyPayMonth) Commissions(pay.Month, string, string, pay.Rules, func(string) bool) ([]queries.CommissionView, error) {
	return []queries.CommissionView{}, nil
}

func (emptyPayMonth) DepartmentCollected(string) domain.Money { return domain.Money{} }

func (emptyReadSide) MonthlyResults(_ context.Context, id string, month pay.Month) (queries.MonthlyResultView, error) {
	return queries.MonthlyResultView{EmployeeID: id, Month: month.String(), Currency: domain.DefaultCurrency}, nil
}

func (emptyReadSide) PayMonth(context.Context, pay.Month) (queries.PayMonth, error) {
	return emptyPayMonth{}, nil
}

func (emptyReadSide) PayStatement(context.Context, string, pay.Month) (queries.PayStatementView, error) {
	return notFound[queries.PayStatementView]("pay statement")
}

func (emptyReadSide) PayStatements(context.Context, pay.Month, string) ([]queries.PayStatementView, error) {
	return []queries.PayStatementView{}, nil
}

func (emptyReadSide) EmployeePayStatements(context.Context, string) ([]queries.PayStatementView, error) {
	return []queries.PayStatementView{}, nil
}
