#!/usr/bin/env bash
# engine: ansible
# ansible-core needs no daemon: check ansible-playbook runs; keep its temp/fact caches in the run folder.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/../lib.sh"

start() {
  local bin
  bin=$(command -v ansible-playbook) || die "ansible-playbook not found: run test/infra/install.sh (apt package ansible-core)"
  ansible-playbook --version >"$STATE/version" 2>&1 || { log_tail "$STATE/version"; die "ansible-playbook does not run"; }
  export_env ANSFLOW_TEST_ANSIBLE_PLAYBOOK "$bin"
  export_env ANSIBLE_LOCAL_TEMP "$STATE/tmp"
  export_env ANSIBLE_HOME "$STATE/home"
  export_env ANSIBLE_NOCOWS 1
  provide ansible
}

case "${1:-}" in
  start) start ;;
  prestop | cleanup) : ;;
  *) die "usage: $0 start|prestop|cleanup (run through test/infra/with-engines.sh)" ;;
esac
