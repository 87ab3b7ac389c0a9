#!/usr/bin/env bash
# Prints the path of a pinned kustomize, building it from the Go module proxy into the cache on first use, so the
# manifests in deploy/k8s render the same on every machine (tests/contract/test_k8s_manifests.py renders them).
COMPONENT=kustomize
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"
# v5.7.1 is the newest release that builds with Go 1.22 (the local stack's floor); newer ones need Go 1.24+.
KUSTOMIZE_VERSION="${KUSTOMIZE_VERSION:-v5.7.1}"

dir="$MENTORING_CACHE/kustomize-$KUSTOMIZE_VERSION"
tool="$dir/kustomize"
if [ ! -x "$tool" ]; then
  need go "Install Go 1.22+ (https://go.dev/doc/install or Debian: apt-get install golang)."
  say "building kustomize $KUSTOMIZE_VERSION from the Go module proxy into $dir (once per machine, about 20 s)"
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  (cd "$MENTORING_CACHE" \
    && GOBIN="$dir.tmp" GOFLAGS=-mod=mod go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION") >&2 \
    || die "go install of kustomize $KUSTOMIZE_VERSION failed; see above (is the Go module proxy reachable?)."
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
fi
echo "$tool"
