#!/usr/bin/env bash
# engine: registry
# An open container registry for one test run: Debian's docker-registry (the CNCF distribution registry 2.8) on
# 127.0.0.1, storing under $STATE. Pipelines push to it and the kubelet pulls from it through the test dockerd:
# dockerd, the kubelet and this registry all live in the host's network namespace, so 127.0.0.1:<port> is the
# same registry for each of them, and Docker talks plain HTTP to any 127.0.0.0/8 registry without configuration.
# No auth here: tests of registry credentials start their own registry with htpasswd.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/../lib.sh"

start() {
  command -v docker-registry >/dev/null || die "docker-registry not found: run test/infra/install.sh (apt package docker-registry)"
  command -v curl >/dev/null || die "curl not found: run test/infra/install.sh (apt package curl)"
  local port
  # Not 5000: that is where the examples' default registry lives on a user's machine.
  port=$(pick_port ANSFLOW_TEST_REGISTRY_PORT 15000) || die "no port for the registry"
  mkdir -p "$STATE/data"
  cat >"$STATE/config.yml" <<EOF
# Generated per test run by test/infra/engines/90-registry.sh.
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $STATE/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
EOF
  setsid docker-registry serve "$STATE/config.yml" </dev/null >"$STATE/registry.log" 2>&1 &
  record_pid $!
  if ! wait_until "${ANSFLOW_TEST_REGISTRY_TIMEOUT:-20}" "registry on 127.0.0.1:$port (GET /v2/)" curl -fsS "http://127.0.0.1:$port/v2/"; then
    log_tail "$STATE/registry.log"; die "the registry did not answer on 127.0.0.1:$port"
  fi
  export_env ANSFLOW_TEST_REGISTRY "127.0.0.1:$port"
  provide registry
}

case "${1:-}" in
  start) start ;;
  prestop | cleanup) : ;;
  *) die "usage: $0 start|prestop|cleanup (run through test/infra/with-engines.sh)" ;;
esac
