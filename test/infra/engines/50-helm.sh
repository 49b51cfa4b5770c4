#!/usr/bin/env bash
# engine: helm
# Helm 3.17.2 needs no daemon: this only checks the cached binary runs and exports its path (and puts its folder
# on PATH). Its state (cache, config, data) goes under the run folder so tests never touch ~/.config/helm.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/../lib.sh"

HELM="$ANSFLOW_TEST_CACHE/helm/helm"

start() {
  [[ -x $HELM ]] || die "helm not found at $HELM: run test/infra/install.sh"
  "$HELM" version --short >"$STATE/version" 2>&1 || { log_tail "$STATE/version"; die "helm does not run"; }
  export_env ANSFLOW_TEST_HELM "$HELM"
  export_env ANSFLOW_TEST_PATH_PREPEND "$(dirname "$HELM")"
  export_env HELM_CACHE_HOME "$STATE/cache"
  export_env HELM_CONFIG_HOME "$STATE/config"
  export_env HELM_DATA_HOME "$STATE/data"
  provide helm
}

case "${1:-}" in
  start) start ;;
  prestop | cleanup) : ;;
  *) die "usage: $0 start|prestop|cleanup (run through test/infra/with-engines.sh)" ;;
esac
