//! The tokenizer: Go's `text/scanner` in the configuration cmd/asm uses (newline is a token, no
//! raw strings, `·` and `∕` are identifier runes, the two-character operators `<<` `>>` `->` `@>`),
//! plus `&^`. Comments are dropped. A whole file is tokenized when it is loaded.

use crate::diag::{Diag, Diagnostics};
use crate::source::{ExpansionId, FileId, Span};
use crate::token::{Kind, Token, is_ident_continue, is_ident_start};

/// Byte used in place of each byte of an invalid UTF-8 sequence, so that offsets stay exact.
/// It is a valid character too (a file may hold a literal U+001A), so [`decode`] also returns
/// where it stands for bad bytes; the lexer reports each such run (E0101) and every literal
/// U+001A (E0102), and turns both into [`Kind::Error`] tokens.
pub const INVALID_BYTE: char = '\u{1a}';

/// A run of adjacent invalid UTF-8 bytes: byte range in the decoded text and the first bad byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadRun {
    pub start: u32,
    pub end: u32,
    pub first: u8,
}

/// Decodes file bytes, replacing each byte of invalid UTF-8 by [`INVALID_BYTE`] so spans still
/// match the file, and returns the runs of replaced bytes (in order; empty for valid UTF-8).
/// The caller must keep files below 4 GiB (the preprocessor caps them far lower).
pub fn decode(bytes: Vec<u8>) -> (String, Vec<BadRun>) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, Vec::new()),
        Err(e) => {
            let bytes = e.into_bytes();
            let mut out = String::with_capacity(bytes.len());
            let mut pos = 0usize;
            let mut runs: Vec<BadRun> = Vec::new();
            for chunk in bytes.utf8_chunks() {
                out.push_str(chunk.valid());
                pos += chunk.valid().len();
                let bad = chunk.invalid();
                if !bad.is_empty() {
                    let (start, end) = (pos as u32, (pos + bad.len()) as u32);
                    match runs.last_mut() {
                        Some(r) if r.end == start => r.end = end,
                        _ => runs.push(BadRun { start, end, first: bad[0] }),
                    }
                    for _ in bad {
                        out.push(INVALID_BYTE);
                    }
                    pos += bad.len();
                }
            }
            (out, runs)
        }
    }
}

/// What the tokenizer saw besides tokens.
#[derive(Default, Debug)]
pub struct LexFacts {
    /// Newline tokens (by index into the token vector) that end a `//` comment whose last
    /// character is `\`: inside a `#define` such a line silently ends the macro in Go.
    pub comment_backslash_newlines: Vec<usize>,
}

/// Tokenizes a whole file. Errors go to `diags`; the token stream always ends with [`Kind::Eof`].
pub fn tokenize(text: &str, file: FileId, diags: &mut Diagnostics) -> (Vec<Token>, LexFacts) {
    let mut lx = Lexer {
        b: text.as_bytes(),
        text,
        pos: 0,
        file,
        toks: Vec::with_capacity(text.len() / 6 + 1),
        facts: LexFacts::default(),
        comment_backslash: false,
        limit: usize::MAX,
        bad: &[],
        bad_idx: 0,
    };
    lx.start(diags);
    lx.run(diags);
    (lx.toks, lx.facts)
}

/// Tokenizes a file a chunk at a time, so a file's tokens never all exist at once: the
/// preprocessor reads from this, and only its output is kept.
#[derive(Debug)]
pub struct LazyLexer {
    text: std::sync::Arc<crate::source::SourceText>,
    /// Where [`decode`] replaced invalid UTF-8, and how many of those runs are reported.
    bad: std::sync::Arc<[BadRun]>,
    bad_idx: usize,
    file: FileId,
    pos: usize,
    comment_backslash: bool,
    buf: Vec<Token>,
    facts: LexFacts,
    idx: usize,
    /// Tokens lexed so far (the macro-expansion budget is proportional to it).
    pub lexed: usize,
}

/// Tokens lexed per refill.
const CHUNK: usize = 4096;

impl LazyLexer {
    /// A lexer over `text`; `bad` are the invalid-UTF-8 runs [`decode`] found in it.
    pub fn new(
        text: std::sync::Arc<crate::source::SourceText>,
        bad: Vec<BadRun>,
        file: FileId,
        diags: &mut Diagnostics,
    ) -> LazyLexer {
        let mut lx = LazyLexer {
            text,
            bad: bad.into(),
            bad_idx: 0,
            file,
            pos: 0,
            comment_backslash: false,
            buf: Vec::new(),
            facts: LexFacts::default(),
            idx: 0,
            lexed: 0,
        };
        let text = lx.text.clone();
        let bad = lx.bad.clone();
        let mut l = lx.lexer(&text, &bad);
        l.start(diags);
        lx.pos = l.pos;
        if l.toks.last().is_some_and(|t| t.kind == Kind::Eof) {
            lx.buf = l.toks;
        }
        lx
    }

    fn lexer<'a>(&mut self, text: &'a str, bad: &'a [BadRun]) -> Lexer<'a> {
        Lexer {
            bad,
            bad_idx: self.bad_idx,
            b: text.as_bytes(),
            text,
            pos: self.pos,
            file: self.file,
            toks: std::mem::take(&mut self.buf),
            facts: std::mem::take(&mut self.facts),
            comment_backslash: self.comment_backslash,
            limit: CHUNK,
        }
    }

    fn refill(&mut self, diags: &mut Diagnostics) {
        let text = self.text.clone();
        let bad = self.bad.clone();
        let mut l = self.lexer(&text, &bad);
        l.toks.clear();
        l.facts.comment_backslash_newlines.clear();
        l.run(diags);
        self.lexed += l.toks.len();
        self.pos = l.pos;
        self.comment_backslash = l.comment_backslash;
        self.bad_idx = l.bad_idx;
        self.buf = l.toks;
        self.facts = l.facts;
        self.idx = 0;
    }

    /// The next token, without consuming it.
    pub fn peek(&mut self, diags: &mut Diagnostics) -> Token {
        if self.idx >= self.buf.len() {
            self.refill(diags);
        }
        self.buf[self.idx]
    }

    /// The next token; `Eof` is returned again and again at the end.
    pub fn next(&mut self, diags: &mut Diagnostics) -> Token {
        let t = self.peek(diags);
        if t.kind != Kind::Eof {
            self.idx += 1;
        }
        t
    }

    /// Whether the next token is a newline that ends a `//` comment whose last character is `\`.
    pub fn at_backslash_comment_newline(&self) -> bool {
        self.facts.comment_backslash_newlines.binary_search(&self.idx).is_ok()
    }

    /// The tokens ready in the buffer (for a fast copy), consumed by [`LazyLexer::advance`].
    pub fn ready(&mut self, diags: &mut Diagnostics) -> &[Token] {
        if self.idx >= self.buf.len() {
            self.refill(diags);
        }
        &self.buf[self.idx..]
    }
    pub fn advance(&mut self, n: usize) {
        self.idx += n;
    }

    /// Skips the rest of the file (after an error that makes the rest meaningless).
    pub fn exhaust(&mut self) {
        let end = self.text.len() as u32;
        self.buf = vec![Token { kind: Kind::Eof, span: Span::new(self.file, end, end), expansion: ExpansionId::NONE }];
        self.facts = LexFacts::default();
        self.idx = 0;
        self.pos = self.text.len();
    }
}

struct Lexer<'a> {
    b: &'a [u8],
    text: &'a str,
    pos: usize,
    file: FileId,
    toks: Vec<Token>,
    facts: LexFacts,
    /// The current line's `//` comment ends in `\` (see [`LexFacts`]).
    comment_backslash: bool,
    /// Pause once this many tokens are in `toks` (lazy lexing).
    limit: usize,
    /// Runs of invalid UTF-8 (see [`decode`]); those before `bad_idx` are reported.
    bad: &'a [BadRun],
    bad_idx: usize,
}

impl Lexer<'_> {
    fn push(&mut self, kind: Kind, start: usize) {
        self.toks.push(Token {
            kind,
            span: Span::new(self.file, start as u32, self.pos as u32),
            expansion: ExpansionId::NONE,
        });
    }
    fn span(&self, start: usize) -> Span {
        Span::new(self.file, start as u32, self.pos as u32)
    }

    /// Checks the file's size and skips a byte-order mark; a file too large becomes just `Eof`.
    fn start(&mut self, diags: &mut Diagnostics) {
        if self.text.len() > u32::MAX as usize - 1 {
            diags.push(Diag::error("E0128", None, "source file larger than 4 GiB"));
            self.pos = self.b.len();
            self.push(Kind::Eof, 0);
            return;
        }
        if self.text.starts_with('\u{feff}') {
            self.pos = 3;
        }
    }

    fn run(&mut self, diags: &mut Diagnostics) {
        if self.toks.last().is_some_and(|t| t.kind == Kind::Eof) {
            return;
        }
        let mut comment_backslash = self.comment_backslash;
        while self.pos < self.b.len() {
            if self.toks.len() >= self.limit {
                self.comment_backslash = comment_backslash;
                return;
            }
            let start = self.pos;
            let c = self.b[self.pos];
            match c {
                // Go's whitespace is exactly these three (text/scanner as cmd/asm sets it up):
                // a form feed or vertical tab is an unexpected character, as in Go
                b' ' | b'\t' | b'\r' => {
                    self.pos += 1;
                    while self.pos < self.b.len() && matches!(self.b[self.pos], b' ' | b'\t' | b'\r') {
                        self.pos += 1;
                    }
                }
                b'\n' => {
                    self.pos += 1;
                    if comment_backslash {
                        self.facts.comment_backslash_newlines.push(self.toks.len());
                        comment_backslash = false;
                    }
                    self.push(Kind::Newline, start);
                }
                b'/' if self.peek(1) == Some(b'/') => {
                    let end = memchr(b'\n', &self.b[self.pos..]).map(|i| self.pos + i).unwrap_or(self.b.len());
                    let body = self.text[self.pos..end].trim_end_matches('\r');
                    comment_backslash = body.ends_with('\\');
                    self.pos = end;
                    self.report_bad_utf8(diags);
                }
                b'/' if self.peek(1) == Some(b'*') => {
                    match find(&self.b[self.pos + 2..], b"*/") {
                        Some(i) => self.pos += 2 + i + 2,
                        None => {
                            self.pos = self.b.len();
                            diags.push(Diag::error(
                                "E0103",
                                Span::new(self.file, start as u32, start as u32 + 2),
                                "comment not terminated: this /* has no */",
                            ));
                        }
                    }
                    self.report_bad_utf8(diags);
                }
                b'0'..=b'9' => self.number(diags),
                b'.' if matches!(self.peek(1), Some(b'0'..=b'9')) => self.number(diags),
                b'"' => self.quoted(b'"', Kind::Str, diags),
                b'\'' => self.quoted(b'\'', Kind::Char, diags),
                b'`' => {
                    // cmd/asm does not scan raw strings: a backquote is a plain character
                    self.pos += 1;
                    self.push(Kind::Punct(b'`'), start);
                }
                b'<' if self.peek(1) == Some(b'<') => self.two(Kind::Lsh),
                b'>' if self.peek(1) == Some(b'>') => self.two(Kind::Rsh),
                b'-' if self.peek(1) == Some(b'>') => self.two(Kind::Arrow),
                b'@' if self.peek(1) == Some(b'>') => self.two(Kind::Rot),
                b'&' if self.peek(1) == Some(b'^') => self.two(Kind::AndNot),
                b';' => {
                    self.pos += 1;
                    self.push(Kind::Semi, start);
                }
                b'a'..=b'z' | b'A'..=b'Z' | b'_' => self.ident(),
                0x21..=0x7e => {
                    self.pos += 1;
                    self.push(Kind::Punct(c), start);
                }
                0x1a => {
                    // either a run of invalid UTF-8 that `decode` replaced, or a literal U+001A
                    match self.bad.get(self.bad_idx) {
                        Some(r) if r.start as usize == start => {
                            self.pos = r.end as usize;
                            self.report_bad_utf8(diags);
                        }
                        next => {
                            let stop = next.map_or(self.b.len(), |r| r.start as usize);
                            while self.pos < stop && self.b[self.pos] == 0x1a {
                                self.pos += 1;
                            }
                            diags.push(Diag::error("E0102", self.span(start), "unexpected control character 0x1a"));
                        }
                    }
                    self.push(Kind::Error, start);
                }
                0x80.. => {
                    let ch = self.text[self.pos..].chars().next().unwrap_or('\u{fffd}');
                    if is_ident_start(ch) {
                        self.ident();
                    } else {
                        self.pos += ch.len_utf8();
                        diags.push(Diag::error(
                            "E0102",
                            self.span(start),
                            format!("unexpected character {:?} (U+{:04X})", ch, ch as u32),
                        ));
                        self.push(Kind::Error, start);
                    }
                }
                _ => {
                    // control characters, NUL
                    self.pos += 1;
                    while self.pos < self.b.len() && self.b[self.pos] == c {
                        self.pos += 1;
                    }
                    diags.push(Diag::error(
                        "E0102",
                        self.span(start),
                        format!("unexpected control character 0x{c:02x}"),
                    ));
                    self.push(Kind::Error, start);
                }
            }
        }
        self.comment_backslash = comment_backslash;
        let end = self.b.len();
        self.pos = end;
        self.report_bad_utf8(diags);
        self.push(Kind::Eof, end);
    }

    fn peek(&self, n: usize) -> Option<u8> {
        self.b.get(self.pos + n).copied()
    }

    /// Reports every run of invalid UTF-8 that starts before `pos` and is not reported yet;
    /// returns whether there was one. Every run is reported (the diagnostics list keeps only
    /// the first few errors, but counts all), so no statement holding one is dropped silently.
    fn report_bad_utf8(&mut self, diags: &mut Diagnostics) -> bool {
        let mut any = false;
        while let Some(r) = self.bad.get(self.bad_idx).filter(|r| (r.start as usize) < self.pos) {
            let msg = if diags.too_many() {
                String::new() // counted, not kept: no message to build
            } else {
                format!("invalid UTF-8 byte 0x{:02x} (is this a binary file?)", r.first)
            };
            diags.push(Diag::error("E0101", Span::new(self.file, r.start, r.end), msg));
            self.bad_idx += 1;
            any = true;
        }
        any
    }

    fn two(&mut self, k: Kind) {
        let start = self.pos;
        self.pos += 2;
        self.push(k, start);
    }

    fn ident(&mut self) {
        let start = self.pos;
        while self.pos < self.b.len() {
            let c = self.b[self.pos];
            if ASCII_IDENT[c as usize] {
                self.pos += 1;
            } else if c >= 0x80 {
                let ch = self.text[self.pos..].chars().next().unwrap_or(' ');
                if is_ident_continue(ch) {
                    self.pos += ch.len_utf8();
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        self.push(Kind::Ident, start);
    }

    fn number(&mut self, diags: &mut Diagnostics) {
        let start = self.pos;
        let b = self.b;
        let mut kind = Kind::Int;
        let mut bad: Option<String> = None;
        let radix = if b[self.pos] == b'0' {
            match b.get(self.pos + 1).map(|c| c.to_ascii_lowercase()) {
                Some(b'x') => {
                    self.pos += 2;
                    16
                }
                Some(b'o') => {
                    self.pos += 2;
                    8
                }
                Some(b'b') => {
                    self.pos += 2;
                    2
                }
                _ => 10,
            }
        } else {
            10
        };
        let digits_start = self.pos;
        let is_digit = |c: u8| match radix {
            16 => c.is_ascii_hexdigit(),
            8 => matches!(c, b'0'..=b'7'),
            2 => matches!(c, b'0' | b'1'),
            _ => c.is_ascii_digit(),
        };
        while self.pos < b.len() && (is_digit(b[self.pos]) || b[self.pos] == b'_') {
            self.pos += 1;
        }
        let mut ndigits = self.pos - digits_start;
        if radix == 10 || radix == 16 {
            if self.pos < b.len() && b[self.pos] == b'.' {
                kind = Kind::Float;
                self.pos += 1;
                let f0 = self.pos;
                while self.pos < b.len() && (is_digit(b[self.pos]) || b[self.pos] == b'_') {
                    self.pos += 1;
                }
                ndigits += self.pos - f0;
            }
            let exp = if radix == 16 { b'p' } else { b'e' };
            if self.pos < b.len() && b[self.pos].to_ascii_lowercase() == exp {
                kind = Kind::Float;
                self.pos += 1;
                if self.pos < b.len() && (b[self.pos] == b'+' || b[self.pos] == b'-') {
                    self.pos += 1;
                }
                let e0 = self.pos;
                while self.pos < b.len() && b[self.pos].is_ascii_digit() {
                    self.pos += 1;
                }
                if self.pos == e0 {
                    bad = Some("exponent has no digits".into());
                }
            }
        }
        if ndigits == 0 && bad.is_none() {
            bad = Some(format!("{} literal has no digits", radix_name(radix)));
        }
        // a number running straight into letters or digits of the wrong base (`08`, `0b12`, `12ab`)
        while self.pos < b.len() && (b[self.pos].is_ascii_alphanumeric() || b[self.pos] == b'_') {
            if bad.is_none() {
                bad = Some(format!("invalid digit {:?} in {} literal", b[self.pos] as char, radix_name(radix)));
            }
            self.pos += 1;
        }
        let text = &self.text[start..self.pos];
        if bad.is_none() && kind == Kind::Int && radix == 10 && text.len() > 1 && text.starts_with('0') {
            // Go: a leading 0 means octal
            if let Some(c) = text.bytes().find(|c| matches!(c, b'8' | b'9')) {
                bad = Some(format!("invalid digit {:?} in octal literal", c as char));
            }
        }
        if bad.is_none() && (text.ends_with('_') || text.contains("__")) {
            bad = Some("'_' must separate successive digits".into());
        }
        match bad {
            Some(msg) => {
                diags.push(Diag::error("E0105", self.span(start), msg));
                self.push(Kind::Error, start);
            }
            None => self.push(kind, start),
        }
    }

    fn quoted(&mut self, q: u8, kind: Kind, diags: &mut Diagnostics) {
        let start = self.pos;
        self.pos += 1;
        loop {
            match self.b.get(self.pos) {
                None | Some(b'\n') => {
                    let what = if q == b'"' { "string" } else { "character" };
                    diags.push(Diag::error("E0104", self.span(start), format!("{what} literal not terminated")));
                    self.report_bad_utf8(diags);
                    self.push(Kind::Error, start);
                    return;
                }
                // an escape never swallows the newline (Go: "literal not terminated")
                Some(b'\\') if self.peek(1) != Some(b'\n') => self.pos += 2.min(self.b.len() - self.pos),
                Some(b'\\') => self.pos += 1,
                Some(&c) if c == q => {
                    self.pos += 1;
                    break;
                }
                Some(_) => self.pos += 1,
            }
        }
        // a literal holding invalid UTF-8 is reported here and never evaluated
        let bad = self.report_bad_utf8(diags);
        self.push(if bad { Kind::Error } else { kind }, start);
    }
}

/// ASCII bytes that continue an identifier.
static ASCII_IDENT: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 128 {
        t[c] = (c as u8).is_ascii_alphanumeric() || c as u8 == b'_';
        c += 1;
    }
    t
};

fn radix_name(r: u32) -> &'static str {
    match r {
        16 => "hexadecimal",
        8 => "octal",
        2 => "binary",
        _ => "decimal",
    }
}

fn memchr(c: u8, b: &[u8]) -> Option<usize> {
    b.iter().position(|&x| x == c)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// One character of a quoted literal, as Go's `strconv.UnquoteChar` reads it: the value, whether
/// it is a Unicode code point to be written as UTF-8 (`false` for a plain ASCII character and for
/// the byte escapes `\xHH` and `\NNN`), and how many bytes of `s` it took. `quote` is the
/// literal's quote: `\'` is an escape only in a character literal, `\"` only in a string, and
/// the quote itself must be escaped.
pub fn unquote_char(s: &str, quote: u8) -> Result<(u32, bool, usize), String> {
    let b = s.as_bytes();
    let Some(&c) = b.first() else {
        return Err("literal ends too early".into());
    };
    if c == quote {
        return Err(format!("unescaped {} inside the literal", quote as char));
    }
    if c >= 0x80 {
        let ch = s.chars().next().unwrap_or('\u{fffd}');
        return Ok((ch as u32, true, ch.len_utf8()));
    }
    if c != b'\\' {
        return Ok((c as u32, false, 1));
    }
    let Some(&e) = b.get(1) else {
        return Err("escape at end of literal".into());
    };
    let simple = match e {
        b'a' => Some(7),
        b'b' => Some(8),
        b'f' => Some(12),
        b'n' => Some(10),
        b'r' => Some(13),
        b't' => Some(9),
        b'v' => Some(11),
        b'\\' => Some(b'\\'),
        b'\'' | b'"' if e == quote => Some(e),
        _ => None,
    };
    if let Some(v) = simple {
        return Ok((v as u32, false, 2));
    }
    let digits = |n: usize, radix: u32| -> Result<u32, String> {
        let d = b.get(2..2 + n).ok_or_else(|| format!("escape \\{} needs {n} digits", e as char))?;
        d.iter().try_fold(0u32, |v, &c| match (c as char).to_digit(radix) {
            Some(x) => Ok(v * radix + x),
            None => Err(format!("escape \\{} needs {n} digits of base {radix}, found {:?}", e as char, c as char)),
        })
    };
    match e {
        b'x' => Ok((digits(2, 16)?, false, 4)),
        b'u' | b'U' => {
            let n = if e == b'u' { 4 } else { 8 };
            let v = digits(n, 16)?;
            if (0xd800..0xe000).contains(&v) {
                return Err(format!("escape \\{}{v:0n$x} is a surrogate half, not a character", e as char));
            }
            if v > 0x10ffff {
                return Err(format!("escape \\{}{v:0n$x} is beyond U+10FFFF", e as char));
            }
            Ok((v, true, 2 + n))
        }
        b'0'..=b'7' => {
            // one digit here and exactly two more: \NNN up to \377
            let d = b.get(2..4).ok_or("octal escape needs 3 digits")?;
            let mut v = (e - b'0') as u32;
            for &c in d {
                if !(b'0'..=b'7').contains(&c) {
                    return Err(format!("octal escape needs 3 octal digits, found {:?}", c as char));
                }
                v = v * 8 + (c - b'0') as u32;
            }
            if v > 255 {
                return Err(format!("octal escape \\{v:o} is greater than \\377"));
            }
            Ok((v, false, 4))
        }
        b'\'' | b'"' => {
            let other = if quote == b'"' { "string" } else { "character constant" };
            Err(format!("unknown escape sequence \\{} in a {other}", e as char))
        }
        _ => {
            let shown = s[1..].chars().next().unwrap_or(' ');
            Err(format!("unknown escape sequence \\{shown}"))
        }
    }
}

/// Decodes a Go string literal (with its quotes) as `strconv.Unquote` does. Returns the bytes
/// or a message for the first bad escape.
pub fn unquote(lit: &str) -> Result<Vec<u8>, String> {
    let q = lit.as_bytes().first().copied().unwrap_or(b'"');
    let inner = lit.get(1..lit.len().saturating_sub(1).max(1)).unwrap_or("");
    let mut out = Vec::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        let (v, multibyte, n) = unquote_char(&inner[i..], q)?;
        if multibyte {
            let mut buf = [0u8; 4];
            out.extend_from_slice(char::from_u32(v).unwrap_or('\u{fffd}').encode_utf8(&mut buf).as_bytes());
        } else {
            out.push(v as u8);
        }
        i += n;
    }
    Ok(out)
}

/// The value of a character constant `'c'` (with its quotes), by Go's rules
/// (`strconv.Unquote`, then the one character must be valid UTF-8): exactly one character or
/// escape; `\xHH` and `\NNN` give the byte value, which must be below 0x80 (a lone byte
/// `0x80..=0xff` is not UTF-8); `\uHHHH` and `\UHHHHHHHH` give a code point, not a surrogate and
/// at most U+10FFFF; `\"` is not an escape here. Go itself accepts the empty `''` (as U+FFFD,
/// after a scanner message); p9asm rejects it.
pub fn char_value(lit: &str) -> Result<u32, String> {
    let inner = lit
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .filter(|_| lit.len() >= 2)
        .ok_or("character constant not terminated")?;
    if inner.is_empty() {
        return Err("empty character constant ''".into());
    }
    let (v, multibyte, n) = unquote_char(inner, b'\'')?;
    if n != inner.len() {
        return Err(format!("character constant {lit} holds more than one character"));
    }
    if !multibyte && v >= 0x80 {
        return Err(format!(
            "byte escape {} in a character constant is not a character (illegal UTF-8): write '\\u{v:04x}' for U+{v:04X}",
            &inner[..n]
        ));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Kind> {
        let mut d = Diagnostics::default();
        let (t, _) = tokenize(src, 0, &mut d);
        assert!(!d.has_errors(), "{:?}", d.list);
        t.into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn basics() {
        use Kind::*;
        assert_eq!(
            kinds("MOVQ\tx+8(FP), AX // c\n"),
            vec![Ident, Ident, Punct(b'+'), Int, Punct(b'('), Ident, Punct(b')'), Punct(b','), Ident, Newline, Eof]
        );
        assert_eq!(kinds("runtime·call32<>"), vec![Ident, Punct(b'<'), Punct(b'>'), Eof]);
        assert_eq!(
            kinds("$(1<<3)>>R1->2@>3&^4"),
            vec![
                Punct(b'$'),
                Punct(b'('),
                Int,
                Lsh,
                Int,
                Punct(b')'),
                Rsh,
                Ident,
                Arrow,
                Int,
                Rot,
                Int,
                AndNot,
                Int,
                Eof
            ]
        );
        assert_eq!(
            kinds("REP;MOVSB /* x\n y */ 1.5 0x1F 0b101 0o17 017 1_000 'a' \"s\\n\""),
            vec![Ident, Semi, Ident, Float, Int, Int, Int, Int, Int, Char, Str, Eof]
        );
    }

    #[test]
    fn errors() {
        for (src, code) in [
            ("/* x", "E0103"),
            ("\"abc\n", "E0104"),
            ("08", "E0105"),
            ("0x", "E0105"),
            ("1e", "E0105"),
            ("\u{1}", "E0102"),
            ("\u{1a}", "E0102"),
            ("NOP\x0cRET", "E0102"),
            ("NOP\x0bRET", "E0102"),
            ("\"a\\\nb\"", "E0104"),
            ("€", "E0102"),
        ] {
            let mut d = Diagnostics::default();
            tokenize(src, 0, &mut d);
            assert_eq!(d.list.first().map(|d| d.code), Some(code), "{src:?}");
        }
    }

    #[test]
    fn unquote_escapes() {
        assert_eq!(unquote(r#""a\n\x41\101\u00b7""#).unwrap(), b"a\nAA\xc2\xb7");
        assert_eq!(unquote(r#""\xff\377\"""#).unwrap(), b"\xff\xff\"");
        assert!(unquote(r#""\q""#).is_err());
        // as in Go: \' is no escape in a string
        assert!(unquote(r#""\'""#).is_err());
    }

    #[test]
    fn character_constants_follow_go() {
        // the values Go 1.19's assembler gives (checked with `go tool asm`)
        for (lit, v) in [
            (r"'a'", 97),
            (r"'\a'", 7),
            (r"'\b'", 8),
            (r"'\f'", 12),
            (r"'\n'", 10),
            (r"'\r'", 13),
            (r"'\t'", 9),
            (r"'\v'", 11),
            (r"'\\'", 92),
            (r"'\''", 39),
            (r"'\x7f'", 127),
            (r"'\177'", 127),
            (r"'\000'", 0),
            (r"'\u00e9'", 0xe9),
            ("'\u{e9}'", 0xe9),
            (r"'\ufffd'", 0xfffd),
            (r"'\U0010ffff'", 0x10ffff),
            ("'\u{10348}'", 0x10348),
            ("'\"'", 34),
        ] {
            assert_eq!(char_value(lit), Ok(v), "{lit}");
        }
        for lit in [
            r"''",
            r"'ab'",
            r"'\xff'",
            r"'\x80'",
            r"'\377'",
            r"'\200'",
            r"'\400'",
            r"'\18'",
            r"'\x4'",
            r"'\ud800'",
            r"'\udfff'",
            r"'\U00110000'",
            r"'\uFFFG'",
            r"'\q'",
            "'\\\"'",
            r"'\'",
            r"'a",
            r"'",
            r"'\n\n'",
        ] {
            assert!(char_value(lit).is_err(), "{lit}");
        }
    }

    #[test]
    fn invalid_utf8_and_literal_sub_are_both_reported() {
        // a literal U+001A is a control character; a replaced invalid byte is E0101
        let mut d = Diagnostics::default();
        let (text, bad) = decode(b"A \x1a B \xff C // \xfe\n'\xfd'".to_vec());
        assert_eq!(bad.len(), 3);
        let text = std::sync::Arc::new(text.into());
        let mut lx = LazyLexer::new(text, bad, 0, &mut d);
        let mut kinds = Vec::new();
        loop {
            let t = lx.next(&mut d);
            kinds.push(t.kind);
            if t.kind == Kind::Eof {
                break;
            }
        }
        let codes: Vec<_> = d.list.iter().map(|d| (d.code, d.origin.unwrap().span.start)).collect();
        assert_eq!(codes, [("E0102", 2), ("E0101", 6), ("E0101", 13), ("E0101", 16)]);
        use Kind::*;
        assert_eq!(kinds, [Ident, Error, Ident, Error, Ident, Newline, Error, Eof]);
    }
}
