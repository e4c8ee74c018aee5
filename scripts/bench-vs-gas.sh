#!/usr/bin/env bash
# Times p9asm, GNU as and Go's assembler on the same 100k-line amd64 workload and prints ratios.
# GNU as gets the identical instruction stream: p9asm's object, disassembled by objdump.
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${1:-100000}
T=$(mktemp -d)
cargo build -q --release -p p9asm --example workload
cargo run -q --release -p p9asm --example workload -- "$LINES" > "$T/w.s"
./target/release/p9asm asm -o "$T/w.o" "$T/w.s"
objdump -d --no-show-raw-insn -M suffix "$T/w.o" \
  | awk -F'\t' 'NF>=2 && $1 ~ /^ *[0-9a-f]+:$/ {print "\t"$2}' | sed 's/ *#.*//; s/<[^>]*>//g' \
  | sed -E 's/^(\t(j[a-z]+|call[a-z]*)) +([0-9a-f]+) *$/\1 0x\3/; s/^\tjmpq /\tjmp /; s/^\tcallq /\tcall /' > "$T/w_gas.s"
python3 - "$T" <<'PY'
import subprocess, sys, time, os
t = sys.argv[1]
def best(cmd, n=7):
    times = []
    for _ in range(n):
        s = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - s)
    return min(times)
go = "/usr/lib/go-1.19/bin/go"
p9 = best(["./target/release/p9asm", "asm", "-o", f"{t}/w.o", f"{t}/w.s"])
gas = best(["as", "-o", f"{t}/w_gas.o", f"{t}/w_gas.s"])
print(f"p9asm   {p9*1000:7.1f} ms")
print(f"GNU as  {gas*1000:7.1f} ms   (p9asm is {gas/p9:.2f}x faster)")
if os.path.exists(go):
    env = dict(os.environ, GOOS="linux", GOARCH="amd64", GOCACHE=f"{t}/gocache")
    def gobest(n=5):
        times = []
        for _ in range(n):
            s = time.perf_counter()
            subprocess.run([go, "tool", "asm", "-p", "main", "-I", "/usr/lib/go-1.19/pkg/include", "-o", f"{t}/w_go.o", f"{t}/w.s"], check=True, env=env, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - s)
        return min(times)
    g = gobest()
    print(f"Go asm  {g*1000:7.1f} ms   (p9asm is {g/p9:.2f}x faster)")
PY
rm -rf "$T"
