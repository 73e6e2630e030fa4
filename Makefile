# regula — build, demo and tests. `make demo` and `make test` install what is
# missing (scripts/install-deps.sh), build with the right flags, then run.

# GoMLX's pure-Go backend needs the SIMD experiment for fast matmul (~7x);
# go.mod cannot set it. cgo is needed for the libhdf5 binding.
export GOEXPERIMENT := simd
export CGO_ENABLED := 1
export GOTOOLCHAIN := auto
GO ?= go
BIN := bin/regula
# Extra flags for `go test`, e.g. make test TESTFLAGS='-run TestPCA -v'.
TESTFLAGS ?=

.PHONY: all deps build demo test test-short bench vet clean

all: build

deps: .deps.stamp
.deps.stamp: scripts/install-deps.sh
	scripts/install-deps.sh
	$(GO) mod download
	touch $@

build: deps
	$(GO) build -o $(BIN) ./cmd/regula

## demo: the main job on the embedded demo data.
demo: build
	./$(BIN) demo

## test: every test, the slower accuracy checks included (what CI runs).
test: deps
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 40m $(TESTFLAGS) ./...

## test-short: the fast unit tests only.
test-short: deps
	$(GO) test -short -count=1 $(TESTFLAGS) ./...

## bench: micro-benchmarks of the neural blocks, Go beside PyTorch CPU.
bench: deps
	scripts/install-deps.sh --bench
	scripts/bench-nn.sh

clean:
	rm -rf bin .deps.stamp
