//! The preprocessor: `#include`, `#define` (object- and function-like, `\` continuation),
//! `#undef`, `#ifdef`/`#ifndef`/`#else`/`#endif` and `#line`, with the meaning Go's assembler
//! gives them (cmd/asm/internal/lex/input.go). Where Go's behaviour is a silent trap (a recursive
//! macro loops forever, a `//` comment swallows a continuation `\`) p9asm reports it instead.
//!
//! The input is a stack of token sources (files and macro bodies). Every expanded token keeps the
//! span it was written at and gets the id of the invocation that produced it, so diagnostics can
//! print the whole chain back to the outermost invocation.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::diag::{Diag, Diagnostics};
use crate::headers;
use crate::lexer::{self, LazyLexer};
use crate::source::{Expansion, ExpansionId, FileId, Origin, SourceMap, Span};
use crate::token::{Kind, Token};

/// Limits that keep hostile input from hanging or exhausting memory.
pub const MAX_INCLUDE_DEPTH: usize = 64;
pub const MAX_STACK_DEPTH: usize = 256;
/// Macro expansion budget: a run may produce this many tokens by expansion, plus
/// [`EXPANSION_FACTOR`] per token read from source files. Real code (the Go runtime's multi-line
/// macros included) stays far below; an expansion bomb (each macro using the previous one twice)
/// hits it after about a million tokens instead of exhausting memory.
pub const MAX_EXPANDED_TOKENS: usize = 1 << 20;
/// See [`MAX_EXPANDED_TOKENS`].
pub const EXPANSION_FACTOR: usize = 16;

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `-I` directories, searched after the including file's directory.
    pub include_dirs: Vec<PathBuf>,
    /// `-D NAME[=VALUE]` (VALUE defaults to `1`, as in Go).
    pub defines: Vec<String>,
    /// Predefines `GOARCH_<arch>` and `GOOS_<goos>` when set (cmd/go passes these to Go's asm).
    pub goarch: Option<String>,
    pub goos: Option<String>,
}

#[derive(Debug)]
struct Macro {
    /// The name in its `#define`.
    def_site: Span,
    /// `None` for object-like macros.
    formals: Option<Vec<Box<str>>>,
    body: Vec<Token>,
    /// For each body token, the index of the formal it names (`u16::MAX` if none).
    body_formal: Vec<u16>,
}

struct FileFrame {
    file: FileId,
    lex: LazyLexer,
    /// Depth of the conditional stack when this file was entered.
    cond_base: usize,
    /// The directory `#include` searches first.
    dir: Option<PathBuf>,
}

struct MacroFrame {
    toks: Vec<Token>,
    pos: usize,
}

enum Frame {
    File(FileFrame),
    Macro(MacroFrame),
}

#[derive(Clone, Copy, Debug)]
struct Cond {
    /// Whether the enclosing region was active when this #ifdef was seen.
    outer_active: bool,
    /// Whether the current branch is taken.
    taken: bool,
    seen_else: bool,
    at: Span,
}

/// Result of preprocessing one top-level file.
#[derive(Debug)]
pub struct Expanded {
    pub tokens: Vec<Token>,
    pub root: FileId,
}

pub struct Preprocessor<'a> {
    pub sources: &'a SourceMap,
    /// The preprocessor's own diagnostics (the caller merges them: the parser reports into
    /// another list while the two run interleaved).
    pub diags: Diagnostics,
    /// Stop [`Preprocessor::run`] at statement boundaries once this many tokens are out.
    chunk: usize,
    opts: Options,
    macros: FxHashMap<Box<str>, Macro>,
    /// A 256-bit filter over (first byte, last byte, length) of every macro name ever defined:
    /// most identifiers (mnemonics, registers) are known not to be macros without hashing.
    macro_filter: [u64; 4],
    stack: Vec<Frame>,
    cond: Vec<Cond>,
    expanded_tokens: usize,
    /// Tokens read from files so far (scales the expansion budget).
    source_tokens: usize,
    out: Vec<Token>,
    at_line_start: bool,
}

/// Preprocesses `path` (and everything it includes) into one token stream ending in `Eof`.
/// Returns `None` only if the top-level file cannot be read; every other problem is a diagnostic.
pub fn preprocess_file(
    path: &Path,
    opts: &Options,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<Expanded> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diag::error("E0128", None, format!("cannot read {}: {}", path.display(), e)));
            return None;
        }
    };
    Some(preprocess_bytes(path.to_string_lossy().into_owned(), Some(path.to_path_buf()), bytes, opts, sources, diags))
}

/// Preprocesses in-memory text (tests, fuzzing, stdin).
pub fn preprocess_bytes(
    name: String,
    path: Option<PathBuf>,
    bytes: Vec<u8>,
    opts: &Options,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Expanded {
    let mut pp = Preprocessor::new(sources, opts, diags.max_errors);
    pp.chunk = usize::MAX;
    let root = pp.begin(name, path, bytes);
    let mut tokens = Vec::new();
    pp.next_chunk(&mut tokens);
    diags.extend(pp.diags);
    Expanded { tokens, root }
}

/// Statements handed out per [`Preprocessor::next_chunk`] call: enough to amortize the call,
/// few enough to stay in cache.
pub const CHUNK_TOKENS: usize = 4096;

impl<'a> Preprocessor<'a> {
    /// A preprocessor with the predefined macros (`GOARCH_x`, `GOOS_x`, `-D`) in place.
    pub fn new(sources: &'a SourceMap, opts: &Options, max_errors: usize) -> Self {
        let mut pp = Preprocessor {
            sources,
            diags: Diagnostics::new(max_errors),
            chunk: CHUNK_TOKENS,
            opts: opts.clone(),
            macros: FxHashMap::default(),
            macro_filter: [0; 4],
            stack: Vec::new(),
            cond: Vec::new(),
            expanded_tokens: 0,
            source_tokens: 0,
            out: Vec::new(),
            at_line_start: true,
        };
        pp.predefine();
        pp
    }

    /// Starts reading the top-level file.
    pub fn begin(&mut self, name: String, path: Option<PathBuf>, bytes: Vec<u8>) -> FileId {
        let root = self.load(name, path, bytes, None);
        if self.sources.file(root).text.trim_start_matches('\u{feff}').trim().is_empty() {
            self.diags.push(Diag::warning("W0102", Span::new(root, 0, 0), "empty source file"));
        }
        self.push_file(root);
        root
    }

    /// Appends the next whole statements (at least [`CHUNK_TOKENS`] tokens when there are that
    /// many) to `buf`. Returns false once the input is done; the last chunk ends with `Eof`.
    pub fn next_chunk(&mut self, buf: &mut Vec<Token>) -> bool {
        std::mem::swap(&mut self.out, buf);
        self.out.clear();
        if !self.stack.is_empty() {
            self.run();
        }
        std::mem::swap(&mut self.out, buf);
        !self.stack.is_empty()
    }

    /// `GOARCH_x`, `GOOS_x` and each `-D` become `#define` lines in pseudo-files, so that errors
    /// in them are reported like any other and redefinition rules apply to them too.
    fn predefine(&mut self) {
        // cmd/go passes -D GOOS_x -D GOARCH_x to Go's assembler, which predefines nothing; p9asm
        // predefines them, so the same names given with -D are not redefinitions
        let given = |n: &str| self.opts.defines.iter().any(|d| d.split('=').next() == Some(n));
        let mut pre = String::new();
        if let Some(a) = &self.opts.goarch
            && !given(&format!("GOARCH_{a}"))
        {
            pre.push_str(&format!("#define GOARCH_{a} 1\n"));
        }
        if let Some(o) = &self.opts.goos
            && !given(&format!("GOOS_{o}"))
        {
            pre.push_str(&format!("#define GOOS_{o} 1\n"));
        }
        if !pre.is_empty() {
            let f = self.load("<predefined>".into(), None, pre.into_bytes(), None);
            self.push_file(f);
            self.run();
        }
        let defines = self.opts.defines.clone();
        for d in defines {
            let (name, value) = match d.split_once('=') {
                Some((n, v)) => (n, v),
                None => (d.as_str(), "1"),
            };
            let ok = !name.is_empty()
                && name.chars().next().is_some_and(crate::token::is_ident_start)
                && name.chars().all(crate::token::is_ident_continue)
                && !value.contains('\n');
            if !ok {
                self.diags.push(Diag::error(
                    "E0127",
                    None,
                    format!("-D {d:?}: expected NAME or NAME=VALUE with NAME an identifier"),
                ));
                continue;
            }
            let f = self.load("<command line>".into(), None, format!("#define {name} {value}\n").into_bytes(), None);
            self.push_file(f);
            self.run();
        }
        self.out.clear();
    }

    fn load(&mut self, name: String, path: Option<PathBuf>, bytes: Vec<u8>, from: Option<Origin>) -> FileId {
        let id = self.sources.file_count() as FileId;
        let text = lexer::decode(bytes, id, &mut self.diags);
        let got = self.sources.add_file(name, path, text, from);
        debug_assert_eq!(got, id);
        got
    }

    fn push_file(&mut self, file: FileId) {
        let text = self.sources.file(file).text.clone();
        // the output is about as long as the input (a token every ~5 bytes); when it is handed
        // out a chunk at a time, a chunk is all it ever holds
        self.out.reserve((text.len() / 4).min(self.chunk));
        let lex = LazyLexer::new(text, file, &mut self.diags);
        let dir = self.sources.file(file).path.as_ref().and_then(|p| p.parent().map(|d| d.to_path_buf()));
        self.stack.push(Frame::File(FileFrame { file, lex, cond_base: self.cond.len(), dir }));
        self.at_line_start = true;
    }

    /// Tokens lexed from files so far (the macro-expansion budget grows with it).
    fn source_tokens(&self) -> usize {
        self.source_tokens
            + self
                .stack
                .iter()
                .map(|f| match f {
                    Frame::File(f) => f.lex.lexed,
                    _ => 0,
                })
                .sum::<usize>()
    }

    fn active(&self) -> bool {
        self.cond.last().is_none_or(|c| c.taken && c.outer_active)
    }

    /// Next raw token from the top of the stack, popping exhausted macro bodies. File frames
    /// return their `Eof` (and the caller pops them).
    fn next_raw(&mut self) -> Token {
        loop {
            match self.stack.last_mut() {
                None => {
                    return Token { kind: Kind::Eof, span: Span::default(), expansion: ExpansionId::NONE };
                }
                Some(Frame::Macro(m)) => {
                    if m.pos < m.toks.len() {
                        m.pos += 1;
                        return m.toks[m.pos - 1];
                    }
                    self.stack.pop();
                }
                Some(Frame::File(f)) => return f.lex.next(&mut self.diags),
            }
        }
    }

    /// Peeks at the next raw token without consuming it (crossing exhausted macro frames).
    fn peek_raw(&mut self) -> Token {
        for fr in self.stack.iter_mut().rev() {
            match fr {
                Frame::Macro(m) if m.pos < m.toks.len() => return m.toks[m.pos],
                Frame::Macro(_) => continue,
                Frame::File(f) => return f.lex.peek(&mut self.diags),
            }
        }
        Token { kind: Kind::Eof, span: Span::default(), expansion: ExpansionId::NONE }
    }

    fn top_is_file(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::File(_)))
    }

    /// Runs until the input is done, or until a chunk of whole statements is out.
    fn run(&mut self) {
        while !self.stack.is_empty() {
            if self.out.len() >= self.chunk && self.out.last().is_some_and(|t| t.is_terminator()) {
                return;
            }
            if self.copy_plain_run() {
                continue;
            }
            let tok = self.next_raw();
            match tok.kind {
                Kind::Eof => self.end_of_file(),
                Kind::Punct(b'#') => {
                    if !tok.expansion.is_none() {
                        self.diags.push(
                            Diag::error("E0119", tok.origin(), "'#' in a macro expansion: the Go assembler has no token pasting (##), stringizing (#x) or directives inside macros")
                        );
                        self.skip_line();
                        continue;
                    }
                    if !self.at_line_start {
                        if self.active() {
                            self.diags.push(Diag::error("E0111", tok.origin(), "'#' must be the first item on a line"));
                        }
                        self.skip_line();
                        continue;
                    }
                    self.directive(tok);
                    self.at_line_start = true;
                }
                _ if !self.active() => {
                    self.at_line_start = tok.kind == Kind::Newline && self.top_is_file();
                }
                Kind::Ident => {
                    self.at_line_start = false;
                    let name = self.sources.text(tok.span);
                    let bit = filter_bit(name);
                    if self.macro_filter[bit / 64] >> (bit % 64) & 1 == 0 {
                        self.emit(tok);
                    } else if let Some(m) = self.macros.get(name) {
                        let def_site = m.def_site;
                        self.invoke(tok, def_site);
                    } else {
                        self.emit(tok);
                    }
                }
                Kind::Newline => {
                    self.at_line_start = self.top_is_file();
                    self.emit(tok);
                }
                _ => {
                    self.at_line_start = false;
                    self.emit(tok);
                }
            }
        }
    }

    /// The hot path: copies tokens of an active file straight to the output until one needs the
    /// general loop (a `#`, a possible macro name, the end of the file). Returns whether it
    /// copied anything.
    fn copy_plain_run(&mut self) -> bool {
        if !self.active() {
            return false;
        }
        let Preprocessor { stack, out, sources, macro_filter, at_line_start, diags, .. } = self;
        let Some(Frame::File(f)) = stack.last_mut() else { return false };
        let text = sources.file(f.file).text.as_bytes();
        let ready = f.lex.ready(diags);
        let mut n = 0;
        for &tok in ready {
            match tok.kind {
                Kind::Eof | Kind::Punct(b'#') => break,
                Kind::Ident => {
                    let name = &text[tok.span.start as usize..tok.span.end as usize];
                    let bit = filter_bit_bytes(name);
                    if macro_filter[bit / 64] >> (bit % 64) & 1 != 0 {
                        break;
                    }
                    *at_line_start = false;
                }
                // a newline after a `//` comment ending in `\` matters only inside #define
                Kind::Newline => *at_line_start = true,
                _ => *at_line_start = false,
            }
            out.push(tok);
            n += 1;
        }
        f.lex.advance(n);
        n > 0
    }

    fn emit(&mut self, tok: Token) {
        self.out.push(tok);
    }

    fn end_of_file(&mut self) {
        let Some(Frame::File(f)) = self.stack.pop() else {
            return;
        };
        if self.cond.len() > f.cond_base {
            for c in self.cond.drain(f.cond_base..) {
                self.diags.push(Diag::error("E0124", c.at, "#ifdef/#ifndef has no matching #endif in this file"));
            }
        }
        self.source_tokens += f.lex.lexed;
        if self.stack.is_empty() {
            let end = self.sources.file(f.file).text.len() as u32;
            self.out.push(Token { kind: Kind::Eof, span: Span::new(f.file, end, end), expansion: ExpansionId::NONE });
        } else {
            // an included file acts as if it ended with a newline
            self.at_line_start = true;
        }
    }

    /// Skips to (and consumes) the end of the current line.
    fn skip_line(&mut self) {
        loop {
            let t = self.peek_raw();
            match t.kind {
                Kind::Eof => return,
                Kind::Newline => {
                    self.next_raw();
                    self.at_line_start = self.top_is_file();
                    if self.active() {
                        self.emit(t);
                    }
                    return;
                }
                _ => {
                    self.next_raw();
                }
            }
        }
    }

    /// Reads the rest of a directive line (up to, not including, the newline).
    fn line_tokens(&mut self) -> Vec<Token> {
        let mut v = Vec::new();
        loop {
            let t = self.peek_raw();
            if matches!(t.kind, Kind::Newline | Kind::Eof) {
                return v;
            }
            v.push(self.next_raw());
        }
    }

    /// Reads the rest of a directive line, which must be empty; `report` says whether the
    /// directive is in a region where errors count (for `#else`/`#endif`: the region around the
    /// `#ifdef`, whichever branch is taken).
    fn expect_line_end(&mut self, what: &str, report: bool) {
        let rest = self.line_tokens();
        if report && let (Some(first), Some(last)) = (rest.first(), rest.last()) {
            self.diags.push(Diag::error(
                "E0110",
                first.span.to(last.span),
                format!("unexpected tokens after {what}: expected end of line"),
            ));
        }
    }

    fn directive(&mut self, hash: Token) {
        let t = self.peek_raw();
        if t.kind != Kind::Ident {
            if t.kind == Kind::Newline || t.kind == Kind::Eof {
                // a lone '#' line: Go rejects it too
                if self.active() {
                    self.diags.push(Diag::error("E0110", hash.span, "'#' with no directive"));
                }
                return;
            }
            if self.active() {
                self.diags.push(Diag::error(
                    "E0110",
                    t.span,
                    format!("unexpected {:?} after '#': expected a directive name", self.sources.text(t.span)),
                ));
            }
            self.skip_line_silently();
            return;
        }
        self.next_raw();
        let name = self.sources.text(t.span).to_string();
        match name.as_str() {
            "ifdef" | "ifndef" => {
                let args = self.line_tokens();
                let at = hash.span.to(t.span);
                let taken = match args.as_slice() {
                    [n] if n.kind == Kind::Ident => {
                        let def = self.macros.contains_key(self.sources.text(n.span));
                        def == (name == "ifdef")
                    }
                    _ => {
                        if self.active() {
                            self.diags.push(Diag::error(
                                "E0110",
                                args.first().map_or(t.span, |a| a.span),
                                format!("#{name} takes exactly one macro name"),
                            ));
                        }
                        false
                    }
                };
                let outer_active = self.active();
                self.cond.push(Cond { outer_active, taken, seen_else: false, at });
            }
            "else" => {
                self.expect_line_end("#else", self.enclosing_active());
                let base = self.file_cond_base();
                let len = self.cond.len();
                match self.cond.last_mut() {
                    Some(c) if len > base => {
                        if c.seen_else {
                            let at = c.at;
                            self.diags.push(
                                Diag::error("E0125", hash.span.to(t.span), "second #else for the same #ifdef")
                                    .with_label(at, "the #ifdef"),
                            );
                        }
                        c.seen_else = true;
                        c.taken = !c.taken;
                    }
                    _ => self.diags.push(Diag::error("E0125", hash.span.to(t.span), "#else without #ifdef or #ifndef")),
                }
            }
            "endif" => {
                self.expect_line_end("#endif", self.enclosing_active());
                if self.cond.len() > self.file_cond_base() {
                    self.cond.pop();
                } else {
                    self.diags.push(Diag::error("E0125", hash.span.to(t.span), "#endif without #ifdef or #ifndef"));
                }
            }
            _ if !self.active() => self.skip_line_silently(),
            "define" => self.define(hash),
            "undef" => {
                let args = self.line_tokens();
                match args.as_slice() {
                    [n] if n.kind == Kind::Ident => {
                        let key = self.sources.text(n.span);
                        if self.macros.remove(key).is_none() {
                            self.diags.push(Diag::error(
                                "E0114",
                                n.span,
                                format!("#undef of {key}, which is not defined"),
                            ));
                        }
                    }
                    _ => self.diags.push(Diag::error(
                        "E0110",
                        args.first().map_or(t.span, |a| a.span),
                        "#undef takes exactly one macro name",
                    )),
                }
            }
            "include" => self.include(hash, t),
            "line" => self.line_directive(t),
            _ => {
                let help = match name.as_str() {
                    "if" | "elif" | "elifdef" | "elifndef" => {
                        "; the Go assembler has no #if expressions: use #ifdef NAME"
                    }
                    _ => "",
                };
                self.diags.push(
                    Diag::error("E0110", t.span, format!("unknown directive #{name}{help}")).with_note(
                        "directives are #include, #define, #undef, #ifdef, #ifndef, #else, #endif and #line",
                    ),
                );
                self.skip_line_silently();
            }
        }
    }

    /// Whether the region around the innermost `#ifdef` (of this file) is active.
    fn enclosing_active(&self) -> bool {
        match self.cond.last() {
            Some(c) if self.cond.len() > self.file_cond_base() => c.outer_active,
            _ => self.active(),
        }
    }

    fn skip_line_silently(&mut self) {
        let _ = self.line_tokens();
    }

    fn file_cond_base(&self) -> usize {
        self.stack
            .iter()
            .rev()
            .find_map(|f| match f {
                Frame::File(f) => Some(f.cond_base),
                _ => None,
            })
            .unwrap_or(0)
    }

    fn define(&mut self, hash: Token) {
        let name = self.peek_raw();
        if name.kind != Kind::Ident {
            self.diags.push(Diag::error(
                "E0112",
                if name.kind == Kind::Newline { hash.span } else { name.span },
                "#define needs a macro name",
            ));
            self.skip_define_body();
            return;
        }
        self.next_raw();
        let mut formals = None;
        let p = self.peek_raw();
        // function-like only if '(' touches the name, as in Go and C
        if p.is(b'(') && p.span.start == name.span.end && p.span.file == name.span.file {
            self.next_raw();
            let mut list: Vec<Box<str>> = Vec::new();
            let mut ok = true;
            loop {
                let t = self.next_raw();
                match t.kind {
                    Kind::Punct(b')') if list.is_empty() => break,
                    Kind::Ident => {
                        let f = self.sources.text(t.span);
                        if list.iter().any(|x| &**x == f) {
                            self.diags.push(Diag::error("E0112", t.span, format!("duplicate macro parameter {f}")));
                            ok = false;
                        }
                        list.push(f.into());
                        let sep = self.next_raw();
                        match sep.kind {
                            Kind::Punct(b',') => continue,
                            Kind::Punct(b')') => break,
                            _ => {
                                self.diags.push(Diag::error(
                                    "E0112",
                                    sep.span,
                                    "expected ',' or ')' in macro parameter list",
                                ));
                                ok = false;
                                break;
                            }
                        }
                    }
                    _ => {
                        self.diags.push(Diag::error("E0112", t.span, "macro parameters must be identifiers"));
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                self.skip_define_body();
                return;
            }
            formals = Some(list);
        }
        // body: to the end of line; "\" + newline continues and keeps the newline
        let mut body = Vec::new();
        let mut ok = true;
        loop {
            let t = self.peek_raw();
            match t.kind {
                Kind::Eof => break,
                Kind::Newline => {
                    if self.newline_ends_backslash_comment() {
                        // point at the comment's trailing '\' (before an optional '\r')
                        let text = self.sources.file(t.span.file).text.as_bytes();
                        let mut end = t.span.start as usize;
                        while end > 0 && text[end - 1] == b'\r' {
                            end -= 1;
                        }
                        let at = Span::new(t.span.file, end.saturating_sub(1) as u32, end as u32);
                        self.diags.push(
                            Diag::warning("W0101", at, "this line of the #define ends in a // comment, so its '\\' is part of the comment and the macro ends here")
                                .with_note("use /* */ comments inside multi-line macros")
                                .with_label(name.span, "macro being defined"),
                        );
                    }
                    break;
                }
                Kind::Punct(b'\\') => {
                    self.next_raw();
                    let n = self.peek_raw();
                    if n.kind == Kind::Newline || n.is(b'\\') {
                        self.next_raw();
                        body.push(n);
                    } else {
                        self.diags.push(Diag::error(
                            "E0112",
                            t.span,
                            "in a #define, '\\' must end the line (line continuation)",
                        ));
                        ok = false;
                    }
                }
                _ => body.push(self.next_raw()),
            }
        }
        if !ok {
            return;
        }
        let key = self.sources.text(name.span);
        if let Some(prev) = self.macros.get(key) {
            self.diags.push(
                Diag::error("E0113", name.span, format!("macro {key} is already defined"))
                    .with_label(prev.def_site, "first defined here"),
            );
            return;
        }
        let body_formal = body
            .iter()
            .map(|t| match (&formals, t.kind) {
                (Some(f), Kind::Ident) => {
                    let txt = self.sources.text(t.span);
                    f.iter().position(|x| &**x == txt).map_or(u16::MAX, |i| i as u16)
                }
                _ => u16::MAX,
            })
            .collect();
        let key: Box<str> = key.into();
        let bit = filter_bit(&key);
        self.macro_filter[bit / 64] |= 1 << (bit % 64);
        self.macros.insert(key, Macro { def_site: name.span, formals, body, body_formal });
    }

    fn newline_ends_backslash_comment(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::File(f)) if f.lex.at_backslash_comment_newline())
    }

    fn skip_define_body(&mut self) {
        loop {
            let t = self.peek_raw();
            match t.kind {
                Kind::Eof | Kind::Newline => return,
                Kind::Punct(b'\\') => {
                    self.next_raw();
                    if self.peek_raw().kind == Kind::Newline {
                        self.next_raw();
                    }
                }
                _ => {
                    self.next_raw();
                }
            }
        }
    }

    fn invoke(&mut self, tok: Token, def_site: Span) {
        if self.sources.chain_contains(tok.expansion, def_site) || self.stack.len() > MAX_STACK_DEPTH {
            let name = self.sources.text(tok.span).to_string();
            self.diags.push(
                Diag::error("E0117", tok.origin(), format!("recursive macro invocation: {name} expands to itself"))
                    .with_label(def_site, "defined here"),
            );
            return;
        }
        let key = self.sources.text(tok.span);
        let m = &self.macros[key];
        let nformals = m.formals.as_ref().map(|f| f.len());
        let mut call_site = tok.span;
        let mut args: Vec<Vec<Token>> = Vec::new();
        if let Some(n) = nformals {
            let p = self.peek_raw();
            if !p.is(b'(') {
                let name = self.sources.text(tok.span).to_string();
                self.diags.push(
                    Diag::error(
                        "E0115",
                        tok.origin(),
                        format!("macro {name} takes {n} argument(s) but is used without an argument list"),
                    )
                    .with_label(def_site, "defined here"),
                );
                return;
            }
            self.next_raw();
            let mut depth = 0usize;
            let mut cur = Vec::new();
            loop {
                let t = self.next_raw();
                match t.kind {
                    Kind::Newline | Kind::Eof => {
                        let name = self.sources.text(tok.span).to_string();
                        self.diags.push(
                            Diag::error(
                                "E0116",
                                tok.origin(),
                                format!("unterminated argument list invoking macro {name}"),
                            )
                            .with_label(
                                // zero-width, at the end of the line
                                Span::new(t.span.file, t.span.start, t.span.start),
                                "line ends here",
                            ),
                        );
                        if t.kind == Kind::Newline {
                            self.emit(t);
                            self.at_line_start = self.top_is_file();
                        }
                        return;
                    }
                    Kind::Punct(b'(') => {
                        depth += 1;
                        cur.push(t);
                    }
                    Kind::Punct(b')') if depth == 0 => {
                        if t.span.file == call_site.file {
                            call_site = call_site.to(t.span);
                        }
                        args.push(cur);
                        break;
                    }
                    Kind::Punct(b')') => {
                        depth -= 1;
                        cur.push(t);
                    }
                    Kind::Punct(b',') if depth == 0 => args.push(std::mem::take(&mut cur)),
                    _ => cur.push(t),
                }
            }
            if n == 0 && args.len() == 1 && args[0].is_empty() {
                args.clear();
            }
            if args.len() != n {
                let name = self.sources.text(tok.span).to_string();
                self.diags.push(
                    Diag::error(
                        "E0115",
                        Origin { span: call_site, expansion: tok.expansion },
                        format!("macro {name} takes {n} argument(s), but {} were given", args.len()),
                    )
                    .with_label(def_site, "defined here"),
                );
                return;
            }
        }
        let id = self.sources.add_expansion(Expansion { call_site, parent: tok.expansion, def_site });
        let m = &self.macros[self.sources.text(tok.span)];
        let mut toks = Vec::with_capacity(m.body.len());
        for (t, &f) in m.body.iter().zip(&m.body_formal) {
            if f == u16::MAX {
                toks.push(Token { expansion: id, ..*t });
            } else {
                // Argument tokens keep the expansion they were written in: they are not part
                // of this macro's body, so a macro name among them is no recursion (`F(F(1))`
                // is fine, as in Go), and their spans stay apart from the body's.
                toks.extend_from_slice(&args[f as usize]);
            }
        }
        self.expanded_tokens += toks.len();
        let budget = MAX_EXPANDED_TOKENS.saturating_add(self.source_tokens() * EXPANSION_FACTOR);
        if self.expanded_tokens > budget {
            self.diags.push(
                Diag::error("E0118", tok.origin(), format!("macro expansion produced more than {budget} tokens"))
                    .with_note("is a macro using another one several times, nested many levels deep?"),
            );
            // drop the rest of the input: nothing sensible can follow
            self.stack.retain(|f| matches!(f, Frame::File(_)));
            for f in self.stack.iter_mut() {
                if let Frame::File(f) = f {
                    f.lex.exhaust();
                }
            }
            return;
        }
        self.stack.push(Frame::Macro(MacroFrame { toks, pos: 0 }));
    }

    fn include(&mut self, hash: Token, kw: Token) {
        let args = self.line_tokens();
        let Some(lit) = args.first().filter(|t| t.kind == Kind::Str && args.len() == 1) else {
            let at = args.first().map_or(kw.span, |a| a.span);
            let hint = if args.first().is_some_and(|t| t.is(b'<')) {
                ": write #include \"file\"; <file> is not supported"
            } else {
                ""
            };
            self.diags.push(Diag::error("E0123", at, format!("#include needs one \"file\" string{hint}")));
            return;
        };
        let inc_origin = Origin { span: hash.span.to(lit.span), expansion: ExpansionId::NONE };
        let name = match lexer::unquote(self.sources.text(lit.span)) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) => {
                self.diags.push(Diag::error("E0123", lit.span, format!("bad #include string: {e}")));
                return;
            }
        };
        let depth = self.stack.iter().filter(|f| matches!(f, Frame::File(_))).count();
        if depth > MAX_INCLUDE_DEPTH {
            self.diags.push(Diag::error(
                "E0122",
                inc_origin,
                format!("#include nested more than {MAX_INCLUDE_DEPTH} deep"),
            ));
            return;
        }
        let cur_dir = self.stack.iter().rev().find_map(|f| match f {
            Frame::File(f) => Some(f.dir.clone()),
            _ => None,
        });
        let mut searched = Vec::new();
        let mut dirs: Vec<PathBuf> = Vec::new();
        if Path::new(&name).is_absolute() {
            dirs.push(PathBuf::new());
        } else {
            if let Some(Some(d)) = cur_dir {
                dirs.push(d);
            } else if let Some(None) = cur_dir {
                dirs.push(PathBuf::from("."));
            }
            dirs.extend(self.opts.include_dirs.iter().cloned());
        }
        for d in dirs {
            let p = d.join(&name);
            searched.push(p.display().to_string());
            if p.is_file() {
                let canon = p.canonicalize().unwrap_or_else(|_| p.clone());
                if let Some(cycle_at) = self.include_stack_position(&canon) {
                    let mut diag =
                        Diag::error("E0121", inc_origin, format!("#include cycle: {} includes itself", p.display()));
                    diag = diag.with_label(Span::new(cycle_at, 0, 0), "first entered here");
                    self.diags.push(diag);
                    return;
                }
                match std::fs::read(&p) {
                    Ok(bytes) => {
                        let f = self.load(p.display().to_string(), Some(canon), bytes, Some(inc_origin));
                        self.push_file(f);
                    }
                    Err(e) => {
                        self.diags.push(Diag::error("E0128", inc_origin, format!("cannot read {}: {e}", p.display())))
                    }
                }
                return;
            }
        }
        if let Some(text) = headers::builtin(&name) {
            let f = self.load(format!("<builtin>/{name}"), None, text.as_bytes().to_vec(), Some(inc_origin));
            self.push_file(f);
            return;
        }
        searched.push(format!("<builtin>/{name} (built-in headers: {})", headers::NAMES.join(", ")));
        self.diags.push(
            Diag::error("E0120", lit.span, format!("#include file {name:?} not found"))
                .with_note(format!("searched:\n  {}", searched.join("\n  "))),
        );
    }

    /// The file id of an open (being-read) file with this canonical path. Included files are
    /// recorded with canonical paths, but the top-level file keeps the path it was given (which
    /// may be relative or contain `..`), so that one is canonicalized here.
    fn include_stack_position(&self, canon: &Path) -> Option<FileId> {
        self.stack.iter().find_map(|f| match f {
            Frame::File(f) => {
                let p = self.sources.file(f.file).path.as_deref()?;
                let same = p == canon || p.canonicalize().is_ok_and(|c| c == canon);
                same.then_some(f.file)
            }
            _ => None,
        })
    }

    fn line_directive(&mut self, kw: Token) {
        let args = self.line_tokens();
        let file_id = match self.stack.last() {
            Some(Frame::File(f)) => f.file,
            _ => return,
        };
        let (line, name) = match args.as_slice() {
            [n, s] if n.kind == Kind::Int && s.kind == Kind::Str => {
                (self.sources.text(n.span).parse::<u32>().ok(), lexer::unquote(self.sources.text(s.span)).ok())
            }
            [n] if n.kind == Kind::Int => (
                self.sources.text(n.span).parse::<u32>().ok(),
                Some(self.sources.file(file_id).name.clone().into_bytes()),
            ),
            _ => (None, None),
        };
        match (line, name) {
            (Some(l), Some(n)) if l > 0 => {
                // takes effect at the next line
                let next = self.peek_raw();
                let at = if next.kind == Kind::Newline { next.span.end } else { next.span.start };
                let n = String::from_utf8_lossy(&n).into_owned();
                self.sources.add_line_directive(file_id, at, n, l);
            }
            _ => self.diags.push(Diag::error(
                "E0126",
                args.first().map_or(kw.span, |a| a.span),
                "#line needs a positive line number and an optional \"file\" string",
            )),
        }
    }
}

/// The bit of [`Preprocessor::macro_filter`] a name maps to.
fn filter_bit(name: &str) -> usize {
    filter_bit_bytes(name.as_bytes())
}

fn filter_bit_bytes(b: &[u8]) -> usize {
    let (first, last) = (b.first().copied().unwrap_or(0) as usize, b.last().copied().unwrap_or(0) as usize);
    (first ^ (last << 3) ^ (b.len() << 5)) & 255
}
