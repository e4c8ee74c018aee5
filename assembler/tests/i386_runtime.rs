//! The 386 stubs as a runtime: `tests/data/runtime/runtime.c` with `glue_386.s`, linked with
//! `stubs/asm_386.s` by `i686-linux-gnu-gcc -static` and run natively (the kernel runs i386
//! code; qemu-i386 is not needed). The harness and the tests are shared by every architecture:
//! `tests/common/runtime.rs`.

mod common;

use common::runtime::RuntimeTarget;
use p9asm::target::GoArch;

static I386: RuntimeTarget = RuntimeTarget {
    goarch: GoArch::I386,
    cc: "i686-linux-gnu-gcc",
    cflags: &[],
    // the call pushed the return address; callN passes its callee's arguments at 0(SP)
    defines: &["P9_RA_IN_LR=0", "P9_ARGS_AT=0", "P9_FRAME_ALIGN=4"],
    qemu: None,
    stubs: "stubs/asm_386.s",
    glue: "assembler/tests/data/runtime/glue_386.s",
    max_class: 30,
};

runtime_tests!(I386);
