//! Output: fixups and relocations, ELF objects, archives, `-S` listings.

pub mod archive;
pub mod debuginfo;
pub mod elf;
pub mod field;
pub mod fixup;
pub mod listing;
pub mod output;
pub mod span;
pub mod tables;
