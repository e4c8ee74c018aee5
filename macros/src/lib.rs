//! p9asm-macros: the preprocessor of Go's (Plan 9) assembler as a library.
//!
//! It reads `.s` files, follows `#include`, expands `#define` macros and evaluates
//! `#ifdef`, and hands out a flat token stream in which every token knows the span it was written
//! at and the chain of macro invocations that produced it. The same crate holds the source map and
//! the diagnostics machinery the assembler uses.

pub mod append;
pub mod diag;
pub mod expand;
pub mod headers;
pub mod lexer;
pub mod preprocess;
pub mod source;
pub mod token;

pub use diag::{Diag, Diagnostics, Level};
pub use preprocess::{Expanded, Options, preprocess_bytes, preprocess_file};
pub use source::{Expansion, ExpansionId, FileId, LineCursor, Origin, SourceMap, Span};
pub use token::{Kind, Token};
