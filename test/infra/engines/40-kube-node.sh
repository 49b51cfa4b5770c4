#!/usr/bin/env bash
# engine: kube-node
# requires: kube docker
# Makes the test cluster run pods: kube-controller-manager, kube-scheduler and a kubelet (1.20, dockershim)
# on the run's isolated dockerd. The pod sandbox ("pause") image is built here from the Kubernetes tree's
# build/pause/linux/pause.c as a static binary and imported with `docker import`, because no registry is
# reachable; the busybox image is the one 10-docker.sh imported. The node is named `ansflow-node`, listens
# on 127.0.0.1 only, and lets the apiserver in anonymously (AlwaysAllow) since nothing else can reach it.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/../lib.sh"

BIN="$ANSFLOW_TEST_CACHE/kubernetes/bin"
PAUSE_IMAGE="${ANSFLOW_TEST_PAUSE_IMAGE:-ansflow-test/pause:3.4}"
PAUSE_BIN="$ANSFLOW_TEST_CACHE/kubernetes/pause/pause"
APISTATE="$(dirname "$STATE")/kube-apiserver"
DOCKER="${ANSFLOW_TEST_DOCKER:-docker}"
# The node is registered as `localhost`: the kubelet refuses a loopback --node-ip, and the apiserver reaches a
# kubelet by its Hostname address first, so `localhost` keeps apiserver→kubelet traffic (logs, exec,
# port-forward) on 127.0.0.1.
NODE=localhost
DOCKER_STATE="$(dirname "$STATE")/docker"

build_pause() {
  [[ -x $PAUSE_BIN ]] && return 0
  local src
  src=$(compgen -G "$ANSFLOW_TEST_CACHE/kubernetes/kubernetes-*/build/pause/linux/pause.c" | head -n1)
  [[ -n $src ]] || die "pause.c not found in the kubernetes source tree under $ANSFLOW_TEST_CACHE/kubernetes (run install.sh)"
  mkdir -p "$(dirname "$PAUSE_BIN")"
  gcc -Os -static -DVERSION=3.4-ansflow -o "$PAUSE_BIN.tmp" "$src" || die "gcc -static of $src failed (apt-get install build-essential)"
  strip "$PAUSE_BIN.tmp" 2>/dev/null || true
  mv "$PAUSE_BIN.tmp" "$PAUSE_BIN"
}

import_pause() {
  "$DOCKER" image inspect "$PAUSE_IMAGE" >/dev/null 2>&1 && return 0
  local d="$STATE/pause-rootfs"
  mkdir -p "$d"
  cp "$PAUSE_BIN" "$d/pause"
  tar -C "$d" -cf "$STATE/pause.tar" pause
  "$DOCKER" import --change 'ENTRYPOINT ["/pause"]' "$STATE/pause.tar" "$PAUSE_IMAGE" >/dev/null || die "docker import of the pause image failed"
}

# Makes kube-node-runc.sh the test dockerd's default runtime (merged into its daemon.json, applied by SIGHUP,
# which dockerd supports for `runtimes` and `default-runtime`): see that file for why pods need it here.
use_runc_wrapper() {
  [[ -f $DOCKER_STATE/daemon.json && -f $DOCKER_STATE/docker.pid ]] || die "test dockerd state not found at $DOCKER_STATE"
  python3 - "$DOCKER_STATE/daemon.json" "$HERE/kube-node-runc.sh" <<'PY' || die "could not update $DOCKER_STATE/daemon.json"
import json, sys
path, wrapper = sys.argv[1], sys.argv[2]
cfg = json.load(open(path))
cfg.setdefault("runtimes", {})["ansflow-runc"] = {"path": wrapper}
cfg["default-runtime"] = "ansflow-runc"
json.dump(cfg, open(path, "w"))
PY
  kill -HUP "$(cat "$DOCKER_STATE/docker.pid")"
  wait_until 10 "dockerd default runtime ansflow-runc" sh -c "\"$DOCKER\" info --format '{{.DefaultRuntime}}' | grep -qx ansflow-runc" || die "dockerd did not load the runc wrapper"
}

start() {
  for b in kube-controller-manager kube-scheduler kubelet; do
    [[ -x $BIN/$b ]] || die "$b not built at $BIN/$b: run test/infra/install.sh"
  done
  [[ -f $APISTATE/sa.key && -f $KUBECONFIG ]] || die "kube-apiserver state not found at $APISTATE"
  local KUBELET_PORT KUBELET_HEALTHZ CM_PORT SCHED_PORT
  KUBELET_PORT=$(pick_port ANSFLOW_TEST_KUBELET_PORT 10250) || die "no port for the kubelet"
  KUBELET_HEALTHZ=$(pick_port ANSFLOW_TEST_KUBELET_HEALTHZ_PORT 10248) || die "no port for the kubelet healthz"
  CM_PORT=$(pick_port ANSFLOW_TEST_KCM_PORT 10257) || die "no port for kube-controller-manager"
  SCHED_PORT=$(pick_port ANSFLOW_TEST_SCHEDULER_PORT 10259) || die "no port for kube-scheduler"
  build_pause
  import_pause
  use_runc_wrapper

  setsid "$BIN/kube-controller-manager" --kubeconfig="$KUBECONFIG" \
    --authentication-kubeconfig="$KUBECONFIG" --authorization-kubeconfig="$KUBECONFIG" \
    --service-account-private-key-file="$APISTATE/sa.key" --root-ca-file="$APISTATE/certs/apiserver.crt" \
    --use-service-account-credentials=false --leader-elect=false \
    --bind-address=127.0.0.1 --secure-port="$CM_PORT" --port=0 --cert-dir="$STATE/kcm-certs" \
    --node-monitor-grace-period=20s --pod-eviction-timeout=10m --concurrent-deployment-syncs=5 \
    </dev/null >"$STATE/kube-controller-manager.log" 2>&1 &
  record_pid $!
  setsid "$BIN/kube-scheduler" --kubeconfig="$KUBECONFIG" \
    --authentication-kubeconfig="$KUBECONFIG" --authorization-kubeconfig="$KUBECONFIG" \
    --leader-elect=false --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" --port=0 --cert-dir="$STATE/sched-certs" \
    </dev/null >"$STATE/kube-scheduler.log" 2>&1 &
  record_pid $!

  mkdir -p "$STATE/kubelet" "$STATE/dockershim" "$STATE/kubelet-certs"
  cat >"$STATE/kubelet-config.yaml" <<CFG
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: 127.0.0.1
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $KUBELET_HEALTHZ
authentication:
  anonymous: {enabled: true}
  webhook: {enabled: false}
authorization: {mode: AlwaysAllow}
cgroupDriver: cgroupfs
cgroupsPerQOS: false
enforceNodeAllocatable: []
failSwapOn: false
evictionHard: {}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
resolvConf: ""
syncFrequency: 5s
fileCheckFrequency: 5s
nodeStatusUpdateFrequency: 5s
serializeImagePulls: false
CFG
  # --docker (cAdvisor's own docker endpoint, separate from dockershim's --docker-endpoint): without it
  # cAdvisor looks at /var/run/docker.sock, sees the pod containers only as unlabelled cgroups, and the
  # Summary API (stats/summary) lists no pods.
  setsid "$BIN/kubelet" --config="$STATE/kubelet-config.yaml" --kubeconfig="$KUBECONFIG" \
    --hostname-override="$NODE" \
    --container-runtime=docker --docker-endpoint="$DOCKER_HOST" --pod-infra-container-image="$PAUSE_IMAGE" \
    --docker="$DOCKER_HOST" \
    --root-dir="$STATE/kubelet" --cert-dir="$STATE/kubelet-certs" \
    --experimental-dockershim-root-directory="$STATE/dockershim" \
    --network-plugin="" --register-node=true \
    </dev/null >"$STATE/kubelet.log" 2>&1 &
  record_pid $!

  local kubectl="${ANSFLOW_TEST_KUBECTL:-kubectl}"
  if ! wait_until "${ANSFLOW_TEST_KUBE_NODE_TIMEOUT:-90}" "node $NODE Ready" \
      sh -c "\"$kubectl\" get node $NODE -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' 2>/dev/null | grep -qx True"; then
    log_tail "$STATE/kubelet.log" 40; log_tail "$STATE/kube-controller-manager.log" 10; die "kubelet did not register a Ready node"
  fi
  # Pods need a service account token in the default namespace before they can be admitted.
  wait_until 30 "default service account" "$kubectl" get serviceaccount default -n default || { log_tail "$STATE/kube-controller-manager.log"; die "controller-manager did not create the default service account"; }
  export_env ANSFLOW_TEST_KUBE_NODE "$NODE"
  export_env ANSFLOW_TEST_PAUSE_IMAGE "$PAUSE_IMAGE"
  provide kube-node
}

cleanup() {
  # The kubelet has been stopped by PID; remove the pod containers it left on the run's dockerd.
  if [[ -n "${DOCKER_HOST:-}" ]]; then
    "$DOCKER" ps -aq --filter label=io.kubernetes.pod.name 2>/dev/null | xargs -r "$DOCKER" rm -f >/dev/null 2>&1 || true
  fi
  local m
  for m in $(awk -v p="$STATE/" 'index($2, p) == 1 {print $2}' /proc/mounts | sort -r); do umount -l "$m" 2>/dev/null || true; done
}

case "${1:-}" in
  start) start ;;
  cleanup) cleanup ;;
  *) die "usage: $0 start|cleanup (run through test/infra/with-engines.sh)" ;;
esac
