#!/usr/bin/env bash
# Sets everything up and runs the main job: `p9asm build stubs/`.
# Objects and archives land in target/p9asm/<arch>/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$P9ASM_ROOT"
install_deps
step "building p9asm (release, about two minutes from scratch)"
cargo build --release -p p9asm
step "p9asm build stubs/"
./target/release/p9asm build stubs/ "$@"
step "done: objects and archives are in target/p9asm/<arch>/"
