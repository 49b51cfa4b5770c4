#!/usr/bin/env bash
# engine: chromium
# Debian's Chromium, driven by playwright-core per test (no daemon): check the binary starts.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/../lib.sh"

CHROMIUM="${ANSFLOW_TEST_CHROMIUM:-/usr/bin/chromium}"

start() {
  [[ -x $CHROMIUM ]] || die "chromium not found at $CHROMIUM: run test/infra/install.sh (apt package chromium)"
  "$CHROMIUM" --version >"$STATE/version" 2>&1 || { log_tail "$STATE/version"; die "chromium does not run"; }
  export_env ANSFLOW_TEST_CHROMIUM "$CHROMIUM"
  provide chromium
}

case "${1:-}" in
  start) start ;;
  prestop | cleanup) : ;;
  *) die "usage: $0 start|prestop|cleanup (run through test/infra/with-engines.sh)" ;;
esac
