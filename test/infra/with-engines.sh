#!/usr/bin/env bash
# Runs a command with every real test engine up, then stops them all by PID (also on failure and Ctrl-C).
#
#   bash test/infra/with-engines.sh <cmd…>
#
# Engines are the scripts test/infra/engines/NN-name.sh, started in NN order (see test/infra/README.md for the
# contract: `start` records PIDs, exports env and names what it provides; optional `cleanup`). Adding an engine
# is adding one file. Environment knobs:
#   ANSFLOW_TEST_ENGINES_WANTED  space-separated engine groups/names to start (default: all), e.g. "docker kube"
#   ANSFLOW_TEST_RUN_DIR         state folder for this run (default /tmp/ansflow-test-run-<pid>, removed on success)
#   ANSFLOW_TEST_SKIP_INSTALL=1  do not run install.sh first
#   ANSFLOW_TEST_KEEP_RUN_DIR=1  keep the run folder (logs, data) even on success
#   ANSFLOW_TEST_STOP_GRACE      seconds between TERM and KILL when stopping (default 10)
#   ANSFLOW_TEST_ENGINES_DIR     folder of engine scripts (default test/infra/engines)
#   CI=true (any but ''/false/0) an engine that fails to come up fails the run (else: loud warning, continue)
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/lib.sh"

[[ $# -gt 0 ]] || die "usage: $0 <command…>"
# CI is any value but '', false or 0 (test/ciMode.mjs is the same rule for node).
IS_CI=1; case "$(tr '[:upper:]' '[:lower:]' <<<"${CI:-}" | tr -d '[:space:]')" in '' | false | 0) IS_CI=0 ;; esac
export ANSFLOW_TEST_RUN_ID="$$"
OWN_RUN_DIR=0
if [[ -z "${ANSFLOW_TEST_RUN_DIR:-}" ]]; then ANSFLOW_TEST_RUN_DIR="/tmp/ansflow-test-run-$$"; OWN_RUN_DIR=1; fi
export ANSFLOW_TEST_RUN_DIR
mkdir -p "$ANSFLOW_TEST_RUN_DIR/engines"
GRACE="${ANSFLOW_TEST_STOP_GRACE:-10}"
WANTED=" ${ANSFLOW_TEST_ENGINES_WANTED:-} "

declare -a STARTED=() TIMINGS=()
UP=" "
CMD_PID=""
RC=0

alive() { [[ -d /proc/$1 ]] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

# Stops one engine: TERM to each recorded PID (in reverse), KILL whatever outlives the grace period, then cleanup.
stop_engine() {
  local name="$1" script="$2" state="$ANSFLOW_TEST_RUN_DIR/engines/$1" pids=() pid t0
  t0=$(now_ms)
  [[ -f "$state/pids" ]] && mapfile -t pids < <(tac "$state/pids")
  if grep -q 'prestop' "$script"; then
    STATE="$state" bash "$script" prestop >>"$state/stop.log" 2>&1 || log "with-engines: prestop of $name failed (see $state/stop.log)"
  fi
  for pid in "${pids[@]}"; do alive "$pid" && kill -TERM "$pid" 2>/dev/null; done
  local deadline=$(( $(now_ms) + GRACE * 1000 )) any
  while :; do
    any=0; for pid in "${pids[@]}"; do alive "$pid" && any=1; done
    [[ $any -eq 0 ]] && break
    if (( $(now_ms) > deadline )); then
      for pid in "${pids[@]}"; do alive "$pid" && { log "with-engines: $name pid $pid ignored TERM for ${GRACE}s: KILL"; kill -KILL "$pid" 2>/dev/null; }; done
      sleep 0.3; break
    fi
    sleep 0.1
  done
  if grep -q 'cleanup' "$script"; then
    STATE="$state" bash "$script" cleanup >>"$state/stop.log" 2>&1 || log "with-engines: cleanup of $name failed (see $state/stop.log)"
  fi
  log "with-engines: stopped $name in $(fmt_ms $(( $(now_ms) - t0 )))"
}

on_exit() {
  local rc=$?
  [[ $RC -ne 0 ]] && rc=$RC
  trap - EXIT INT TERM
  if [[ -n "$CMD_PID" ]] && alive "$CMD_PID"; then kill -TERM "$CMD_PID" 2>/dev/null; wait "$CMD_PID" 2>/dev/null; fi
  local i entry
  for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do
    entry="${STARTED[$i]}"
    stop_engine "${entry%%|*}" "${entry#*|}"
  done
  if [[ ${#TIMINGS[@]} -gt 0 ]]; then
    log "with-engines: engine start times"
    for entry in "${TIMINGS[@]}"; do log "  $entry"; done
  fi
  if [[ $rc -eq 0 && $OWN_RUN_DIR -eq 1 && -z "${ANSFLOW_TEST_KEEP_RUN_DIR:-}" ]]; then
    # Only when no mount is left inside (a stuck overlay would make rm fail loudly on busy files).
    grep -qF " $ANSFLOW_TEST_RUN_DIR/" /proc/mounts || rm -rf "$ANSFLOW_TEST_RUN_DIR"
  else
    log "with-engines: run folder kept for inspection: $ANSFLOW_TEST_RUN_DIR"
  fi
  exit "$rc"
}
on_signal() {
  log "with-engines: got SIG$1, stopping the command and every engine"
  RC=$2
  exit "$2"
}
trap on_exit EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM

# Reads a `# key: value` header line from an engine script.
header() { sed -n "s/^# $2:[[:space:]]*//p" "$1" | head -n1; }

if [[ -z "${ANSFLOW_TEST_SKIP_INSTALL:-}" ]]; then
  if ! bash "$HERE/install.sh"; then
    [[ $IS_CI -eq 1 ]] && die "install.sh failed under CI=true"
    log "WARNING: install.sh failed; engines that need what it installs will not start"
  fi
fi

FAILED=()
# Engine scripts may source the helpers through this (the rig's own test uses a folder of stand-in engines).
export ANSFLOW_TEST_LIB="$HERE/lib.sh"
ENGINES_DIR="${ANSFLOW_TEST_ENGINES_DIR:-$HERE/engines}"
for script in "$ENGINES_DIR"/[0-9][0-9]-*.sh; do
  [[ -f $script ]] || continue
  base=$(basename "$script" .sh); name="${base#[0-9][0-9]-}"
  group=$(header "$script" engine); group="${group:-$name}"
  if [[ "$WANTED" != "  " && "$WANTED" != *" $group "* && "$WANTED" != *" $name "* ]]; then continue; fi
  missing=""
  for req in $(header "$script" requires); do [[ "$UP" == *" $req "* ]] || missing+=" $req"; done
  if [[ -n $missing ]]; then
    FAILED+=("$name (needs:$missing)"); TIMINGS+=("$(printf '%-24s not started (needs:%s)' "$name" "$missing")")
    [[ $IS_CI -eq 1 ]] && { RC=1; die "engine $name cannot start: needs$missing"; }
    continue
  fi
  state="$ANSFLOW_TEST_RUN_DIR/engines/$name"
  # A reused ANSFLOW_TEST_RUN_DIR must never make us signal a stale (possibly recycled) PID.
  mkdir -p "$state"; : >"$state/env"; : >"$state/provides"; : >"$state/pids"
  STARTED+=("$name|$script")
  t0=$(now_ms)
  if STATE="$state" bash "$script" start 2>"$state/start.log"; then
    ms=$(( $(now_ms) - t0 ))
    # shellcheck disable=SC1090
    . "$state/env"
    while read -r p; do [[ -n $p ]] && UP+="$p "; done <"$state/provides"
    TIMINGS+=("$(printf '%-24s %8s' "$name" "$(fmt_ms "$ms")")")
    log "with-engines: $name up in $(fmt_ms "$ms")"
  else
    ms=$(( $(now_ms) - t0 ))
    FAILED+=("$name")
    TIMINGS+=("$(printf '%-24s FAILED after %s' "$name" "$(fmt_ms "$ms")")")
    log_tail "$state/start.log" 40
    if [[ $IS_CI -eq 1 ]]; then RC=1; die "engine $name failed to come up (CI=true); logs in $state"; fi
    log "############################################################################"
    log "## WARNING: engine '$name' did NOT come up; tests needing it will be SKIPPED."
    log "## Logs: $state   (under CI=true this fails the run)"
    log "############################################################################"
  fi
done

[[ -n "${ANSFLOW_TEST_PATH_PREPEND:-}" ]] && export PATH="$ANSFLOW_TEST_PATH_PREPEND:$PATH"
engines_up=$(echo $UP)
export ANSFLOW_TEST_ENGINES="$engines_up"
log "with-engines: engines up: ${engines_up:-none}${FAILED:+; not up: ${FAILED[*]}}"

CMD_T0=$(now_ms)
"$@" &
CMD_PID=$!
wait "$CMD_PID"
RC=$?
CMD_PID=""
log "with-engines: command finished in $(fmt_ms $(( $(now_ms) - CMD_T0 ))) (exit $RC)"
exit "$RC"
