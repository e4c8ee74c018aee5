//! The ppc64le stubs as a runtime (ELFv2): the same harness as `ppc64_runtime.rs` (which
//! explains it), linked by `powerpc64le-linux-gnu-gcc -static` and run under qemu-ppc64le.

mod common;

use common::runtime::RuntimeTarget;
use p9asm::target::GoArch;

static PPC64LE: RuntimeTarget = RuntimeTarget {
    goarch: GoArch::Ppc64le,
    cc: "powerpc64le-linux-gnu-gcc",
    cflags: &["-ffixed-r31"],
    // LR saved at 0(R1) by the prologue; callN's callee's arguments at FIXED_FRAME, 32(R1);
    // every frame a multiple of 16
    defines: &["P9_RA_IN_LR=1", "P9_ARGS_AT=32", "P9_FRAME_ALIGN=16"],
    qemu: Some("qemu-ppc64le"),
    stubs: "stubs/asm_ppc64x.s",
    glue: "assembler/tests/data/runtime/glue_ppc64.s",
    // up to call1073741824 (about 2.1 GB and 15 s under qemu) when memory allows
    max_class: 30,
};

runtime_tests!(PPC64LE);
