//! Tokens. A token is 20 bytes of plain data: its kind, its span (the text is read back from the
//! source file) and the macro invocation that produced it.

use crate::source::{ExpansionId, Origin, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Identifier: letters, digits, `_`, `·` (U+00B7) and `∕` (U+2215); not starting with a digit.
    Ident,
    /// Integer literal (decimal, 0x, 0o, 0b, leading-0 octal; `_` separators allowed).
    Int,
    /// Floating-point literal.
    Float,
    /// Character literal `'a'`.
    Char,
    /// String literal `"abc"`.
    Str,
    /// End of line: a statement terminator.
    Newline,
    /// `;`: a statement terminator too.
    Semi,
    /// `<<`
    Lsh,
    /// `>>`
    Rsh,
    /// `->` (ARM arithmetic shift)
    Arrow,
    /// `@>` (ARM rotate)
    Rot,
    /// `&^` (and-not; an extension over Go's assembler)
    AndNot,
    /// Any other single ASCII punctuation character, e.g. `(`, `$`, `#`, `\`.
    Punct(u8),
    /// Something the lexer already reported; the parser skips the statement quietly.
    Error,
    Eof,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub span: Span,
    pub expansion: ExpansionId,
}

impl Token {
    pub fn origin(&self) -> Origin {
        Origin { span: self.span, expansion: self.expansion }
    }
    pub fn is(&self, c: u8) -> bool {
        self.kind == Kind::Punct(c)
    }
    pub fn is_terminator(&self) -> bool {
        matches!(self.kind, Kind::Newline | Kind::Semi | Kind::Eof)
    }
}

pub fn is_ident_start(c: char) -> bool {
    c == '_' || c == '·' || c == '∕' || c.is_alphabetic()
}

pub fn is_ident_continue(c: char) -> bool {
    is_ident_start(c) || c.is_numeric()
}
