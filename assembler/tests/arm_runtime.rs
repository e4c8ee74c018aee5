//! The arm stubs as a runtime: `tests/data/runtime/runtime.c` with `glue_arm.s`, linked with
//! `stubs/asm_arm.s` by `arm-linux-gnueabihf-gcc -static` (a Thumb-2 harness calling ARM-mode
//! Go code: the stubs' symbols are STT_FUNC, so the linker makes the calls BLX) and run under
//! `qemu-arm` (the harness and the tests are shared by every architecture:
//! `tests/common/runtime.rs`). libgcc's arm unwinder reads the `.ARM.exidx` entries p9asm
//! lowers from the frame model.

mod common;

use common::runtime::RuntimeTarget;
use p9asm::target::GoArch;

static ARM: RuntimeTarget = RuntimeTarget {
    goarch: GoArch::Arm,
    cc: "arm-linux-gnueabihf-gcc",
    // armhf gcc gives C no unwind entries by default (EXIDX_CANTUNWIND at best): the harness's
    // own frames must be unwindable for libgcc to walk from the callee to main
    cflags: &["-funwind-tables"],
    // LR saved at 0(R13) by the prologue; callN's callee's arguments at 4(R13); callN's SP is
    // 4 mod 8 (its frame is MAXSIZE+4); AAPCS's fifth argument goes through p9_arg5
    defines: &["P9_RA_IN_LR=1", "P9_ARGS_AT=4", "P9_FRAME_ALIGN=4", "P9_ARG5_IN_GLOBAL=1"],
    qemu: Some("qemu-arm"),
    stubs: "stubs/asm_arm.s",
    glue: "assembler/tests/data/runtime/glue_arm.s",
    max_class: 28,
};

runtime_tests!(ARM);
