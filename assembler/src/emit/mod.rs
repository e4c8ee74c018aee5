//! Output: fixups and relocations, ELF objects, archives, `-S` listings.

pub mod archive;
pub mod elf;
pub mod fixup;
pub mod listing;
pub mod output;
