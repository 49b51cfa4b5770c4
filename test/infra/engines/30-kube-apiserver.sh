#!/usr/bin/env bash
# engine: kube
# requires: etcd
# kube-apiserver 1.20 (built from Debian's kubernetes source package by install.sh) on 127.0.0.1:16443 with
# token auth, client-certificate auth (a client CA made per run) and RBAC. Writes a kubeconfig (admin token, insecure-skip-tls-verify: the serving certificate is
# self-signed per run) to the state folder. Without controller-manager/scheduler/kubelet objects are stored
# but no pod runs; those engines are separate scripts in this folder.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/../lib.sh"

ETCD="${ANSFLOW_TEST_ETCD_ENDPOINT:-http://127.0.0.1:23790}"
BIN="$ANSFLOW_TEST_CACHE/kubernetes/bin/kube-apiserver"
KUBECTL="$ANSFLOW_TEST_CACHE/helm/kubectl"

start() {
  [[ -x $BIN ]] || die "kube-apiserver not built at $BIN: run test/infra/install.sh (compiles it once, ~8 min)"
  local PORT
  PORT=$(pick_port ANSFLOW_TEST_KUBE_PORT 16443) || die "no port for kube-apiserver"
  command -v openssl >/dev/null || die "openssl not found: run test/infra/install.sh"
  mkdir -p "$STATE/certs"
  openssl genrsa -out "$STATE/sa.key" 2048 2>/dev/null
  openssl rsa -in "$STATE/sa.key" -pubout -out "$STATE/sa.pub" 2>/dev/null
  local token
  token=$(openssl rand -hex 24)
  printf '%s,admin,admin,"system:masters"\n' "$token" >"$STATE/tokens.csv"
  chmod 600 "$STATE/tokens.csv" "$STATE/sa.key"
  # A client CA made per run, so tests can sign client certificates (any CN/O) for certificate auth;
  # token auth above stays as it is. One admin client certificate (group system:masters) is ready-made.
  openssl req -x509 -newkey rsa:2048 -nodes -days 3 -subj "/CN=ansflow-test-client-ca" \
    -keyout "$STATE/client-ca.key" -out "$STATE/client-ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/O=system:masters/CN=ansflow-test-cert-admin" \
    -keyout "$STATE/admin-client.key" -out "$STATE/admin-client.csr" 2>/dev/null
  openssl x509 -req -days 3 -in "$STATE/admin-client.csr" -CA "$STATE/client-ca.crt" -CAkey "$STATE/client-ca.key" \
    -set_serial "0x$(openssl rand -hex 8)" -out "$STATE/admin-client.crt" 2>/dev/null
  chmod 600 "$STATE/client-ca.key" "$STATE/admin-client.key"
  setsid "$BIN" --etcd-servers="$ETCD" --etcd-prefix=/ansflow-test \
    --service-account-issuer=https://kubernetes.default.svc \
    --service-account-key-file="$STATE/sa.pub" --service-account-signing-key-file="$STATE/sa.key" \
    --cert-dir="$STATE/certs" --secure-port="$PORT" --insecure-port=0 \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 \
    --authorization-mode=RBAC --token-auth-file="$STATE/tokens.csv" --client-ca-file="$STATE/client-ca.crt" \
    --service-cluster-ip-range=10.0.0.0/24 --allow-privileged=true \
    </dev/null >"$STATE/kube-apiserver.log" 2>&1 &
  record_pid $!
  local url="https://127.0.0.1:$PORT"
  if ! wait_until "${ANSFLOW_TEST_KUBE_TIMEOUT:-90}" "kube-apiserver $url/readyz" \
      curl -fsSk -H "Authorization: Bearer $token" "$url/readyz"; then
    log_tail "$STATE/kube-apiserver.log"; die "kube-apiserver did not become ready"
  fi
  local kc="$STATE/kubeconfig"
  cat >"$kc" <<KC
apiVersion: v1
kind: Config
clusters:
- name: ansflow-test
  cluster:
    server: $url
    insecure-skip-tls-verify: true
users:
- name: ansflow-test-admin
  user:
    token: $token
contexts:
- name: ansflow-test
  context:
    cluster: ansflow-test
    user: ansflow-test-admin
    namespace: default
current-context: ansflow-test
KC
  chmod 600 "$kc"
  export_env KUBECONFIG "$kc"
  export_env ANSFLOW_TEST_KUBECONFIG "$kc"
  export_env ANSFLOW_TEST_KUBE_SERVER "$url"
  export_env ANSFLOW_TEST_KUBE_CLIENT_CA "$STATE/client-ca.crt"
  export_env ANSFLOW_TEST_KUBE_CLIENT_CA_KEY "$STATE/client-ca.key"
  export_env ANSFLOW_TEST_KUBE_ADMIN_CERT "$STATE/admin-client.crt"
  export_env ANSFLOW_TEST_KUBE_ADMIN_KEY "$STATE/admin-client.key"
  [[ -x $KUBECTL ]] && export_env ANSFLOW_TEST_KUBECTL "$KUBECTL"
  provide kube
}

case "${1:-}" in
  start) start ;;
  prestop | cleanup) : ;;
  *) die "usage: $0 start|prestop|cleanup (run through test/infra/with-engines.sh)" ;;
esac
