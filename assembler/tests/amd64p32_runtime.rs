//! The amd64p32 stubs as a runtime. This machine cannot run x32 executables, so the x32 objects
//! of `stubs/asm_amd64p32.s` and `tests/data/runtime/glue_amd64p32.s` are converted to
//! elf64-x86-64 (`common::x32_to_elf64`) and linked with `tests/data/runtime/runtime.c` built
//! for x86-64 with 4-byte Go words (`P9_WORD32`) by `gcc -static -no-pie`; the modes run on a
//! stack below 2 GiB with argument frames from an arena in the same `MAP_32BIT` mapping
//! (`P9_LOW_STACK`), so every pointer the Go code sees
//! fits its 32-bit registers, as in an x32 process. The tests are the shared ones
//! (`tests/common/runtime.rs`).

mod common;

use common::runtime::RuntimeTarget;
use p9asm::target::GoArch;

static AMD64P32: RuntimeTarget = RuntimeTarget {
    goarch: GoArch::Amd64p32,
    cc: "gcc",
    cflags: &["-no-pie"],
    // the call pushed an 8-byte return address; callN passes its callee's arguments at 0(SP)
    defines: &["P9_RA_IN_LR=0", "P9_ARGS_AT=0", "P9_FRAME_ALIGN=8", "P9_WORD32=1", "P9_LOW_STACK=1"],
    qemu: None,
    stubs: "stubs/asm_amd64p32.s",
    glue: "assembler/tests/data/runtime/glue_amd64p32.s",
    // one MAP_32BIT mapping holds the argument arena and the stack (2 × 2^k + 80 MiB); the
    // kernel's MAP_32BIT window is 1 GiB (0x40000000..0x80000000), which brk can share when the
    // binary is static, so call134217728 (328 MiB) is the largest class with a wide margin
    max_class: 27,
};

runtime_tests!(AMD64P32);
