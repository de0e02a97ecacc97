#!/usr/bin/env bash
# Kanaria keeps its own copy of this (from the shared project notes) for .ci/run and test/helpers/kube.ts.
# Builds a real kube-apiserver (Kubernetes 1.20.2, from Debian bookworm's `kubernetes` source package) and installs
# Debian's etcd, so tests can run against the real Kubernetes API instead of a fake. Needs root (apt-get) and 5–8 min
# on 2 cores the first time; the binary is cached in $KUBE_CACHE (default ~/.cache/kube-apiserver) and reused.
# Usage: build-kube-apiserver.sh  → prints the path of the kube-apiserver binary on its last line.
set -euo pipefail
cache=${KUBE_CACHE:-$HOME/.cache/kube-apiserver}
bin=$cache/kube-apiserver-1.20.2
if [ -x "$bin" ] && command -v etcd >/dev/null; then echo "$bin"; exit 0; fi
mkdir -p "$cache"

# Source packages come from the same Debian archive as the binary ones: add deb-src twins of the existing entries.
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/; then
  for f in /etc/apt/sources.list.d/*.sources; do
    grep -q '^Types: deb$' "$f" || continue
    sed 's/^Types: deb$/Types: deb-src/' "$f" > "${f%.sources}-src.sources"
  done
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq etcd-server golang-1.19 rsync golang-github-modern-go-reflect2-dev make >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get source --download-only -qq kubernetes >/dev/null
tar -xzf kubernetes_*.orig.tar.gz
cd kubernetes-*/
# The vendored reflect2 1.0.1 misbehaves with Go >= 1.18; Debian ships the fixed 1.0.2.
r2=vendor/github.com/modern-go/reflect2
rm -f "$r2"/*.go "$r2"/*.s
cp /usr/share/gocode/src/github.com/modern-go/reflect2/*.go "$r2"/
cp /usr/share/gocode/src/github.com/modern-go/reflect2/*.s "$r2"/ 2>/dev/null || true
rm -f "$r2"/*_test.go
PATH=/usr/lib/go-1.19/bin:$PATH CGO_ENABLED=0 GOFLAGS= KUBE_GIT_VERSION=v1.20.2 KUBE_GIT_TREE_STATE=clean \
  make WHAT=cmd/kube-apiserver
cp _output/local/bin/linux/amd64/kube-apiserver "$bin" 2>/dev/null || cp _output/bin/kube-apiserver "$bin"
echo "$bin"
