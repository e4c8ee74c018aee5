#!/usr/bin/env bash
# Mutation testing (cargo-mutants) of the frame model, the CFI and stack-map writers, the x86
# frame pass and relocation table, the ELF writer, the per-function tables and the debug
# information: every mutant of
# those files must make a test fail. Runs the tests that guard them (the frame oracles, frame checks, every target's
# object tests (the shared CFI code behaves differently on link-register machines: a mutant in
# it that only arm64 notices was missed while only amd64's tests ran), stubs, hostile objects,
# diagnostic codes, the debug information, the frame tests against Go of arm64, arm, s390x and 386
# (pc quantum 4, big-endian and REL stack maps), the x86 differential test, the command line's
# tests (the only ones that write an object into a file: .text streamed, the image moved past
# it) and the unit tests), not the
# whole suite, and writes the report to target/mutants/mutants.out (caught.txt, missed.txt,
# unviable.txt, timeout.txt). Takes about two hours on two cores for all ~1 080 mutants (8 s to
# build each, a few seconds to test a caught one); split the work with
#   scripts/mutants.sh --shard 1/4     (then 2/4, ...)
# take a sample across every file with
#   scripts/mutants.sh --shard 0/16 --sharding round-robin
# or name files:  scripts/mutants.sh -f assembler/src/frame/model.rs
# MUTANTS_OUT=dir writes the report elsewhere (to run two file sets side by side).
# (CARGO_PROFILE_DEV_DEBUG=0 CARGO_PROFILE_TEST_DEBUG=0 make each mutant's build and link faster.)
# Extra arguments go to cargo-mutants. Installs cargo-mutants from crates.io if missing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$P9ASM_ROOT"
use_rust
command -v cargo-mutants >/dev/null || { step "installing cargo-mutants from crates.io (a few minutes)"; cargo install -q --locked cargo-mutants; }
files=(-f 'assembler/src/frame/*.rs' -f assembler/src/arch/x86/frame.rs -f assembler/src/arch/x86/reloc.rs -f assembler/src/emit/elf.rs
  -f assembler/src/emit/debuginfo.rs -f assembler/src/emit/tables.rs)
have_files=0
for a in "$@"; do [ "$a" = -f ] || [ "$a" = --file ] && have_files=1; done
[ $have_files -eq 1 ] && files=()
step "cargo mutants (the per-mutant test set is below)"
# The test set goes in as --cargo-arg so that the build phase links only these test binaries
# (about 8 s a mutant) instead of all of the package's (about 50 s).
tests=(--lib)
for t in frame_oracle frame_checks amd64_objects amd64_stubs hostile_objects every_code \
  x86_encode_diff valid_programs i386_frame_oracle arm64_objects arm_objects mips64_objects \
  ppc64_objects s390x_objects debug_info i386_objects shared_objects arm64_frames arm_frames s390x_frames \
  i386_frames cli; do
  tests+=(--test "$t")
done
cargo_args=()
for a in "${tests[@]}"; do cargo_args+=("--cargo-arg=$a"); done
P9ASM_SKIP_MEMORY=1 cargo mutants "${files[@]}" -j 2 --timeout 300 -o "${MUTANTS_OUT:-target/mutants}" "${cargo_args[@]}" "$@"
