#!/usr/bin/env bash
# CRIU for make bench's emulated SnapStart restore, built once from the upstream tarball of
# Debian testing's source package (stable's older CRIU fails `criu check` on recent kernels)
# into a cache outside the checkout, and reused. Prints the path of the criu binary, or says why there is none and exits 1.
# make test never calls this: only the bench's restore section needs it.
set -euo pipefail
CACHE="${CRIU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cqrs-workbook/criu}"
BIN="$CACHE/criu"
if [[ -x "$BIN" ]]; then
  echo "$BIN"
  exit 0
fi
if [[ "$(uname -s)" != Linux ]] || [[ $EUID -ne 0 ]]; then
  echo "CRIU needs Linux and root (checkpoint and restore of another process tree)" >&2
  exit 1
fi
command -v apt-get >/dev/null || { echo "no apt-get: build CRIU 4.x yourself and put it at $BIN" >&2; exit 1; }
WORK="$CACHE.build"
rm -rf "$WORK" && mkdir -p "$WORK/lists/partial" "$WORK/src"
# The source package comes from a list of its own: the machine's apt sources stay as they are.
echo "deb-src http://deb.debian.org/debian forky main" > "$WORK/sources.list"
APT=(-o Dir::Etc::SourceList="$WORK/sources.list" -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists="$WORK/lists")
apt-get -qq update >&2
apt-get -qq "${APT[@]}" update >&2
DEBIAN_FRONTEND=noninteractive apt-get -qq install -y --no-install-recommends build-essential pkg-config python3 \
  libprotobuf-c-dev protobuf-c-compiler libprotobuf-dev protobuf-compiler libnl-3-dev libnet1-dev libcap-dev \
  libbsd-dev uuid-dev libgnutls28-dev libdrm-dev iproute2 dpkg-dev >&2
# The upstream tarball only: the build needs none of the packaging's patches.
(cd "$WORK/src" && apt-get -qq "${APT[@]}" source --tar-only criu >&2 && mkdir criu && tar -xf criu_*.orig.tar.* -C criu --strip-components=1)
make -C "$WORK/src/criu" -j"$(nproc)" criu >&2
mkdir -p "$CACHE"
cp "$WORK/src/criu/criu/criu" "$BIN"
rm -rf "$WORK"
echo "$BIN"
