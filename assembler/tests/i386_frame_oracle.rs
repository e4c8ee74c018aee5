//! 386's unwind tables and stack-map section against the oracles of `common/frame_oracle.rs`
//! (the machine-code walk, both CFI dumpers, `.debug_frame`, Go's 386 pc tables), with the
//! i386 walker of `common/frame_walk.rs`. Corpora: `tests/data/frames_386.s`,
//! `tests/data/frames_386_traps.s` and `stubs/asm_386.s` (which include the runtime's headers).

#[path = "common/cfi_dump.rs"]
mod cfi_dump;
mod common;
#[path = "common/frame_oracle.rs"]
mod frame_oracle;
#[path = "common/frame_walk.rs"]
mod frame_walk;
use common::stackmap_decode;

use p9asm::target::GoArch;

static I386: frame_oracle::Target = frame_oracle::Target {
    goarch: GoArch::I386,
    corpus: "assembler/tests/data/frames_386.s",
    traps: "assembler/tests/data/frames_386_traps.s",
    stubs: "stubs/asm_386.s",
    stub_funcs: 30, // reflect.call, reflectcall, callRet and 27 callN
    walker: &frame_walk::I386,
    include: &["/usr/lib/go-1.19/pkg/include", "/usr/lib/go-1.19/src/runtime"],
    pc_reg: "EIP",
    cie: ("esp", 4, -4),
    entry_reloc: object::elf::R_386_32.0,
    rel: true,
};

frame_oracle_tests!(I386);
