# GiapRanh — the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
GIAPRANH := $(BIN)/giapranh
STAMP := $(VENV)/.installed

.PHONY: setup demo serve test fuzz lint format messages browsers clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

## setup: create .venv, install the project, migrate the database (idempotent, no server)
setup: $(STAMP)
	$(GIAPRANH) migrate --no-input
	$(GIAPRANH) collectstatic --no-input --verbosity 0

## demo: setup + real administrative units + demo cluster, then serve on http://127.0.0.1:8000/
## (under the production server, so the demo behaves as a deployment does)
demo: setup
	$(GIAPRANH) loadunits
	$(GIAPRANH) demo
	$(GIAPRANH) serve --bind 127.0.0.1:8000

## serve: the production server (gunicorn + WhiteNoise); GIAPRANH_BIND, GIAPRANH_WORKERS, GIAPRANH_THREADS
serve: setup
	$(GIAPRANH) serve

## test: lint + the whole suite (SQLite, or the database in DATABASE_URL)
test: $(STAMP)
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/mypy src/giapranh
	$(BIN)/pytest

## fuzz: the API fuzzer's long run (over a thousand generated requests per role, three roles)
fuzz: $(STAMP)
	rm -f var/fuzz.tsv; mkdir -p var
	FUZZ_LOG=var/fuzz.tsv FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-5} FUZZ_ROLES=officer,chief,superior $(BIN)/pytest tests/api/test_fuzz.py -q -p no:randomly
	@echo "requests per role and status class:"; cut -f1,4 var/fuzz.tsv | sed 's/\t\(.\).*/\t\1xx/' | sort | uniq -c

lint: $(STAMP)
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/mypy src/giapranh

format: $(STAMP)
	$(BIN)/ruff format src tests $(wildcard bench)

## messages: refresh and compile the Vietnamese catalog
messages: $(STAMP)
	cd src/giapranh && ../../$(GIAPRANH) makemessages -l vi --no-location && ../../$(GIAPRANH) compilemessages -l vi

clean:
	rm -rf $(VENV) var
