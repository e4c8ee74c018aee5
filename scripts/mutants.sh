#!/usr/bin/env bash
# Mutation testing (cargo-mutants) of the frame model, the CFI and stack-map writers, the x86
# frame pass and relocation table and the ELF writer: every mutant of those files must make a
# test fail. Runs the tests that guard them (the frame oracle, frame checks, objects, stubs,
# hostile objects, diagnostic codes, the x86 differential test and the unit tests), not the
# whole suite, and writes the report to target/mutants/mutants.out (caught.txt, missed.txt,
# unviable.txt, timeout.txt). Takes hours on two cores for all ~700 mutants; split the work with
#   scripts/mutants.sh --shard 1/4     (then 2/4, ...)
# or name files:  scripts/mutants.sh -f assembler/src/frame/model.rs
# Extra arguments go to cargo-mutants. Installs cargo-mutants from crates.io if missing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$P9ASM_ROOT"
use_rust
command -v cargo-mutants >/dev/null || { step "installing cargo-mutants from crates.io (a few minutes)"; cargo install -q --locked cargo-mutants; }
files=(-f 'assembler/src/frame/*.rs' -f assembler/src/arch/x86/frame.rs -f assembler/src/arch/x86/reloc.rs -f assembler/src/emit/elf.rs)
have_files=0
for a in "$@"; do [ "$a" = -f ] || [ "$a" = --file ] && have_files=1; done
[ $have_files -eq 1 ] && files=()
step "cargo mutants (the per-mutant test set is below)"
P9ASM_SKIP_MEMORY=1 cargo mutants "${files[@]}" -j 2 --timeout 300 -o target/mutants "$@" -- \
  -p p9asm --lib --test frame_oracle --test frame_checks --test amd64_objects --test amd64_stubs \
  --test hostile_objects --test every_code --test x86_encode_diff --test valid_programs
