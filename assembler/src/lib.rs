//! p9asm: a Plan 9 (Go-syntax) assembler that writes standard ELF relocatable objects.
//!
//! The pipeline follows Go's cmd/asm + cmd/internal/obj: the preprocessor
//! ([`p9asm_macros`]) expands the source, [`syntax`] builds an arch-neutral [`prog::Program`],
//! [`flush`] does Go's FUNCDATA bookkeeping, each [`arch::Arch`] lays out frames and encodes,
//! and [`emit`] writes the ELF object (with [`frame`]'s unwind tables and stack maps).

pub mod arch;
pub mod build_script;
pub mod console;
pub mod driver;
pub mod emit;
pub mod flush;
pub mod frame;
pub mod pass;
pub mod prog;
pub mod sym;
pub mod symabis;
pub mod syntax;
pub mod target;

pub use build_script::Build;
pub use driver::{AsmOptions, Assembled, assemble_file, assemble_file_to, assemble_source, assemble_source_to};
pub use p9asm_macros::{Diagnostics, SourceMap};
pub use target::GoArch;
