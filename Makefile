# Two commands set everything up on a fresh machine: `make report` and `make test`.
# Both create .venv (once, and again when pyproject.toml changes) and install the package.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
REPORT_DIR ?= reports
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help venv report test test-fast bench bench-scale fuzz validate lint strip clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP) ## Create .venv and install the package with its dependencies

report: $(STAMP) ## Ingest the demo corpus, score, compare, and write the reports under reports/
	$(PY) -m analysis report --study data/demo_study.toml -o $(REPORT_DIR)

test: $(STAMP) ## Run the whole test suite (notebooks included)
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: $(STAMP) ## Run the tests that do not execute notebooks or render reports
	$(PY) -m pytest -m "not slow" $(PYTEST_ARGS)

bench: $(STAMP) ## Speed and memory benchmarks, hostile texts at full size (never part of `make test`)
	$(PY) -m benchmarks; a=$$?; $(PY) -m benchmarks.hostile; b=$$?; exit $$((a || b))

bench-neural: $(STAMP) ## The optional neural voice against the rules (TAGGER=DIR from train-voice; needs the [neural] extras)
	$(PY) -m benchmarks.neural --tagger $(TAGGER)

BENCH_SCALE_DOCS ?= 10000 100000
bench-scale: $(STAMP) ## Workspace at 10,000 and 100,000 documents (BENCH_SCALE_DOCS; 1000000 by hand), memory and speed targets
	$(PY) -m benchmarks.scale scale memory speed --docs $(BENCH_SCALE_DOCS)

FUZZ_SECONDS ?= 600
fuzz: $(STAMP) ## Feed random and mutated files to ingest and score for FUZZ_SECONDS (never part of `make test`)
	$(PY) -m tests.fuzz --seconds $(FUZZ_SECONDS)

VALIDATION_DIR ?= $(REPORT_DIR)/validation
validate: $(STAMP) ## Measure on ../shared/datasets (BABE, AllSides, PolNeAR), train the bias model (about 5 min; never part of `make test`)
	$(PY) -m analysis validate -o $(VALIDATION_DIR)
	$(PY) -m analysis train-bias -o $(VALIDATION_DIR)/bias_model.json

lint: $(STAMP) ## ruff on the package, tests, benchmarks and notebooks; the import contracts
	$(PY) -m ruff check analysis tests benchmarks
	$(PY) -m ruff check notebooks/*.ipynb
	$(VENV)/bin/lint-imports --no-cache

strip: $(STAMP) ## Remove outputs from the notebooks before committing
	$(PY) -m nbstripout notebooks/*.ipynb

clean: ## Remove the virtual environment and rendered reports
	rm -rf $(VENV) $(REPORT_DIR)/*.html $(REPORT_DIR)/figures $(REPORT_DIR)/tables
