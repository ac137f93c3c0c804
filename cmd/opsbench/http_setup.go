package main

import (
	"context"
	"fmt"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// setupWorkers is how many requests the set-up runs at once.
const setupWorkers = 8

// httpTeam are the bearer tokens of the people the load acts as.
type httpTeam struct {
	rep, head, legal, gm, finance, service, quality, hr string
	engineer                                            string // costs quotations (K7-costing)
}

// httpFixture is what the set-up made: the aggregates the load's
// commands and queries address.
type httpFixture struct {
	team       httpTeam
	customers  []string
	contractID string
	orders     []string
	complaints []string
	// employees and their own tokens (check-ins are self-service).
	employees, employeeTokens []string
}

// newHTTPTeam hires the team (the server accepts only tokens of known,
// active employees) and signs their tokens.
func newHTTPTeam(ctx context.Context, c *benchClient) (httpTeam, error) {
	var t httpTeam
	var err error
	for _, m := range []struct {
		dst      *string
		id, unit string
		role     domain.Role
	}{
		{&t.rep, "rep-1", "ou-sales", domain.RoleSalesRep}, {&t.head, "head-1", "ou-sales", domain.RoleDeptHead},
		{&t.legal, "legal-1", "ou-legal", domain.RoleLegal}, {&t.gm, "gm-1", "ou-gm", domain.RoleGM},
		{&t.finance, "fin-1", "ou-finance", domain.RoleFinance}, {&t.service, "cs-1", "ou-service", domain.RoleCustomerService},
		{&t.quality, "qa-1", "ou-quality", domain.RoleQuality}, {&t.hr, "hr-1", "ou-hr", domain.RoleHR},
		{&t.engineer, "eng-1", "ou-engineering", domain.RoleBusinessEngineer},
	} {
		if *m.dst, err = c.token(ctx, m.id, m.unit, m.role); err != nil {
			return t, err
		}
	}
	return t, nil
}

// setUp creates, through the API, customers with a key contact, a signed
// contract with confirmed orders, complaints routed to quality and
// employees at work, then waits until the read models show them.
func setUpHTTP(ctx context.Context, c *benchClient, o httpOptions) (*httpFixture, error) {
	start := time.Now()
	team, err := newHTTPTeam(ctx, c)
	if err != nil {
		return nil, err
	}
	fx := &httpFixture{team: team, customers: make([]string, o.customers), orders: make([]string, o.orders),
		complaints: make([]string, o.complaints), employees: make([]string, o.employees), employeeTokens: make([]string, o.employees)}
	steps := []func(context.Context, *benchClient) error{fx.setUpCustomers, fx.setUpContract, fx.setUpOrders, fx.setUpComplaints, fx.setUpEmployees}
	for _, step := range steps {
		if err := step(ctx, c); err != nil {
			return nil, err
		}
	}
	if err := fx.awaitReadModels(ctx, c); err != nil {
		return nil, err
	}
	fmt.Printf("set up %d customers, %d orders, %d complaints, %d employees in %s\n",
		len(fx.customers), len(fx.orders), len(fx.complaints), len(fx.employees), time.Since(start).Round(time.Millisecond))
	return fx, nil
}

func (fx *httpFixture) setUpCustomers(ctx context.Context, c *benchClient) error {
	return parallel(ctx, setupWorkers, len(fx.customers), func(ctx context.Context, i int) error {
		res, err := c.command(ctx, "/customers", fx.team.rep, map[string]any{
			"number": fmt.Sprintf("B-%06d", i), "name": fmt.Sprintf("Bench Customer %d", i), "address": "1 Harbour Rd, Ningbo",
			"primary_contact": "Mr Li", "phone": "+86 574 5555 0101", "source": "REFERRAL"})
		if err != nil {
			return err
		}
		fx.customers[i] = res.ID
		_, err = c.command(ctx, "/customers/"+res.ID+"/key-contacts", fx.team.rep, map[string]any{
			"contact_id": "k1", "role_in_org": "HEAD", "personal": map[string]any{"name": "Mr Zhao"}})
		return err
	})
}

// httpStep is one command of a set-up sequence.
type httpStep struct {
	path, token string
	body        map[string]any
}

func runSteps(ctx context.Context, c *benchClient, steps []httpStep) error {
	for _, s := range steps {
		if _, err := c.command(ctx, s.path, s.token, s.body); err != nil {
			return err
		}
	}
	return nil
}

// setUpContract takes a quotation and a contract through review to signed
// (the flow of the API's order tests), for customers[0].
func (fx *httpFixture) setUpContract(ctx context.Context, c *benchClient) error {
	t := fx.team
	const price, cost, hash = "1000000.00", "650000.00", "sha256:bench-contract"
	q, err := c.command(ctx, "/quotations", t.rep, map[string]any{
		"customer_id": fx.customers[0], "type": "WRITTEN_FINAL", "demand_assessment": "bench",
		// 10,000 pumps at the 100.00 setUpOrders orders them at (K6).
		"lines": []map[string]any{{"product": "pump P-7", "quantity": 10000, "unit_price": "100.00", "unit_cost": "65.00"}}})
	if err != nil {
		return err
	}
	err = runSteps(ctx, c, []httpStep{
		{"/quotations/" + q.ID + "/costing", t.engineer, map[string]any{"costing_ref": "COST-bench",
			"unit_costs": []map[string]any{{"product": "pump P-7", "unit_cost": "65.00"}}}},
		{"/quotations/" + q.ID + "/price-approval", t.gm, map[string]any{"comment": "approved price"}},
		{"/quotations/" + q.ID + "/submit", t.rep, map[string]any{}},
		{"/quotations/" + q.ID + "/approve", t.head, map[string]any{"comment": "fine"}},
	})
	if err != nil {
		return err
	}
	ct, err := c.command(ctx, "/contracts", t.rep, map[string]any{
		"customer_id": fx.customers[0], "quotation_id": q.ID, "terms": map[string]any{
			"rights_obligations": "both parties' duties", "scope": "pumps P-7", "price": price,
			"delivery_date": time.Now().AddDate(0, 1, 0).UTC(), "payment_terms": "on delivery"}})
	if err != nil {
		return err
	}
	fx.contractID = ct.ID
	k := "/contracts/" + ct.ID
	return runSteps(ctx, c, []httpStep{
		{k + "/register", t.rep, map[string]any{"registration_no": "REG-BENCH", "document_hash": hash}},
		{k + "/dept-head-approval", t.head, map[string]any{}},
		{k + "/legal-review", t.legal, map[string]any{"comment": "lawful"}},
		{k + "/gm-approval", t.gm, map[string]any{}},
		{k + "/sign", t.head, map[string]any{"place": "COMPANY", "customer_signatory": "Mr Li", "document_hash": hash}},
	})
}

// setUpOrders creates confirmed orders of 100.00 each under the contract.
func (fx *httpFixture) setUpOrders(ctx context.Context, c *benchClient) error {
	return parallel(ctx, setupWorkers, len(fx.orders), func(ctx context.Context, i int) error {
		res, err := c.command(ctx, "/orders", fx.team.rep, map[string]any{"contract_id": fx.contractID,
			"lines": []map[string]any{{"product_name": "pump", "model_spec": "P-7", "quantity": 1, "unit_price": "100.00",
				"delivery_time": time.Now().AddDate(0, 0, 20).UTC(), "delivery_address": "1 Harbour Rd, Ningbo"}}})
		if err != nil {
			return err
		}
		fx.orders[i] = res.ID
		_, err = c.command(ctx, "/orders/"+res.ID+"/confirmation", fx.team.rep, map[string]any{"customer_confirmation_ref": fmt.Sprintf("PO-%d", i)})
		return err
	})
}

func (fx *httpFixture) setUpComplaints(ctx context.Context, c *benchClient) error {
	return parallel(ctx, setupWorkers, len(fx.complaints), func(ctx context.Context, i int) error {
		res, err := c.command(ctx, "/complaints", fx.team.service, map[string]any{
			"customer_id": fx.customers[i%len(fx.customers)], "channel": "PHONE", "content": "the P-7 pump leaks",
			"contact": "Mr Li", "department_id": "ou-quality"})
		fx.complaints[i] = res.ID
		return err
	})
}

// setUpEmployees hires employees through onboarding to work (probation).
func (fx *httpFixture) setUpEmployees(ctx context.Context, c *benchClient) error {
	t := fx.team
	return parallel(ctx, setupWorkers, len(fx.employees), func(ctx context.Context, i int) error {
		id := fmt.Sprintf("emp-bench-%04d", i)
		e := "/employees/" + id
		err := runSteps(ctx, c, []httpStep{
			{e + "/qualification-checks", t.hr, map[string]any{"candidate_name": "Wang Fang", "passed": true, "notes": "verified"}},
			{e + "/hiring", t.hr, map[string]any{"name": "Wang Fang", "role": "SALES_REP", "org_unit_id": "ou-sales", "supervisor_id": "head-1"}},
			{e + "/documents", t.hr, map[string]any{"documents": []string{"ID card (original seen)", "diploma (original seen)", "CV"}}},
			{e + "/pre-job-training", t.hr, map[string]any{"passed": true, "training_ref": "TR-BENCH"}},
			{e + "/start-work", t.head, map[string]any{}},
		})
		if err != nil {
			return err
		}
		tok, err := c.token(ctx, id, "ou-sales", domain.RoleSalesRep)
		fx.employees[i], fx.employeeTokens[i] = id, tok
		return err
	})
}

// awaitReadModels records one more command and reads each queried read
// model after its position, so every set-up aggregate is visible before
// the load starts.
func (fx *httpFixture) awaitReadModels(ctx context.Context, c *benchClient) error {
	last, err := c.command(ctx, "/customers/"+fx.customers[0]+"/contact-log", fx.team.rep, map[string]any{
		"contact_id": "k1", "channel": "PHONE", "topic": "set-up done", "outcome": "ok"})
	if err != nil {
		return err
	}
	after := "?after=" + last.Position
	for _, path := range []string{"/customers/" + fx.customers[0], "/contracts/" + fx.contractID, "/orders/" + fx.orders[0], "/complaints/" + fx.complaints[0]} {
		if err := c.get(ctx, path+after, fx.team.head); err != nil {
			return err
		}
	}
	return nil
}
