# isms-review — the two commands a newcomer needs are `make site` and `make test`.
# Both install what is missing (libcmark-dev) first.

SWIFT   ?= swift
CONTENT ?= content
OUT     ?= _site
RELEASE  = .build/release/isms-review
# Release builds on Linux carry the Swift runtime and Foundation inside the executable
# (--static-swift-stdlib): nothing to install beside it, a run starts in ~10 ms instead of ~19 (no
# dozen shared libraries to load and relocate), and calls into the runtime are direct. Benchmarks/
# bench.sh builds with the same flags. macOS has no static Swift runtime.
SWIFT_RELEASE_FLAGS ?= -c release $(if $(filter Linux,$(shell uname -s)),--static-swift-stdlib)
export SWIFT_RELEASE_FLAGS
SOURCES  = Package.swift Sources Tests Benchmarks Fuzz

.PHONY: all deps build test lint fmt check site screenshots fuzz bench bench-query bench-site bench-data clean help

all: build

help:
	@echo "make site   build and publish content/ into _site/ (installs libcmark-dev if missing)"
	@echo "make test   lint + unit, golden and process-level tests (what CI runs)"
	@echo "make check  validate content/ and print every problem"
	@echo "make fmt    format the sources; make lint checks the format"
	@echo "make bench  benchmarks (not part of test): bench-query (against DuckDB), bench-site (against Hugo)"
	@echo "make screenshots  headless-Chromium screenshots of the built site"
	@echo "make fuzz   libFuzzer, FUZZ_SECONDS (600) per target"

# libcmark (CommonMark's reference C library) is the one system dependency.
deps:
	@if ! pkg-config --exists libcmark 2>/dev/null; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "libcmark is missing: installing libcmark-dev with apt-get"; \
	    SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	    $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libcmark-dev pkg-config >/dev/null || exit 1; \
	  elif command -v brew >/dev/null 2>&1; then \
	    echo "libcmark is missing: installing cmark with Homebrew"; brew install cmark pkg-config || exit 1; \
	  else \
	    echo "error: libcmark is missing. Install cmark's development files: Debian/Ubuntu 'apt-get install libcmark-dev', macOS 'brew install cmark'." >&2; \
	    exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build $(SWIFT_RELEASE_FLAGS) --product isms-review

test: deps lint
	$(SWIFT) test

lint:
	$(SWIFT) format lint --strict --recursive $(SOURCES)

fmt:
	$(SWIFT) format format --in-place --recursive $(SOURCES)

check: build
	$(RELEASE) check --content $(CONTENT)

# Validates the content and publishes it into $(OUT) (atomically: a failed build leaves the old site).
site: build
	$(RELEASE) site --content $(CONTENT) --out $(OUT)

screenshots: site
	scripts/screenshots.sh $(OUT) screenshots

# libFuzzer on the CSV reader, front matter, the whole loader and the --where parser (not part of test).
FUZZ_SECONDS ?= 600
fuzz: deps
	$(SWIFT) build --product isms-review-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING --scratch-path .build-fuzz
	Fuzz/run.sh $(FUZZ_SECONDS)

# Benchmarks (not part of test), see BENCHMARKS.md:
#   bench-query: the CSV reader's MB/s, then `isms-review query` against DuckDB on the same generated CSVs
#                (hyperfine, whole process each) at 1M and 100k cases;
#   bench-site:  `isms-review site` against Hugo building as many comparable pages from the same CSVs,
#                at 10k and 100k cases (pages per second and peak memory).
# Both build the release binaries first unless BENCH_NO_BUILD=1.
bench: bench-query bench-site

bench-query: deps
	Benchmarks/bench.sh

bench-site: deps
	@if [ "$${BENCH_NO_BUILD:-0}" != 1 ]; then \
	  $(SWIFT) build $(SWIFT_RELEASE_FLAGS) --product isms-review && \
	  $(SWIFT) build $(SWIFT_RELEASE_FLAGS) --product isms-review-bench; \
	fi
	Benchmarks/site-bench.sh

# Generated content directories for the benchmarks (git-ignored), made only when missing.
BENCH_DATA ?= bench-data
bench-data: deps
	@set -e; \
	for spec in 100k:100000 1m:1000000; do \
	  name=$${spec%%:*}; cases=$${spec##*:}; dir=$(BENCH_DATA)/$$name; \
	  if [ -f $$dir/data/cases.csv ] && [ -f $$dir/calendar.csv ]; then echo "$$dir: present"; continue; fi; \
	  [ -x .build/release/isms-review-bench ] || $(SWIFT) build $(SWIFT_RELEASE_FLAGS) --product isms-review-bench; \
	  echo "$$dir: generating $$cases cases"; rm -rf $$dir.tmp; \
	  .build/release/isms-review-bench generate --cases $$cases --out $$dir.tmp --calendar $(CONTENT)/calendar.csv; \
	  rm -rf $$dir; mv $$dir.tmp $$dir; \
	done

clean:
	rm -rf .build
