# Every target describes itself: `make help`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install browser run test lint eval bench

help: ## Show the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

install: $(STAMP) ## Create .venv and install the project, its models and dev tools (offline afterwards)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

browser: ## Install Debian's Chromium for the browser tests (no browser download)
	@command -v chromium >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends chromium; }

run: install ## Start the web app on http://127.0.0.1:7860
	$(BIN)/assistant serve

lint: install ## Ruff over the code
	$(BIN)/ruff check assistant tests bench

test: install browser lint ## Lint, then run every test (offline, real models)
	$(BIN)/pytest

eval: install ## Score detection, rewrite and QA on the dev sets against vanilla Presidio (eval/out/)
	$(BIN)/assistant eval --comments eval/data/comments.jsonl --questions eval/data/questions.jsonl --json eval/out/metrics.json

bench: install ## Throughput, latency and memory benchmarks: detection, rewrite, audit (100k rows)
	$(BIN)/python -m bench.detection
	$(BIN)/python -m bench.rewrite
	$(BIN)/python -m bench.audit --rows 100000
