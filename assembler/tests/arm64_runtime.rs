//! The arm64 stubs as a runtime, the arm64 counterpart of `linker-tests` on amd64:
//! `tests/data/runtime/runtime.c` with `glue_arm64.s`, linked with `stubs/asm_arm64.s` by
//! `aarch64-linux-gnu-gcc -static` and run under `qemu-aarch64` (the harness and the tests are
//! shared by every architecture: `tests/common/runtime.rs`).

mod common;

use common::runtime::RuntimeTarget;
use p9asm::target::GoArch;

static ARM64: RuntimeTarget = RuntimeTarget {
    goarch: GoArch::Arm64,
    cc: "aarch64-linux-gnu-gcc",
    cflags: &[],
    // LR saved at 0(RSP) by the prologue; callN's callee's arguments at 8(RSP), RSP 16-aligned
    defines: &["P9_RA_IN_LR=1", "P9_ARGS_AT=8", "P9_FRAME_ALIGN=16"],
    qemu: Some("qemu-aarch64"),
    stubs: "stubs/asm_arm64.s",
    glue: "assembler/tests/data/runtime/glue_arm64.s",
    max_class: 30,
};

runtime_tests!(ARM64);
