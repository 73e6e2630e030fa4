#!/usr/bin/env bash
# Installs what regula needs to build and test on a Debian/Ubuntu machine,
# skipping whatever is already present. Safe to run repeatedly.
#   scripts/install-deps.sh          build + test dependencies
#   scripts/install-deps.sh --bench  also PyTorch CPU (for the reference benchmarks)
set -euo pipefail

want=(pkg-config libhdf5-dev gcc python3 python3-anndata python3-sklearn python3-scipy python3-pandas)
if [ "${1:-}" = "--bench" ]; then want+=(python3-torch); fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ! command -v go >/dev/null 2>&1; then missing+=(golang-go); fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  # As root, run apt directly; otherwise through sudo, keeping the environment.
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo -E); fi
  export DEBIAN_FRONTEND=noninteractive
  # Some images clean /tmp under apt; a stable TMPDIR avoids "vanished temp file" failures.
  export TMPDIR=${TMPDIR:-/var/tmp}
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The Go toolchain: go.mod asks for Go 1.26; an older distribution Go fetches
# the right toolchain from the module proxy by itself (GOTOOLCHAIN=auto).
go version >&2
