//! The ppc64 and ppc64le stubs as a runtime: `tests/data/runtime/runtime.c` with
//! `glue_ppc64.s`, linked with `stubs/asm_ppc64x.s` by `powerpc64-linux-gnu-gcc -static` (ELFv1,
//! entering the Go code through its `.opd` descriptors) and `powerpc64le-linux-gnu-gcc -static`
//! (ELFv2), and run under qemu-ppc64 and qemu-ppc64le (the harness and the tests are shared by
//! every architecture: `tests/common/runtime.rs`). One target per test binary: ppc64le is
//! `ppc64le_runtime.rs`.
//!
//! runtime.c is compiled with `-ffixed-r31`: Go's prologue moves LR through R31 (REGTMP) before
//! its frame exists, so the glue cannot keep C's R31 (see glue_ppc64.s).

mod common;

use common::runtime::RuntimeTarget;
use p9asm::target::GoArch;

static PPC64: RuntimeTarget = RuntimeTarget {
    goarch: GoArch::Ppc64,
    cc: "powerpc64-linux-gnu-gcc",
    cflags: &["-ffixed-r31"],
    // LR saved at 0(R1) by the prologue; callN's callee's arguments at FIXED_FRAME, 32(R1);
    // every frame a multiple of 16
    defines: &["P9_RA_IN_LR=1", "P9_ARGS_AT=32", "P9_FRAME_ALIGN=16"],
    qemu: Some("qemu-ppc64"),
    stubs: "stubs/asm_ppc64x.s",
    glue: "assembler/tests/data/runtime/glue_ppc64.s",
    // up to call1073741824 (about 2.1 GB and 15 s under qemu) when memory allows
    max_class: 30,
};

runtime_tests!(PPC64);
