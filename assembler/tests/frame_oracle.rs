//! amd64's unwind tables and stack-map section against oracles that share nothing with p9asm's
//! frame model (the method is in `common/frame_oracle.rs`): corpora `tests/data/frames_amd64.s`
//! (every frame shape, each function assembled by Go too), `tests/data/frames_amd64_traps.s`
//! and `stubs/asm_amd64.s`, walked by `frame_walk::Amd64`.

#[path = "common/cfi_dump.rs"]
mod cfi_dump;
mod common;
#[path = "common/frame_oracle.rs"]
mod frame_oracle;
#[path = "common/frame_walk.rs"]
mod frame_walk;
use common::stackmap_decode;

use p9asm::target::GoArch;

static AMD64: frame_oracle::Target = frame_oracle::Target {
    goarch: GoArch::Amd64,
    corpus: "assembler/tests/data/frames_amd64.s",
    traps: "assembler/tests/data/frames_amd64_traps.s",
    stubs: "stubs/asm_amd64.s",
    stub_funcs: 29,
    walker: &frame_walk::Amd64,
    include: &[],
    pc_reg: "RIP",
    cie: ("rsp", 8, -8),
    entry_reloc: object::elf::R_X86_64_64.0,
    rel: false,
};

frame_oracle_tests!(AMD64);
