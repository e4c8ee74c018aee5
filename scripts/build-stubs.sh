#!/usr/bin/env bash
# Sets everything up and runs the main job: `p9asm build stubs/`.
# Objects and archives land in target/p9asm/<arch>/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cargo build --release -p p9asm
./target/release/p9asm build stubs/ "$@"
