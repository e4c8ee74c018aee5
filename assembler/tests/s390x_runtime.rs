//! The s390x stubs as a runtime: `tests/data/runtime/runtime.c` with `glue_s390x.s`, linked with
//! `stubs/asm_s390x.s` by `s390x-linux-gnu-gcc -static` and run under `qemu-s390x` (the harness
//! and the tests are shared by every architecture: `tests/common/runtime.rs`).

mod common;

use common::runtime::RuntimeTarget;
use p9asm::target::GoArch;

static S390X: RuntimeTarget = RuntimeTarget {
    goarch: GoArch::S390x,
    cc: "s390x-linux-gnu-gcc",
    cflags: &[],
    // LR saved at 0(R15) by the prologue; callN's callee's arguments at 8(R15), R15 8-aligned;
    // a C function's CFA is its caller's SP + 160 (the register save area)
    defines: &["P9_RA_IN_LR=1", "P9_ARGS_AT=8", "P9_FRAME_ALIGN=8", "P9_C_CFA_BIAS=160"],
    qemu: Some("qemu-s390x"),
    stubs: "stubs/asm_s390x.s",
    glue: "assembler/tests/data/runtime/glue_s390x.s",
    max_class: 30,
};

runtime_tests!(S390X);
