# Shared helpers for test/infra scripts (sourced, never executed).
# Engine scripts use: STATE (their own state folder), record_pid, export_env, provide, wait_until, port_busy.

: "${ANSFLOW_TEST_CACHE:=$HOME/.cache/ansflow-test}"
export ANSFLOW_TEST_CACHE
# Daemons such as docker-proxy and iptables live in sbin folders that a non-login root shell may lack.
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH="$PATH:/usr/sbin:/sbin" ;; esac

log() { printf '%s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }
fmt_ms() { local ms="$1"; printf '%d.%01ds' $((ms / 1000)) $(((ms % 1000) / 100)); }

# True when something already listens on 127.0.0.1:PORT.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pick_port VAR DEFAULT — prints DEFAULT when free; when busy and VAR was not set explicitly, a free port the
# kernel picks (another engineer's run on the same machine holds the defaults); an explicit busy port fails.
pick_port() {
  local var="$1" def="$2"
  if [[ -n "${!var:-}" ]]; then
    port_busy "${!var}" && { log "127.0.0.1:${!var} (from $var) is already in use"; return 1; }
    echo "${!var}"; return 0
  fi
  if ! port_busy "$def"; then echo "$def"; return 0; fi
  log "127.0.0.1:$def is in use (another test run?); using a free port instead (set $var to pin one)"
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_until SECONDS DESCRIPTION CMD… — polls CMD every 0.2 s; fails with DESCRIPTION after SECONDS.
wait_until() {
  local timeout="$1" what="$2"; shift 2
  local deadline=$(( $(now_ms) + timeout * 1000 ))
  until "$@" >/dev/null 2>&1; do
    if (( $(now_ms) > deadline )); then log "timed out after ${timeout}s waiting for $what"; return 1; fi
    sleep 0.2
  done
}

# The following are for engine scripts; STATE is set by with-engines.sh (or by the script when run by hand).
record_pid() { echo "$1" >>"$STATE/pids"; }
export_env() { printf 'export %s=%q\n' "$1" "$2" >>"$STATE/env"; }
provide() { printf '%s\n' "$@" >>"$STATE/provides"; }

# Prints the last lines of a log file, indented, for failure messages.
log_tail() { [[ -f "$1" ]] && { log "---- last lines of $1 ----"; tail -n "${2:-25}" "$1" | sed 's/^/  | /' >&2; }; return 0; }

# Kills (TERM, then KILL after GRACE seconds) every live process whose command line mentions PATTERN; used
# to reap daemons' grandchildren (e.g. containerd shims) that carry this run's unique state path.
reap_by_cmdline() {
  local pattern="$1" grace="${2:-5}" pid pids=()
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [[ $pid == "$$" ]] && continue
    tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$pattern" && pids+=("$pid")
  done
  [[ ${#pids[@]} -eq 0 ]] && return 0
  kill -TERM "${pids[@]}" 2>/dev/null || true
  local i
  for ((i = 0; i < grace * 5; i++)); do
    local alive=0
    for pid in "${pids[@]}"; do [[ -d /proc/$pid ]] && alive=1; done
    [[ $alive -eq 0 ]] && return 0
    sleep 0.2
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
}
