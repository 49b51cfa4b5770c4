#!/usr/bin/env bash
# engine: kube
# etcd for the test kube-apiserver: loopback client (23790) and peer (23800) ports, data under the run folder.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/../lib.sh"

start() {
  command -v etcd >/dev/null || die "etcd not found: run test/infra/install.sh (apt package etcd-server)"
  local CLIENT_PORT PEER_PORT
  CLIENT_PORT=$(pick_port ANSFLOW_TEST_ETCD_PORT 23790) || die "no port for etcd clients"
  PEER_PORT=$(pick_port ANSFLOW_TEST_ETCD_PEER_PORT 23800) || die "no port for etcd peers"
  rm -rf "$STATE/data"   # every run starts from an empty cluster, even in a reused run folder
  setsid etcd --name ansflow-test --data-dir "$STATE/data" \
    --listen-client-urls "http://127.0.0.1:$CLIENT_PORT" --advertise-client-urls "http://127.0.0.1:$CLIENT_PORT" \
    --listen-peer-urls "http://127.0.0.1:$PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$PEER_PORT" \
    --initial-cluster "ansflow-test=http://127.0.0.1:$PEER_PORT" \
    </dev/null >"$STATE/etcd.log" 2>&1 &
  record_pid $!
  if ! wait_until "${ANSFLOW_TEST_ETCD_TIMEOUT:-30}" "etcd /health" curl -fsS "http://127.0.0.1:$CLIENT_PORT/health"; then
    log_tail "$STATE/etcd.log"; die "etcd did not become healthy"
  fi
  export_env ANSFLOW_TEST_ETCD_ENDPOINT "http://127.0.0.1:$CLIENT_PORT"
  provide etcd
}

case "${1:-}" in
  start) start ;;
  prestop | cleanup) : ;;
  *) die "usage: $0 start|prestop|cleanup (run through test/infra/with-engines.sh)" ;;
esac
