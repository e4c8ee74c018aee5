#!/usr/bin/env bash
# p9asm against GNU as (and Go's assembler) on the same instructions, in one run: CPU time
# (user + sys), wall time and peak RSS, the median of 5 runs each, as ratios p9asm / GNU as.
#
# Workloads:
#   stream N   N lines of Go 1.19's own general-purpose amd64 instructions (2,818 lines of
#              testdata/amd64enc.s, one copy per NOSPLIT function, repeated; the filter is
#              `amd64enc_stream` in assembler/benches/workload.rs, which the stages bench uses
#              too): cargo run --example workload -- --stream N
#   workload N the generated benchmark program (cargo run --example workload N): functions with
#              stack checks, loops, calls and macros
#   one N      the stream's instructions as one function of N lines (the worst case for an
#              assembler that holds a function's instructions: p9asm does)
#   listing N  the stream with a listing: `p9asm asm -S` against `as -al` (both to /dev/null)
#   expand N   the workload's macros expanded: `p9asm expand` against `cpp -P` (GNU's preprocessor)
# GNU as gets exactly the instructions p9asm produced: p9asm's object disassembled by objdump.
#
#   scripts/bench-vs-gas.sh                  stream and workload at 100k and 1M lines, one, listing
#                                            and expand at 1M
#   scripts/bench-vs-gas.sh stream 1000000   one of them
set -euo pipefail
cd "$(dirname "$0")/.."
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cargo build -q --release -p p9asm --bin p9asm --example workload
P9=./target/release/p9asm
# the child's CPU time and peak RSS from wait4 in a small C launcher: a child forked from
# Python would report Python's own ~14 MB as its peak
gcc -O2 -o "$T/measure" scripts/measure.c

make_input() { # kind lines out.s
  case "$1" in
    stream) ./target/release/examples/workload --stream "$2" > "$3" ;;
    workload) ./target/release/examples/workload "$2" > "$3" ;;
    one) { echo 'TEXT ·one(SB), 4, $0'; ./target/release/examples/workload --stream "$2" | grep -v -e '^TEXT' -e RET; echo '	RET'; } > "$3" ;;
    listing) make_input stream "$2" "$3" ;;
    expand) make_input workload "$2" "$3" ;;
  esac
}

to_gas() { # p9asm object -> GNU as source of the same instructions
  objdump -d --no-show-raw-insn -M suffix "$1" \
    | awk -F'\t' 'NF>=2 && $1 ~ /^ *[0-9a-f]+:$/ {print "\t"$2}' | sed 's/ *#.*//; s/<[^>]*>//g' \
    | sed -E 's/^(\t(j[a-z]+|call[a-z]*)) +([0-9a-f]+) *$/\1 0x\3/; s/^\tjmpq /\tjmp /; s/^\tcallq /\tcall /' > "$2"
}

run_one() { # kind lines
  local kind=$1 lines=$2
  make_input "$kind" "$lines" "$T/in.s"
  $P9 asm -o "$T/p9.o" "$T/in.s"
  to_gas "$T/p9.o" "$T/gas.s"
  python3 - "$T" "$kind" "$lines" <<'PY'
import os, subprocess, sys, time, statistics
t, kind, lines = sys.argv[1], sys.argv[2], int(sys.argv[3])
def measure(cmd, n=5, env=None):
    cpu, wall, rss = [], [], []
    for _ in range(n):
        # the command's own stdout (a listing, an expansion) goes to /dev/null
        out = subprocess.run([f"{t}/measure", "--null-stdout"] + cmd, check=True, capture_output=True, text=True, env=env).stdout
        c, w, kb, code = out.split()
        assert code == "0", (cmd, out)
        cpu.append(float(c)); wall.append(float(w)); rss.append(int(kb) / 1024)
    return statistics.median(cpu), statistics.median(wall), statistics.median(rss)
if kind == "listing":
    p9 = measure(["./target/release/p9asm", "asm", "-S", "-o", f"{t}/p9.o", f"{t}/in.s"])
    gas = measure(["as", "-al=/dev/null", "-o", f"{t}/gas.o", f"{t}/gas.s"])
elif kind == "expand":
    # cpp gets the same file (its #include is found through -I); Go's assembler has no such mode
    p9 = measure(["./target/release/p9asm", "expand", f"{t}/in.s"])
    gas = measure(["cpp", "-P", "-I", "/usr/lib/go-1.19/pkg/include", "-I", "assembler/tests/data", f"{t}/in.s"])
else:
    p9 = measure(["./target/release/p9asm", "asm", "-o", f"{t}/p9.o", f"{t}/in.s"])
    gas = measure(["as", "-o", f"{t}/gas.o", f"{t}/gas.s"])
what = {"listing": "p9asm asm -S / as -al", "expand": "p9asm expand / cpp -P"}.get(kind, "p9asm / GNU as")
print(f"{kind} {lines} lines")
print(f"  p9asm   cpu {p9[0]*1000:8.1f} ms  wall {p9[1]*1000:8.1f} ms  rss {p9[2]:7.1f} MB")
other = {"listing": "as -al", "expand": "cpp -P"}.get(kind, "GNU as")
print(f"  {other:<7} cpu {gas[0]*1000:8.1f} ms  wall {gas[1]*1000:8.1f} ms  rss {gas[2]:7.1f} MB")
print(f"  ratio {what}: cpu {p9[0]/gas[0]:.2f}  wall {p9[1]/gas[1]:.2f}  rss {p9[2]/gas[2]:.2f}")
go = "/usr/lib/go-1.19/bin/go"
if os.path.exists(go) and kind not in ("listing", "expand"):
    env = dict(os.environ, GOOS="linux", GOARCH="amd64", GOCACHE=f"{t}/gocache")
    g = measure([go, "tool", "asm", "-p", "main", "-I", "/usr/lib/go-1.19/pkg/include", "-o", f"{t}/go.o", f"{t}/in.s"], n=3, env=env)
    print(f"  Go asm  cpu {g[0]*1000:8.1f} ms  wall {g[1]*1000:8.1f} ms  rss {g[2]:7.1f} MB  (ratio p9asm/Go: cpu {p9[0]/g[0]:.2f})")
PY
}

if [ $# -ge 1 ]; then
  run_one "$1" "${2:-100000}"
else
  for kind in stream workload; do
    for n in 100000 1000000; do run_one "$kind" "$n"; done
  done
  run_one one 1000000
  run_one listing 1000000
  run_one expand 1000000
fi
