#!/usr/bin/env bash
# engine: ssh
# An OpenSSH server (Debian openssh-server) for one test run, on 127.0.0.1 only: Ansible over real SSH and
# ssh:// Docker hosts reach it. Everything it reads is generated per run under $STATE (host key, a user key
# pair, authorized_keys, config, pid file); it accepts only that key and only the user running the tests, so
# no account, home folder or system sshd is touched. An ssh-agent holding the key is started too, because
# dockerode's ssh transport authenticates through an agent only.
# When the docker engine is up, sessions get DOCKER_HOST of the test dockerd (sshd SetEnv), so
# `ssh … docker system dial-stdio` — what an ssh:// Docker host runs remotely — reaches it.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/../lib.sh"

SSHD=/usr/sbin/sshd

start() {
  [[ -x $SSHD ]] || die "sshd not found: run test/infra/install.sh (apt package openssh-server)"
  command -v ssh-keygen >/dev/null && command -v ssh-agent >/dev/null || die "ssh-keygen/ssh-agent not found (apt package openssh-client)"
  local port user
  port=$(pick_port ANSFLOW_TEST_SSH_PORT 22220) || die "no port for sshd"
  user=$(id -un)
  # sshd started as root insists on its privilege-separation folder (the package's service makes it at boot).
  if [[ $(id -u) -eq 0 && ! -d /run/sshd ]]; then install -d -m 0755 /run/sshd; fi

  ssh-keygen -q -t ed25519 -N '' -C "ansflow-test-host" -f "$STATE/host_ed25519_key"
  ssh-keygen -q -t ed25519 -N '' -C "ansflow-test-user" -f "$STATE/id_ed25519"
  cp "$STATE/id_ed25519.pub" "$STATE/authorized_keys"
  printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$STATE/host_ed25519_key.pub")" >"$STATE/known_hosts"

  local setenv=""
  [[ -n "${DOCKER_HOST:-}" ]] && setenv="SetEnv DOCKER_HOST=$DOCKER_HOST"
  cat >"$STATE/sshd_config" <<EOF
# Generated per test run by test/infra/engines/80-ssh.sh; never the system's /etc/ssh/sshd_config.
ListenAddress 127.0.0.1:$port
HostKey $STATE/host_ed25519_key
PidFile $STATE/sshd.pid
AuthorizedKeysFile $STATE/authorized_keys
AllowUsers $user
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
# The key files live under /tmp (world-writable), which strict mode refuses as a parent of authorized_keys.
StrictModes no
# Without PAM: no login sessions or loginuid writes, which containers refuse.
UsePAM no
UseDNS no
PrintMotd no
PermitUserEnvironment no
Subsystem sftp /usr/lib/openssh/sftp-server
$setenv
EOF
  "$SSHD" -t -f "$STATE/sshd_config" 2>"$STATE/sshd.log" || { log_tail "$STATE/sshd.log"; die "sshd rejected its config"; }
  setsid "$SSHD" -D -e -f "$STATE/sshd_config" </dev/null >>"$STATE/sshd.log" 2>&1 &
  record_pid $!
  echo $! >"$STATE/sshd.main"

  setsid ssh-agent -D -a "$STATE/agent.sock" </dev/null >"$STATE/agent.log" 2>&1 &
  record_pid $!
  wait_until 10 "ssh-agent socket" test -S "$STATE/agent.sock" || { log_tail "$STATE/agent.log"; die "ssh-agent did not start"; }
  SSH_AUTH_SOCK="$STATE/agent.sock" ssh-add -q "$STATE/id_ed25519" 2>>"$STATE/agent.log" || { log_tail "$STATE/agent.log"; die "ssh-add failed"; }

  # Ready means a real login with the generated key and a verified host key.
  local probe=(ssh -F /dev/null -i "$STATE/id_ed25519" -o IdentitiesOnly=yes -o BatchMode=yes -o ConnectTimeout=5
    -o UserKnownHostsFile="$STATE/known_hosts" -o StrictHostKeyChecking=yes -p "$port" "$user@127.0.0.1" true)
  if ! wait_until "${ANSFLOW_TEST_SSH_TIMEOUT:-20}" "sshd (ssh login)" "${probe[@]}"; then
    "${probe[@]}" >>"$STATE/sshd.log" 2>&1 || true
    log_tail "$STATE/sshd.log"; die "sshd did not accept a login"
  fi

  export_env ANSFLOW_TEST_SSH_HOST 127.0.0.1
  export_env ANSFLOW_TEST_SSH_PORT "$port"
  export_env ANSFLOW_TEST_SSH_USER "$user"
  export_env ANSFLOW_TEST_SSH_KEY "$STATE/id_ed25519"
  export_env ANSFLOW_TEST_SSH_KNOWN_HOSTS "$STATE/known_hosts"
  export_env ANSFLOW_TEST_SSH_AUTH_SOCK "$STATE/agent.sock"
  provide ssh
}

# Each connection is served by a child of the listening sshd that a TERM to the listener leaves running
# (ansible's ControlPersist masters keep theirs open for a minute): stop them with it.
prestop() {
  [[ -f "$STATE/sshd.main" ]] || return 0
  local main pid kids=()
  main=$(cat "$STATE/sshd.main")
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [[ "$(awk '{print $4}' "/proc/$pid/stat" 2>/dev/null)" == "$main" ]] && kids+=("$pid")
  done
  [[ ${#kids[@]} -gt 0 ]] && kill -TERM "${kids[@]}" 2>/dev/null
  return 0
}

case "${1:-}" in
  start) start ;;
  prestop) prestop ;;
  cleanup) : ;;
  *) die "usage: $0 start|prestop|cleanup (run through test/infra/with-engines.sh)" ;;
esac
