#!/usr/bin/env bash
# Installs what p9asm's build and tests need on a fresh Debian 12 machine: the Debian packages
# listed in scripts/lib.sh (the C toolchain Rust links with, and the test oracles: Go 1.19's
# assembler and sources, LLVM's tools, lld, binutils for every arch) and, if missing, Rust.
# The other scripts source lib.sh and call install_deps themselves, so that cargo is on their
# PATH afterwards; running this one alone is for preparing a machine.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
install_deps
[ "${1:-}" = --book ] && use_mdbook
step "dependencies ready"
