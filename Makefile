# isms-review — the two commands a newcomer needs are `make site` and `make test`.
# Both install what is missing (libcmark-dev) first.

SWIFT   ?= swift
CONTENT ?= content
OUT     ?= _site
RELEASE  = .build/release/isms-review
SOURCES  = Package.swift Sources Tests Benchmarks

.PHONY: all deps build test lint fmt check site bench bench-data clean help

all: build

help:
	@echo "make site   build and publish content/ into _site/ (installs libcmark-dev if missing)"
	@echo "make test   lint + unit, golden and process-level tests (what CI runs)"
	@echo "make check  validate content/ and print every problem"
	@echo "make fmt    format the sources; make lint checks the format"
	@echo "make bench  benchmarks (not part of test)"

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
	$(SWIFT) build -c release --product isms-review

test: deps lint
	$(SWIFT) test

lint:
	$(SWIFT) format lint --strict --recursive $(SOURCES)

fmt:
	$(SWIFT) format format --in-place --recursive $(SOURCES)

check: build
	$(RELEASE) check --content $(CONTENT)

# The site generator is not built yet: until it is, `make site` validates the content and says so.
site: build
	$(RELEASE) check --content $(CONTENT)
	@echo "The static site generator is not built yet: $(CONTENT) was checked, nothing was published to $(OUT)."

bench: deps
	$(SWIFT) build -c release --product isms-review-bench
	.build/release/isms-review-bench csv

clean:
	rm -rf .build
