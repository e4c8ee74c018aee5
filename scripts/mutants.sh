#!/usr/bin/env bash
# Mutation testing (cargo-mutants) of the frame model, the CFI and stack-map writers, the x86
# frame pass and relocation table and the ELF writer: every mutant of those files must make a
# test fail. Runs the tests that guard them (the frame oracles, frame checks, every target's
# object tests (the shared CFI code behaves differently on link-register machines: a mutant in
# it that only arm64 notices was missed while only amd64's tests ran), stubs, hostile objects,
# diagnostic codes, the debug information, the x86 differential test and the unit tests), not the
# whole suite, and writes the report to target/mutants/mutants.out (caught.txt, missed.txt,
# unviable.txt, timeout.txt). Takes hours on two cores for all ~950 mutants (about a minute
# each); split the work with
#   scripts/mutants.sh --shard 1/4     (then 2/4, ...)
# take a sample across every file with
#   scripts/mutants.sh --shard 0/16 --sharding round-robin
# or name files:  scripts/mutants.sh -f assembler/src/frame/model.rs
# (CARGO_PROFILE_DEV_DEBUG=0 CARGO_PROFILE_TEST_DEBUG=0 make each mutant's build and link faster.)
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
  --test hostile_objects --test every_code --test x86_encode_diff --test valid_programs \
  --test i386_frame_oracle --test arm64_objects --test arm_objects --test mips64_objects \
  --test ppc64_objects --test s390x_objects --test debug_info --test i386_objects --test shared_objects
