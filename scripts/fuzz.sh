#!/usr/bin/env bash
# Coverage-guided fuzzing with cargo-fuzz (libFuzzer) of the front end and of the whole
# pipeline, for a given time per target, all targets at once (one core each), built with
# debug assertions (overflow checks) on.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      default: 1800 s, frontend pipeline
# The corpus starts from every .s file of the stubs and the tests and from fuzz/seeds/ (one
# input per class of hostile input the assembler once mishandled), and grows in fuzz/corpus/;
# a crash leaves its input in fuzz/artifacts/<target>/ and fails the script. At the end it
# prints one line per target: executions, corpus size, findings. Needs nightly (rustup) and
# cargo-fuzz (installed from crates.io if missing).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$P9ASM_ROOT/fuzz"
use_rust
SECS=${1:-1800}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(frontend pipeline)
rustup toolchain list | grep -q '^nightly' || { echo "fuzzing needs a nightly toolchain: rustup toolchain install nightly" >&2; exit 1; }
command -v cargo-fuzz >/dev/null || { step "installing cargo-fuzz from crates.io (a minute)"; cargo install -q --locked cargo-fuzz; }
status=0
fuzz_one() {
  local t=$1
  mkdir -p "corpus/$t" "artifacts/$t"
  cp ../stubs/*.s ../assembler/tests/data/*.s seeds/*.s "corpus/$t/"
  step "fuzzing $t for ${SECS}s"
  log="artifacts/$t/run.log"
  set +e
  cargo +nightly fuzz run -O -a "$t" "corpus/$t" -- -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
    -max_total_time="$SECS" -print_final_stats=1 -artifact_prefix="artifacts/$t/" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  found=$(find "artifacts/$t" -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' | wc -l)
  echo "$t: ${execs} executions in ${SECS}s, corpus $(ls "corpus/$t" | wc -l) inputs, ${found} findings (exit $rc)" >"artifacts/$t/summary"
  if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then tail -30 "$log" >&2; return 1; fi
}
# build first (one cargo at a time), then fuzz every target at once, one core each
for t in "${TARGETS[@]}"; do
  step "building $t"
  cargo +nightly fuzz build -O -a "$t" >/dev/null 2>&1 || cargo +nightly fuzz build -O -a "$t"
done
pids=()
for t in "${TARGETS[@]}"; do fuzz_one "$t" & pids+=($!); done
for p in "${pids[@]}"; do wait "$p" || status=1; done
for t in "${TARGETS[@]}"; do cat "artifacts/$t/summary"; done
exit $status
