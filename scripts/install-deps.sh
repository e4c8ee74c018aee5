#!/usr/bin/env bash
# Installs what p9asm's build and tests need on a fresh Debian/Ubuntu machine:
# the Rust toolchain (if missing) and the oracles the differential tests run against
# (Go 1.19's assembler, LLVM's tools, GNU binutils for every arch, lld).
set -euo pipefail

need_apt=()
command -v /usr/lib/go-1.19/bin/go >/dev/null 2>&1 || need_apt+=(golang-1.19-go)
command -v llvm-dwarfdump >/dev/null 2>&1 || need_apt+=(llvm)
command -v ld.lld >/dev/null 2>&1 || need_apt+=(lld)
dpkg -s binutils-multiarch >/dev/null 2>&1 || need_apt+=(binutils-multiarch)
command -v gcc >/dev/null 2>&1 || need_apt+=(gcc)

if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "installing: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "installing Rust with rustup"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
