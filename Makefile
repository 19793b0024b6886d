PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# test processes (pytest-xdist); JOBS=0 runs the tests in this one
JOBS ?= 2

.PHONY: install serve test fuzz bench clean

$(BIN)/yingshang: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/yingshang

serve: install  ## start the HTTP service on the embedded SQLite store
	$(BIN)/yingshang serve --host $(HOST) --port $(PORT)

test: install  ## lint, then run every test in $(JOBS) processes (PostgreSQL tests need 127.0.0.1:5432, see README)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(JOBS) --dist worksteal $(PYTEST_ARGS)

fuzz: install  ## schemathesis, every check, every role over every operation, both stores, more examples
	YINGSHANG_FUZZ_EXAMPLES=$(or $(EXAMPLES),10) YINGSHANG_FUZZ_EVERYWHERE=1 \
		$(BIN)/python -m pytest tests/test_openapi_fuzz.py $(PYTEST_ARGS)

bench: install  ## throughput against the bare event store and the CRUD peer, reports at scale; SQLite and PostgreSQL
	$(BIN)/python bench/appeals.py
	$(BIN)/python bench/intake.py
	$(BIN)/python bench/peer.py
	$(BIN)/python bench/reports.py
	$(BIN)/python bench/sessions.py
	$(BIN)/python bench/documents.py
	$(BIN)/python bench/imports.py --rows 10000
	$(BIN)/python bench/audit_verify.py --postgres
	$(BIN)/python bench/console.py

clean:
	rm -rf $(VENV) .yingshang .pytest_cache .hypothesis
