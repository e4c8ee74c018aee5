//! nom over tokens: the [`Toks`] input type and the parse error that carries a diagnostic.

use std::iter::{Copied, Enumerate};
use std::slice::Iter;

use nom::error::{ErrorKind, ParseError};
use nom::{IResult, Input, Needed};
use p9asm_macros::{Kind, Origin, Token};

/// A slice of the expanded token stream, as nom input.
#[derive(Clone, Copy, Debug)]
pub struct Toks<'a> {
    pub t: &'a [Token],
}

impl<'a> Toks<'a> {
    pub fn new(t: &'a [Token]) -> Toks<'a> {
        Toks { t }
    }
    pub fn first(&self) -> Option<Token> {
        self.t.first().copied()
    }
    pub fn is_empty(&self) -> bool {
        self.t.is_empty()
    }
    pub fn peek_kind(&self) -> Option<Kind> {
        self.t.first().map(|t| t.kind)
    }
    pub fn at(&self, c: u8) -> bool {
        self.t.first().is_some_and(|t| t.is(c))
    }
    pub fn at_kind(&self, k: Kind) -> bool {
        self.peek_kind() == Some(k)
    }
}

impl<'a> Input for Toks<'a> {
    type Item = Token;
    type Iter = Copied<Iter<'a, Token>>;
    type IterIndices = Enumerate<Self::Iter>;

    fn input_len(&self) -> usize {
        self.t.len()
    }
    fn take(&self, index: usize) -> Self {
        Toks { t: &self.t[..index] }
    }
    fn take_from(&self, index: usize) -> Self {
        Toks { t: &self.t[index..] }
    }
    fn take_split(&self, index: usize) -> (Self, Self) {
        let (a, b) = self.t.split_at(index);
        (Toks { t: b }, Toks { t: a })
    }
    fn position<P>(&self, predicate: P) -> Option<usize>
    where
        P: Fn(Self::Item) -> bool,
    {
        self.t.iter().position(|t| predicate(*t))
    }
    fn iter_elements(&self) -> Self::Iter {
        self.t.iter().copied()
    }
    fn iter_indices(&self) -> Self::IterIndices {
        self.t.iter().copied().enumerate()
    }
    fn slice_index(&self, count: usize) -> Result<usize, Needed> {
        if self.t.len() >= count { Ok(count) } else { Err(Needed::new(count - self.t.len())) }
    }
}

/// A parse failure: where, which diagnostic code, what to say. `at` is `None` when the operand
/// ended too early; the caller then points at the operand's end.
#[derive(Clone, Debug, PartialEq)]
pub struct PErr {
    pub at: Option<Origin>,
    pub code: &'static str,
    pub msg: String,
}

impl PErr {
    pub fn new(at: Option<Origin>, code: &'static str, msg: impl Into<String>) -> PErr {
        PErr { at, code, msg: msg.into() }
    }
    pub fn at_tok(t: Option<Token>, code: &'static str, msg: impl Into<String>) -> PErr {
        PErr::new(t.map(|t| t.origin()), code, msg)
    }
}

impl<'a> ParseError<Toks<'a>> for PErr {
    fn from_error_kind(input: Toks<'a>, kind: ErrorKind) -> Self {
        PErr::at_tok(input.first(), "E0201", format!("syntax error ({kind:?})"))
    }
    fn append(_input: Toks<'a>, _kind: ErrorKind, other: Self) -> Self {
        other
    }
}

pub type PResult<'a, O> = IResult<Toks<'a>, O, PErr>;

/// Fails with a hard error (no backtracking).
pub fn fail<'a, O>(e: PErr) -> PResult<'a, O> {
    Err(nom::Err::Failure(e))
}

/// Matches one punctuation token.
pub fn punct<'a>(c: u8) -> impl Fn(Toks<'a>) -> PResult<'a, Token> {
    move |i: Toks<'a>| match i.first() {
        Some(t) if t.is(c) => Ok((i.take_from(1), t)),
        _ => Err(nom::Err::Error(PErr::at_tok(i.first(), "E0201", format!("expected '{}'", c as char)))),
    }
}

/// Matches one token of the given kind.
pub fn kind<'a>(k: Kind) -> impl Fn(Toks<'a>) -> PResult<'a, Token> {
    move |i: Toks<'a>| match i.first() {
        Some(t) if t.kind == k => Ok((i.take_from(1), t)),
        _ => Err(nom::Err::Error(PErr::at_tok(i.first(), "E0201", format!("expected {k:?}")))),
    }
}

/// Converts a nom result into the error (for both soft and hard failures).
pub fn into_err(e: nom::Err<PErr>) -> PErr {
    match e {
        nom::Err::Error(e) | nom::Err::Failure(e) => e,
        nom::Err::Incomplete(_) => PErr::new(None, "E0201", "unexpected end of operand"),
    }
}
