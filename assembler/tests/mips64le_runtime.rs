//! The mips64le stubs as a runtime: `tests/data/runtime/runtime.c` with
//! `glue_mips64.s`, linked with `stubs/asm_mips64x.s` by `mips64el-linux-gnuabi64-gcc -static` and
//! run under `qemu-mips64el` (the harness and the tests are shared by every architecture:
//! `tests/common/runtime.rs`; `mips64_runtime.rs` runs the same for mips64).

mod common;

use common::runtime::RuntimeTarget;
use p9asm::target::GoArch;

static MIPS64LE: RuntimeTarget = RuntimeTarget {
    goarch: GoArch::Mips64le,
    cc: "mips64el-linux-gnuabi64-gcc",
    // gcc's MIPS default has no unwind tables for C: libgcc's walks need them (c_fail, trace_both)
    cflags: &["-fasynchronous-unwind-tables"],
    // LR saved at 0(R29) by the prologue; callN's callee's arguments at 8(R29), R29 16-aligned
    defines: &["P9_RA_IN_LR=1", "P9_ARGS_AT=8", "P9_FRAME_ALIGN=16"],
    qemu: Some("qemu-mips64el"),
    stubs: "stubs/asm_mips64x.s",
    glue: "assembler/tests/data/runtime/glue_mips64.s",
    // call268435456: the classes above it take half a minute each under qemu (P9ASM_MIPS64_TOP_CLASS=30
    // / P9ASM_MIPS64LE_TOP_CLASS=30 runs up to call1073741824, which passes)
    max_class: 28,
};

runtime_tests!(MIPS64LE);
