#!/usr/bin/env bash
# engine: docker
# An isolated dockerd for one test run: its own socket, data root, exec root, bridge and containerd, all
# under the run's state folder, so tests never touch (or see) a user's or the system's daemon.
# Bridge networking works (own bridge `af<pid>`, private /24) and published ports are served by docker-proxy on
# 127.0.0.1. The daemon runs with --iptables=false so it never edits the host's iptables rules that a system
# dockerd owns: two daemons sharing the DOCKER chains is what breaks when both run. Cost: containers have
# no outbound NAT, which tests never need (loopback only).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/../lib.sh"

IMAGE="${ANSFLOW_TEST_BUSYBOX_IMAGE:-ansflow-test/busybox:1}"
ROOTFS="$ANSFLOW_TEST_CACHE/busybox/rootfs.tar"
DOCKER=/usr/bin/docker   # the client from docker.io, same version as the daemon (a newer CLI may insist on buildx)
[[ -x $DOCKER ]] || DOCKER=$(command -v docker)
SOCK="$STATE/docker.sock"
# Bridge names are limited to 15 characters; the with-engines PID keeps concurrent runs apart.
BRIDGE="af${ANSFLOW_TEST_RUN_ID:-$$}"
BRIDGE="${BRIDGE:0:15}"

# First private 172.31.X.0/24 not already assigned to an interface on this host.
pick_subnet() {
  local used x
  used=$(ip -4 -o addr show 2>/dev/null | awk '{print $4}')
  for x in $(seq 200 254); do
    grep -q "^172\.31\.$x\." <<<"$used" || { echo "172.31.$x"; return 0; }
  done
  return 1
}

start() {
  command -v dockerd >/dev/null || die "dockerd not found: run test/infra/install.sh (apt package docker.io)"
  [[ $(id -u) -eq 0 ]] || die "dockerd needs root"
  local net
  net=$(pick_subnet) || die "no free 172.31.x.0/24 subnet for the test bridge"
  ip link add "$BRIDGE" type bridge
  echo "$BRIDGE" >"$STATE/bridge"
  ip addr add "$net.1/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  echo '{}' >"$STATE/daemon.json"   # never read the host's /etc/docker/daemon.json
  mkdir -p "$STATE/data" "$STATE/exec"
  setsid dockerd \
    --config-file "$STATE/daemon.json" \
    --host "unix://$SOCK" \
    --data-root "$STATE/data" --exec-root "$STATE/exec" --pidfile "$STATE/docker.pid" \
    --bridge "$BRIDGE" --fixed-cidr "$net.0/24" \
    --iptables=false --ip-masq=false --ip-forward=false --ip "127.0.0.1" \
    --userland-proxy=true --shutdown-timeout 3 --log-level warn \
    ${ANSFLOW_TEST_DOCKER_STORAGE_DRIVER:+--storage-driver "$ANSFLOW_TEST_DOCKER_STORAGE_DRIVER"} \
    </dev/null >"$STATE/dockerd.log" 2>&1 &
  record_pid $!
  if ! wait_until "${ANSFLOW_TEST_DOCKER_TIMEOUT:-60}" "dockerd (docker info)" env DOCKER_HOST="unix://$SOCK" "$DOCKER" info; then
    log_tail "$STATE/dockerd.log"; die "dockerd did not become ready"
  fi
  export DOCKER_HOST="unix://$SOCK"
  if ! "$DOCKER" image inspect "$IMAGE" >/dev/null 2>&1; then
    [[ -s $ROOTFS ]] || die "busybox rootfs missing at $ROOTFS: run test/infra/install.sh"
    "$DOCKER" import --change 'CMD ["/bin/sh"]' "$ROOTFS" "$IMAGE" >/dev/null || die "docker import of $ROOTFS failed"
  fi
  export_env DOCKER_HOST "unix://$SOCK"
  export_env ANSFLOW_TEST_DOCKER "$DOCKER"
  export_env ANSFLOW_TEST_BUSYBOX_IMAGE "$IMAGE"
  # Docker >= 23 CLIs route `docker build` to buildx, which is not installed here: use the legacy builder.
  export_env DOCKER_BUILDKIT 0
  provide docker
}

prestop() {
  # Every container of this isolated daemon belongs to the run: kill them now, because dockerd's own shutdown
  # gives each one its StopTimeout (10 s by default) and busybox as PID 1 ignores SIGTERM.
  export DOCKER_HOST="unix://$SOCK"
  local ids
  ids=$(timeout 5 "$DOCKER" ps -q 2>/dev/null) || return 0
  [[ -n $ids ]] && timeout 10 "$DOCKER" kill $ids >/dev/null 2>&1
  return 0
}

cleanup() {
  # dockerd has been stopped by PID; reap containerd shims of this run, lazily unmount leftovers, drop the bridge.
  reap_by_cmdline "$STATE/exec" 3
  local m
  for m in $(awk -v p="$STATE/" 'index($2, p) == 1 {print $2}' /proc/mounts | sort -r); do umount -l "$m" 2>/dev/null || true; done
  if [[ -f "$STATE/bridge" ]]; then ip link del "$(cat "$STATE/bridge")" 2>/dev/null || true; fi
}

case "${1:-}" in
  start) start ;;
  prestop) prestop ;;
  cleanup) cleanup ;;
  *) die "usage: $0 start|prestop|cleanup (run through test/infra/with-engines.sh)" ;;
esac
