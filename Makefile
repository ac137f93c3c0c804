# opsledger: the two commands a new user needs are `make run` and `make test`.
SHELL := /bin/bash
PG_HOST := 127.0.0.1:5432
TEST_DB := opsledger_test
export TEST_POSTGRES_URL ?= postgres://postgres@$(PG_HOST)/$(TEST_DB)?sslmode=disable
export OPS_POSTGRES_URL ?= postgres://postgres@$(PG_HOST)/opsledger?sslmode=disable

.PHONY: test run build vet fmt bench postgres

postgres:
	@scripts/ensure-postgres.sh $(TEST_DB) opsledger

test: postgres
	scripts/ensure-nats.sh
	scripts/ensure-chromium.sh
	go vet ./...
	go test -race -count=1 -timeout 30m $$(go list ./... | grep -v '/faults$$')
	# the fault suite runs alone: its three instances hold most of the
	# server's hundred connections (one per runner each, see app.PoolConnsNeeded)
	go test -race -count=1 -timeout 20m ./faults
	# allocation tests are built without -race (see observability/allocations_test.go)
	go test -count=1 -run Allocations ./observability/

build:
	go build -o bin/opsledger ./cmd/opsledger
	go build -o bin/opsbench ./cmd/opsbench

run: export OPS_DEV = 1
run: postgres build
	bin/opsledger migrate
	bin/opsledger seed --demo --once
	bin/opsledger token --employee emp-gm --roles GM,LEADERSHIP --org-unit HQ-GMO
	bin/opsledger serve

# Every opsbench suite on a database of its own (wiped by the suites), then
# BENCHMARKS.md from their JSON in bench-results/ (about 15 minutes; add
# BENCH_FLAGS=--long for the README's lengths and a 30-minute soak).
BENCH_DB ?= opsledger_bench
BENCH_FLAGS ?=
bench: postgres
	go build -o bin/opsbench ./cmd/opsbench
	bin/opsbench all --postgres "postgres://postgres@$(PG_HOST)/$(BENCH_DB)?sslmode=disable" --dir bench-results --out BENCHMARKS.md $(BENCH_FLAGS)

vet:
	go vet ./...

fmt:
	gofmt -l -w .
