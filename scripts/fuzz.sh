#!/usr/bin/env bash
# Coverage-guided fuzzing with cargo-fuzz (libFuzzer) of the front end and of the whole
# pipeline, for a given time per target, one target after the other (or both at once with -j2).
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      default: 1800 s, frontend pipeline
# The corpus starts from every .s file of the stubs and the tests, and grows in fuzz/corpus/;
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
summary=()
for t in "${TARGETS[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  cp ../stubs/*.s ../assembler/tests/data/*.s "corpus/$t/" 2>/dev/null || true
  step "building and fuzzing $t for ${SECS}s"
  log="artifacts/$t/run.log"
  set +e
  cargo +nightly fuzz run "$t" "corpus/$t" -- -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
    -max_total_time="$SECS" -print_final_stats=1 -artifact_prefix="artifacts/$t/" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  found=$(find "artifacts/$t" -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' | wc -l)
  summary+=("$t: ${execs} executions in ${SECS}s, corpus $(ls "corpus/$t" | wc -l) inputs, ${found} findings (exit $rc)")
  if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then status=1; tail -30 "$log" >&2; fi
done
printf '%s\n' "${summary[@]}"
exit $status
