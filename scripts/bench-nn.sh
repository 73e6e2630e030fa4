#!/usr/bin/env bash
# Go micro-benchmarks of the neural-network packages (./nn/...), printed beside
# PyTorch CPU on the same shapes (scripts/bench_nn_torch.py, 2 threads).
#   scripts/bench-nn.sh                 all benchmarks, 5 iterations each
#   BENCHTIME=10x scripts/bench-nn.sh   more iterations
#   BENCH=ZINB scripts/bench-nn.sh      only benchmarks matching a regexp
#   PYTHON=/path/to/python3 ...         interpreter with PyTorch (default /usr/bin/python3)
# Fixed iteration counts (-benchtime Nx) keep the run short on a 2-core machine:
# the heavy benchmarks take ~1 s per iteration.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOEXPERIMENT=simd CGO_ENABLED=1
BENCHTIME=${BENCHTIME:-5x}
BENCH=${BENCH:-.}

results=$(mktemp)
trap 'rm -f "$results"' EXIT
go test ./nn/... -run '^$' -bench "$BENCH" -benchtime "$BENCHTIME" -count 1 | tee "$results" >&2
echo >&2
# Debian's python3-torch lives under /usr/bin/python3 (a python3 earlier on PATH may lack it).
PYTHON=${PYTHON:-$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3 )}
"$PYTHON" scripts/bench_nn_torch.py --go-results "$results"
