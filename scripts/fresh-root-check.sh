#!/usr/bin/env bash
# Proves the README's two commands on a machine that has nothing but rustup's Rust: builds a
# minimal Debian 12 root with debootstrap, gives it this machine's rustup toolchains (the
# /root/.rustup folder bind-mounted, and a new /root/.cargo holding only rustup's proxies and
# env, so that no crate, cargo-installed tool or build cache carries over), clones the committed
# HEAD of this repository into it, and runs in a chroot, with a plain PATH and timed:
#     scripts/build-stubs.sh      then      scripts/test.sh
# Needs root and debootstrap (apt-get install debootstrap). Takes 15-25 minutes; not part of
# every CI run. Usage: scripts/fresh-root-check.sh [ROOT_DIR]   (default /var/tmp/p9asm-fresh)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ROOT=${1:-/var/tmp/p9asm-fresh}
[ "$(id -u)" -eq 0 ] || { echo "run as root (debootstrap and chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || apt_install_missing debootstrap

cleanup() {
  for m in proc sys dev/pts dev root/.rustup; do mountpoint -q "$ROOT/$m" && umount -l "$ROOT/$m"; done
  return 0
}
trap cleanup EXIT
cleanup
rm -rf "$ROOT"
step "debootstrap --variant=minbase bookworm $ROOT (two to four minutes)"
debootstrap --variant=minbase bookworm "$ROOT" http://deb.debian.org/debian >"$ROOT.debootstrap.log" 2>&1 \
  || { tail -20 "$ROOT.debootstrap.log" >&2; exit 1; }
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
# The machine's own extra certificate authorities (a network that inspects TLS brings one):
# they belong to the machine, not to the project, so the root gets them as a fresh machine
# of this kind has them; the root's ca-certificates package (installed by the scripts) then
# trusts them too.
if [ -d /usr/local/share/ca-certificates ]; then
  mkdir -p "$ROOT/usr/local/share/ca-certificates"
  cp -a /usr/local/share/ca-certificates/. "$ROOT/usr/local/share/ca-certificates/"
fi
mkdir -p "$ROOT/root/.rustup" "$ROOT/root/.cargo/bin"
mount --bind "$HOME/.rustup" "$ROOT/root/.rustup"
for tool in cargo rustc rustup rustdoc rustfmt cargo-fmt cargo-clippy clippy-driver rust-gdb rust-lldb; do
  [ -e "$HOME/.cargo/bin/$tool" ] && cp -a "$HOME/.cargo/bin/$tool" "$ROOT/root/.cargo/bin/"
done
cp -a "$HOME/.cargo/env" "$ROOT/root/.cargo/env"
mount -t proc proc "$ROOT/proc"
mount --rbind /sys "$ROOT/sys"
mount --rbind /dev "$ROOT/dev"
git clone -q "$P9ASM_ROOT" "$ROOT/root/p9asm"
step "cloned $(git -C "$P9ASM_ROOT" rev-parse --short HEAD); running the README's commands in the chroot"

in_root() {
  chroot "$ROOT" /usr/bin/env -i HOME=/root TERM=dumb PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /bin/bash -c "cd /root/p9asm && $1"
}
t=$(date +%s)
in_root "scripts/build-stubs.sh"
t1=$(($(date +%s) - t))
step "scripts/build-stubs.sh passed in ${t1}s"
t=$(date +%s)
in_root "scripts/test.sh"
t2=$(($(date +%s) - t))
step "scripts/test.sh passed in ${t2}s"
echo "fresh root: build-stubs.sh ${t1}s, test.sh ${t2}s"
