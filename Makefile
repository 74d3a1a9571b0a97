# Every target describes itself: `make help`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# llama-cpp-python is compiled here, portably: any x86-64 CPU with AVX2, whatever CPU builds it.
# (A native build picks up AVX-512/AMX paths that crashed on some Xeons.) Other flags, e.g. for this
# CPU only or an NVIDIA GPU:  make install LLAMA_CMAKE_ARGS="-DGGML_NATIVE=ON"  or  "-DGGML_CUDA=ON".
# The wheel is kept in a folder keyed by version and flags: pip's own cache never hands back a wheel
# built with other flags.
LLAMA_VERSION := 0.3.36
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
LLAMA_KEY := $(shell printf '%s' "$(LLAMA_VERSION) $(LLAMA_CMAKE_ARGS)" | sha256sum | cut -c1-12)
WHEELHOUSE ?= $(HOME)/.cache/crm-gdpr-assistant/wheels/llama-$(LLAMA_KEY)

.DEFAULT_GOAL := help
.PHONY: help install cpu-check llama browser run test lint eval bench lock wheel wheelhouse-path bench-api \
	train-detect train-corpus train-rewriter rewriter-compare

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

install: $(STAMP) ## Create .venv and install the project, its models and dev tools (offline afterwards)

# The exact versions the tests ran with come from requirements.lock (`make lock` regenerates it).
$(STAMP): pyproject.toml requirements.lock Makefile
	$(MAKE) --no-print-directory cpu-check
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(MAKE) --no-print-directory llama
	$(BIN)/pip install --quiet -r requirements.lock -e '.[dev]'
	touch $(STAMP)

cpu-check: ## Stop with a clear message when the CPU cannot run the portable llama.cpp build
	@case "$(LLAMA_CMAKE_ARGS)" in *GGML_AVX2=ON*) \
		grep -qw avx2 /proc/cpuinfo 2>/dev/null || { \
			echo "This CPU has no AVX2, which the portable llama.cpp build needs. Build for this CPU with:"; \
			echo "  make install LLAMA_CMAKE_ARGS=\"-DGGML_NATIVE=ON\""; exit 1; } ;; esac

llama: ## Build llama-cpp-python with LLAMA_CMAKE_ARGS (once per version and flags) and install it
	@ls $(WHEELHOUSE)/llama_cpp_python-$(LLAMA_VERSION)-*.whl >/dev/null 2>&1 || { \
		echo "Compiling llama-cpp-python $(LLAMA_VERSION) ($(LLAMA_CMAKE_ARGS)): about 6 minutes on 2 cores"; \
		mkdir -p $(WHEELHOUSE) && CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" FORCE_CMAKE=1 $(BIN)/pip wheel --quiet \
			--no-deps --no-cache-dir --no-binary llama-cpp-python "llama-cpp-python==$(LLAMA_VERSION)" \
			-w $(WHEELHOUSE); }
	$(BIN)/pip install --quiet --force-reinstall --no-deps $(WHEELHOUSE)/llama_cpp_python-$(LLAMA_VERSION)-*.whl

browser: ## Install Debian's Chromium for the browser tests (no browser download)
	@command -v chromium >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends chromium; }

run: install ## Start the web app, the REST API and the CRM widget on http://127.0.0.1:7860
	$(BIN)/assistant serve

lint: install ## Ruff over the code
	$(BIN)/ruff check assistant tests bench eval train

# LLAMA_WHEELHOUSE lets the wheel smoke test install llama-cpp-python from the same portable build.
test: install browser lint ## Lint, then run every test (offline, real models)
	LLAMA_WHEELHOUSE=$(WHEELHOUSE) $(BIN)/pytest

lock: install ## Regenerate requirements.lock from pyproject.toml (llama-cpp-python stays out: it comes from the wheelhouse)
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --find-links $(WHEELHOUSE) \
		--no-emit-package llama-cpp-python --no-emit-find-links --annotation-style line \
		--custom-compile-command "make lock" -o requirements.lock

wheel: install ## Build the installable wheel into dist/ (knowledge/ and prompts/ ship inside it)
	$(BIN)/pip wheel --quiet --no-deps -w dist .

wheelhouse-path: ## Print the folder holding the llama-cpp-python wheel built for LLAMA_CMAKE_ARGS
	@echo $(WHEELHOUSE)

train-detect: install ## Rebuild the detector's learned layer (knowledge/classifier/) from train/detect/corpus/, fixed seed
	$(BIN)/python -m train.detect.train

eval: install ## Score detection, rewrite and QA on the dev sets against vanilla Presidio (eval/out/)
	$(BIN)/assistant eval --comments eval/data/comments.jsonl --questions eval/data/questions.jsonl --json eval/out/metrics.json

bench: install ## Throughput, latency and memory benchmarks: detection, rewrite, ask, audit (100k rows), API load
	$(BIN)/python -m bench.detection
	$(BIN)/python -m bench.rewrite
	$(BIN)/python -m bench.ask
	$(BIN)/python -m bench.audit --rows 100000
	$(MAKE) --no-print-directory bench-api

bench-api: install ## 50 API clients for 60 s against `assistant serve` on loopback: errors, /check p50/p95, page alive
	$(BIN)/python -m bench.api --clients 50 --seconds 60

TRAIN_BASES ?= smollm2 gemma3
TRAIN_EXAMPLES ?= 320

train-corpus: install ## Regenerate the rewrite corpus (fixed seed) and keep the pairs verify and the gold checks accept
	PYTHONPATH=. $(BIN)/python -m train.rewrite.generate --out build/corpus-all.jsonl
	PYTHONPATH=. $(BIN)/python -m train.rewrite.check build/corpus-all.jsonl --write-passing train/rewrite/corpus.jsonl

train-rewriter: install ## Train the rewrite LoRA adapters (adapters/) from the corpus on the CPU, fixed seed
	$(BIN)/pip install --quiet -e '.[train]'
	for base in $(TRAIN_BASES); do \
		PYTHONPATH=. nice -n 10 $(BIN)/python -m train.rewrite.adapter --base $$base --examples $(TRAIN_EXAMPLES) || exit 1; \
	done

# COMMENTS: the gold comments to compare on (aggregates only), e.g. COMMENTS=eval/data/comments_blind2.jsonl
COMMENTS ?= eval/data/comments.jsonl

rewriter-compare: install ## Base prompt vs adapted model per base on COMMENTS and the held-out split (eval/results/rewriter.json)
	PYTHONPATH=. nice -n 10 $(BIN)/python -m train.rewrite.compare --comments $(COMMENTS) --json eval/results/rewriter.json
