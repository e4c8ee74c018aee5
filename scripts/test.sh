#!/usr/bin/env bash
# Runs the whole test suite, oracles included (installs them first if missing): formatting,
# clippy, every crate's tests, the build-script API from a crate outside the workspace
# (build-tests/), `p9asm build stubs/`, the 1M-line memory test on the release
# build, and the book (built, and its Rust examples compiled and run by `mdbook test`). Extra
# arguments go to `cargo test`.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$P9ASM_ROOT"
install_deps
use_mdbook
step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy (builds the workspace in debug: a few minutes from scratch)"
cargo clippy --workspace --all-targets -- -D warnings
step "cargo test"
# the memory test runs once, below, at full size on the release build
mkdir -p target
P9ASM_SKIP_MEMORY=1 cargo test --workspace "$@" 2>&1 | tee target/test-output.log
step "build-tests: a crate outside the workspace builds Go's crypto/md5 assembly with p9asm::Build"
(cd build-tests && cargo fmt -- --check && CARGO_TARGET_DIR="$P9ASM_ROOT/target/build-tests" cargo test --locked) 2>&1 | tee -a target/test-output.log
step "p9asm build stubs/"
cargo build --release -p p9asm
./target/release/p9asm build -o target/p9asm stubs/
step "peak memory at 1M lines for asm, asm -S and expand (release build, a minute or two)"
cargo test --release -p p9asm --test memory 2>&1 | tee -a target/test-output.log
step "the book: mdbook build and mdbook test"
scripts/book.sh
step "all tests passed"
# one closing line for the whole run, summed over every cargo test binary
awk '/^test result:/ { p += $4; f += $6 } END { printf "tests: %d passed, %d failed\n", p, f }' target/test-output.log
