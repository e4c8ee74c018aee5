#!/usr/bin/env bash
# Builds the book (book/book/) and runs `mdbook test`: every Rust example in it is compiled,
# and run unless marked no_run, against the workspace's own p9asm library.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$P9ASM_ROOT"
use_rust
use_mdbook
# The examples `use p9asm::…`. rustdoc finds crates with -L; a target directory may hold several
# builds of one crate (clippy's, the tests'), so give it a folder with exactly the artifacts of
# one `cargo build -p p9asm --lib`, as cargo reports them.
deps=target/book-deps
rm -rf "$deps" && mkdir -p "$deps"
cargo build -q -p p9asm --lib --message-format=json \
  | grep -o '"filenames":\[[^]]*\]' | grep -o '"/[^"]*\.\(rlib\|so\)"' | tr -d '"' \
  | while read -r f; do ln -sf "$f" "$deps/"; done
step "mdbook build book"
mdbook build book
step "mdbook test book"
mdbook test book -L "$deps"
