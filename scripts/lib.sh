# Shared by the scripts in this folder (sourced, not run): progress messages, the Rust
# toolchain on PATH, and the one list of Debian packages the build and the tests need.
# shellcheck shell=bash

P9ASM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
P9ASM_T0=$(date +%s)

# step MESSAGE: one line of progress, with the seconds since the script started.
step() {
  printf '[p9asm %4ss] %s\n' "$(($(date +%s) - P9ASM_T0))" "$*" >&2
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The Debian packages, each with why it is there. A package is installed only when missing.
# gcc links Rust's test binaries and build scripts; libc6-dev is what it links against
# (--no-install-recommends leaves it out, so it is named); the rest are the test oracles.
P9ASM_APT_PACKAGES=(
  ca-certificates   # TLS for rustup and crates.io
  curl              # rustup's installer, when Rust is missing
  gcc libc6-dev     # the linker driver for Rust and the C library it links
  golang-1.19-go    # Go 1.19's assembler: the reference for every byte
  golang-1.19-src   # GOROOT/src: the .s corpus and testdata of the differential tests
  llvm              # llvm-readobj, llvm-dwarfdump, llvm-objdump
  lld               # ld.lld, the second linker the objects must link with
  binutils-multiarch # readelf/objdump for every architecture
  gcc-aarch64-linux-gnu  # arm64 objects must link with aarch64-linux-gnu-ld (binutils-aarch64-linux-gnu comes with it); builds the arm64 C harness
  libc6-dev-arm64-cross  # the arm64 libc the static harness links (--no-install-recommends leaves it out)
  gcc-arm-linux-gnueabihf  # arm objects must link with arm-linux-gnueabihf-ld; builds the arm C harness (Thumb-2, libgcc's EHABI unwinder)
  libc6-dev-armhf-cross    # the armhf libc the static arm harness links
  qemu-user              # qemu-aarch64, -arm, -mips64, -mips64el, -ppc64, -ppc64le, -s390x: run the harnesses (binfmt_misc is not mounted, so they are invoked explicitly)
  gcc-powerpc64-linux-gnu    # ppc64 (ELFv1) objects must link with powerpc64-linux-gnu-ld; builds the ppc64 C harness
  libc6-dev-ppc64-cross      # the ppc64 libc the static harness links
  gcc-powerpc64le-linux-gnu  # ppc64le (ELFv2) objects must link with powerpc64le-linux-gnu-ld; builds the ppc64le C harness
  libc6-dev-ppc64el-cross    # the ppc64le libc the static harness links
  gdb                    # the debug-information test: break at a .s line, step, backtrace
  gcc-i686-linux-gnu     # 386 objects must link with i686-linux-gnu-ld (binutils-i686-linux-gnu comes with it); builds the 386 C harness, which runs natively
  libc6-dev-i386-cross   # the i386 libc the static 386 harness links (--no-install-recommends leaves it out)
  gcc-s390x-linux-gnu    # s390x objects must link with s390x-linux-gnu-ld; builds the s390x C harness
  libc6-dev-s390x-cross  # the s390x libc the static harness links
  lld-19                 # ld.lld-19: lld 14 (Debian's lld) has no SystemZ target and crashes on s390x objects
  gcc-mips64-linux-gnuabi64    # mips64 objects must link with mips64-linux-gnuabi64-ld (its binutils come with it); builds the mips64 C harness
  gcc-mips64el-linux-gnuabi64  # the same for mips64le (mips64el-linux-gnuabi64-ld)
  libc6-dev-mips64-cross       # the libcs the static mips64 and mips64le harnesses link
  libc6-dev-mips64el-cross
)

apt_install_missing() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  step "apt-get update (a few seconds)"
  as_root apt-get update -qq
  step "installing ${#missing[@]} Debian packages (about a minute on a fresh machine): ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  step "Debian packages installed"
}

# Puts rustup's cargo on PATH in this shell (a fresh login may not have it yet), installing
# Rust when it is missing; makes sure rustfmt and clippy are there (a minimal profile has neither).
use_rust() {
  [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
  case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) export PATH="$HOME/.cargo/bin:$PATH" ;; esac
  if ! command -v cargo >/dev/null 2>&1; then
    step "installing Rust with rustup (a minute or two)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile default --no-modify-path >/dev/null
    . "$HOME/.cargo/env"
  fi
  # rust-toolchain.toml names the toolchain and its components; rustup installs what is missing
  # the first time cargo runs in the tree. Ask for it now, so that a failure says what it is.
  (cd "$P9ASM_ROOT" && rustup show active-toolchain >/dev/null 2>&1) || {
    step "installing the toolchain rust-toolchain.toml names"
    (cd "$P9ASM_ROOT" && rustup toolchain install) >/dev/null
  }
  for tool in rustfmt cargo-clippy; do
    (cd "$P9ASM_ROOT" && rustup which "$tool" >/dev/null 2>&1) || {
      step "adding rustfmt and clippy to the toolchain"
      (cd "$P9ASM_ROOT" && rustup component add rustfmt clippy) >/dev/null
      break
    }
  done
}

# mdbook is not packaged for Debian 12: it comes from crates.io, built once into ~/.cargo/bin.
MDBOOK_VERSION=0.4.52
use_mdbook() {
  if ! mdbook --version 2>/dev/null | grep -q "v$MDBOOK_VERSION"; then
    step "building mdbook $MDBOOK_VERSION from crates.io (about three minutes, once per machine)"
    cargo install -q --locked --no-default-features --features search --version "$MDBOOK_VERSION" mdbook
    step "mdbook installed"
  fi
}

install_deps() {
  apt_install_missing "${P9ASM_APT_PACKAGES[@]}"
  use_rust
}
