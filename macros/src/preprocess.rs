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

// Limits that keep hostile input from hanging or exhausting memory. Each has a diagnostic; the
// book's syntax chapter lists them ("Limits"). [`Limits`] holds them for one run.

/// `#include` nesting (E0122).
pub const MAX_INCLUDE_DEPTH: usize = 64;
/// Macro invocations nested inside one another (E0130).
pub const MAX_STACK_DEPTH: usize = 256;
/// Macro expansion budget: a run may produce this many tokens by expansion, plus
/// [`EXPANSION_FACTOR`] per token read from source files (and never more than
/// [`MAX_EXPANDED_TOKENS_CEILING`]). Real code (the Go runtime's multi-line macros included)
/// stays far below; an expansion bomb (each macro using the previous one twice) hits it after
/// about a million tokens instead of exhausting memory (E0118). Each invocation counts at least
/// one token, so empty macros cannot pile up expansion records either.
pub const MAX_EXPANDED_TOKENS: usize = 1 << 20;
/// See [`MAX_EXPANDED_TOKENS`].
pub const EXPANSION_FACTOR: usize = 16;
/// The most tokens expansion may produce in one run, whatever the input size (E0118): keeps
/// expansion ids, token and instruction counts far from `u32::MAX`.
pub const MAX_EXPANDED_TOKENS_CEILING: usize = 1 << 30;
/// `#ifdef`/`#ifndef` nesting (E0129).
pub const MAX_IFDEF_DEPTH: usize = 1024;
/// Parameters of one function-like macro (E0131).
pub const MAX_MACRO_PARAMS: usize = 1 << 20;
/// `-D` definitions (E0127).
pub const MAX_DEFINES: usize = 10_000;
/// Files `#include` may load in one run, counting repeats (E0134).
pub const MAX_INCLUDED_FILES: usize = 10_000;
/// Bytes of text `#include` may load in one run, counting repeats (E0134).
pub const MAX_INCLUDED_BYTES: u64 = 1 << 30;
/// The largest `#line` number (E0126).
pub const MAX_LINE_NUMBER: u32 = 1 << 30;

/// The limits of one run; [`Limits::default`] has the documented values. Tests lower them to
/// reach them cheaply.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Bytes of one source file ([`crate::source::MAX_FILE_BYTES`], E0133).
    pub max_file_bytes: u64,
    pub max_included_files: usize,
    pub max_included_bytes: u64,
    pub max_include_depth: usize,
    pub max_ifdef_depth: usize,
    pub max_macro_depth: usize,
    pub max_macro_params: usize,
    pub max_defines: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: crate::source::MAX_FILE_BYTES,
            max_included_files: MAX_INCLUDED_FILES,
            max_included_bytes: MAX_INCLUDED_BYTES,
            max_include_depth: MAX_INCLUDE_DEPTH,
            max_ifdef_depth: MAX_IFDEF_DEPTH,
            max_macro_depth: MAX_STACK_DEPTH,
            max_macro_params: MAX_MACRO_PARAMS,
            max_defines: MAX_DEFINES,
        }
    }
}

/// Marks a body token that names no parameter in [`Macro::body_formal`]; parameter indices are
/// below [`MAX_MACRO_PARAMS`], far from it.
const NOT_A_PARAM: u32 = u32::MAX;

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `-I` directories, searched after the including file's directory.
    pub include_dirs: Vec<PathBuf>,
    /// `-D NAME[=VALUE]` (VALUE defaults to `1`, as in Go).
    pub defines: Vec<String>,
    /// Predefines `GOARCH_<arch>` and `GOOS_<goos>` when set (cmd/go passes these to Go's asm).
    pub goarch: Option<String>,
    pub goos: Option<String>,
    /// Further names predefined as `1`, like the `-D GOAMD64_v1` cmd/go passes. One is left out
    /// when a `-D` names the same variable (`-D GOAMD64_v3` replaces `GOAMD64_v1`).
    pub predefined: Vec<String>,
    pub limits: Limits,
}

#[derive(Debug)]
struct Macro {
    /// The name in its `#define`.
    def_site: Span,
    /// The number of parameters; `None` for object-like macros.
    nparams: Option<u32>,
    body: Vec<Token>,
    /// For each body token, the index of the parameter it names ([`NOT_A_PARAM`] if none).
    body_formal: Vec<u32>,
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
    /// Files `#include` loaded so far and their bytes (budgets in [`Limits`]).
    included_files: usize,
    included_bytes: u64,
    /// Reused by every invocation: the argument tokens, and where each argument ends in it.
    arg_toks: Vec<Token>,
    arg_ends: Vec<u32>,
}

/// Preprocesses `path` (and everything it includes) into one token stream ending in `Eof`.
/// Returns `None` only if the top-level file cannot be read; every other problem is a diagnostic.
pub fn preprocess_file(
    path: &Path,
    opts: &Options,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<Expanded> {
    let bytes = match crate::source::read_source(path, opts.limits.max_file_bytes) {
        Ok(b) => b,
        Err(e) => {
            diags.push(e.into_diag(path, None));
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
            included_files: 0,
            included_bytes: 0,
            arg_toks: Vec::new(),
            arg_ends: Vec::new(),
        };
        pp.predefine();
        pp
    }

    /// Starts reading the top-level file.
    pub fn begin(
        &mut self,
        name: String,
        path: Option<PathBuf>,
        bytes: impl Into<crate::source::SourceBytes>,
    ) -> FileId {
        let (root, bad) = match bytes.into() {
            crate::source::SourceBytes::Read(bytes) => self.load(name, path, bytes, None),
            crate::source::SourceBytes::Mapped(text) => self.load_text(name, path, text, None),
        };
        if self.sources.file(root).text.trim_start_matches('\u{feff}').trim().is_empty() && !self.diags.has_errors() {
            self.diags.push(Diag::warning("W0102", Span::new(root, 0, 0), "empty source file"));
        }
        self.push_file(root, bad);
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
        for p in &self.opts.predefined {
            let family = p.rsplit_once('_').map_or(p.as_str(), |(f, _)| f);
            let replaced = self.opts.defines.iter().any(|d| {
                let name = d.split('=').next().unwrap_or("");
                name.rsplit_once('_').is_some_and(|(f, _)| f == family)
            });
            if !replaced {
                pre.push_str(&format!("#define {p} 1\n"));
            }
        }
        if !pre.is_empty() {
            let (f, bad) = self.load("<predefined>".into(), None, pre.into_bytes(), None);
            self.push_file(f, bad);
            self.run();
        }
        let mut defines = std::mem::take(&mut self.opts.defines);
        let max = self.opts.limits.max_defines;
        if defines.len() > max {
            self.diags.push(Diag::error(
                "E0127",
                None,
                format!("{} -D definitions, more than the limit of {max}; the rest are ignored", defines.len()),
            ));
            defines.truncate(max);
        }
        for d in &defines {
            let (name, value) = match d.split_once('=') {
                Some((n, v)) => (n, v),
                None => (d.as_str(), "1"),
            };
            let d = d.as_str();
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
            let (f, bad) =
                self.load("<command line>".into(), None, format!("#define {name} {value}\n").into_bytes(), None);
            self.push_file(f, bad);
            self.run();
        }
        self.opts.defines = defines;
        self.out.clear();
        // the expansion budget grows with the source, not with what the command line predefines
        self.source_tokens = 0;
    }

    /// Adds a file to the source map (text too large for a source file is reported and
    /// replaced by nothing); returns it with its runs of invalid UTF-8.
    fn load(
        &mut self,
        name: String,
        path: Option<PathBuf>,
        mut bytes: Vec<u8>,
        from: Option<Origin>,
    ) -> (FileId, Vec<lexer::BadRun>) {
        let limit = self.opts.limits.max_file_bytes.min(crate::source::MAX_FILE_BYTES);
        if bytes.len() as u64 > limit {
            self.too_large(&name, bytes.len(), limit, from);
            bytes = Vec::new();
        }
        let (text, bad) = lexer::decode(bytes);
        (self.sources.add_file(name, path, text, from), bad)
    }

    fn too_large(&mut self, name: &str, len: usize, limit: u64, from: Option<Origin>) {
        self.diags.push(Diag::error(
            "E0133",
            from,
            format!("{name}: {len} bytes is more than the limit of {limit} bytes for a source file"),
        ));
    }

    /// [`Self::load`] for text already checked (and mapped): no invalid runs.
    fn load_text(
        &mut self,
        name: String,
        path: Option<PathBuf>,
        text: crate::source::SourceText,
        from: Option<Origin>,
    ) -> (FileId, Vec<lexer::BadRun>) {
        let limit = self.opts.limits.max_file_bytes.min(crate::source::MAX_FILE_BYTES);
        if text.len() as u64 > limit {
            // reported, and replaced by nothing, as `load` does
            self.too_large(&name, text.len(), limit, from);
            return (self.sources.add_file(name, path, String::new(), from), Vec::new());
        }
        (self.sources.add_file(name, path, text, from), Vec::new())
    }

    fn push_file(&mut self, file: FileId, bad: Vec<lexer::BadRun>) {
        let text = self.sources.file(file).text.clone();
        // the output is about as long as the input (a token every ~5 bytes); when it is handed
        // out a chunk at a time, a chunk is all it ever holds
        self.out.reserve((text.len() / 4).min(self.chunk));
        let lex = LazyLexer::new(text, bad, file, &mut self.diags);
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
                    // A macro body keeps the newlines of its `\`-continued lines, so (as in Go's
                    // lex.Input) a '#' that starts one of its lines is a directive when the
                    // macro expands; anywhere else in an expansion it would be pasting or
                    // stringizing, which Go does not have.
                    if !tok.expansion.is_none() && !self.at_line_start {
                        self.diags.push(
                            Diag::error("E0119", tok.origin(), "'#' in the middle of a macro expansion: the Go assembler has no token pasting (##) or stringizing (#x); a directive in a macro body must start one of its lines")
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
                    self.at_line_start = tok.kind == Kind::Newline;
                }
                Kind::Ident => {
                    let name = self.sources.text(tok.span);
                    let bit = filter_bit(name);
                    if self.macro_filter[bit / 64] >> (bit % 64) & 1 == 0 {
                        self.at_line_start = false;
                        self.emit(tok);
                    } else if let Some(m) = self.macros.get(name) {
                        // a macro invoked at the start of a line expands at the start of one
                        let def_site = m.def_site;
                        self.invoke(tok, def_site);
                    } else {
                        self.at_line_start = false;
                        self.emit(tok);
                    }
                }
                Kind::Newline => {
                    self.at_line_start = true;
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
        let Preprocessor { stack, out, sources, macro_filter, at_line_start, diags, chunk, .. } = self;
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
            // the chunk is full at the end of a statement: the lexer's buffer ends anywhere, so
            // copying on to its end would end the chunk only where a buffer happens to end
            // on a terminator (chunks of 60 000 tokens were seen, and nothing bounds them)
            if out.len() >= *chunk && tok.is_terminator() {
                break;
            }
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
                    self.at_line_start = true;
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
                let mut outer_active = self.active();
                let max = self.opts.limits.max_ifdef_depth;
                if self.cond.len() >= max {
                    // still pushed, so the #endif lines match up; the region is skipped
                    if outer_active {
                        self.diags.push(Diag::error(
                            "E0129",
                            at,
                            format!("#{name} nested more than {max} deep; the region it opens is skipped"),
                        ));
                    }
                    outer_active = false;
                }
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
        let mut nparams = None;
        // parameter name -> index: one lookup per parameter and per body token
        let mut params: FxHashMap<&str, u32> = FxHashMap::default();
        let p = self.peek_raw();
        // function-like only if '(' touches the name, as in Go and C
        if p.is(b'(') && p.span.start == name.span.end && p.span.file == name.span.file {
            self.next_raw();
            let src = self.sources;
            let max = self.opts.limits.max_macro_params.min(MAX_MACRO_PARAMS);
            let mut ok = true;
            loop {
                let t = self.next_raw();
                match t.kind {
                    Kind::Punct(b')') if params.is_empty() => break,
                    Kind::Ident => {
                        let f = src.text(t.span);
                        let n = params.len() as u32;
                        if params.len() >= max {
                            self.diags.push(
                                Diag::error("E0131", t.span, format!("macro has more than {max} parameters"))
                                    .with_label(name.span, "macro being defined"),
                            );
                            ok = false;
                            break;
                        }
                        if params.insert(f, n).is_some() {
                            self.diags.push(Diag::error("E0112", t.span, format!("duplicate macro parameter {f}")));
                            ok = false;
                        }
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
            nparams = Some(params.len() as u32);
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
            .map(|t| match t.kind {
                Kind::Ident if !params.is_empty() => {
                    params.get(self.sources.text(t.span)).copied().unwrap_or(NOT_A_PARAM)
                }
                _ => NOT_A_PARAM,
            })
            .collect();
        let key: Box<str> = key.into();
        let bit = filter_bit(&key);
        self.macro_filter[bit / 64] |= 1 << (bit % 64);
        self.macros.insert(key, Macro { def_site: name.span, nparams, body, body_formal });
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
        if self.sources.chain_contains(tok.expansion, def_site) {
            let name = self.sources.text(tok.span).to_string();
            self.diags.push(
                Diag::error("E0117", tok.origin(), format!("recursive macro invocation: {name} expands to itself"))
                    .with_label(def_site, "defined here"),
            );
            return;
        }
        let max_depth = self.opts.limits.max_macro_depth;
        if self.stack.len() > max_depth {
            let name = self.sources.text(tok.span).to_string();
            self.diags.push(
                Diag::error(
                    "E0130",
                    tok.origin(),
                    format!("macro invocations nested more than {max_depth} deep (invoking {name})"),
                )
                .with_label(def_site, "defined here"),
            );
            return;
        }
        let key = self.sources.text(tok.span);
        let m = &self.macros[key];
        let nparams = m.nparams;
        let mut call_site = tok.span;
        // the arguments, all in one reused buffer: argument k is arg_toks[arg_ends[k-1]..arg_ends[k]]
        let mut arg_toks = std::mem::take(&mut self.arg_toks);
        let mut arg_ends = std::mem::take(&mut self.arg_ends);
        arg_toks.clear();
        arg_ends.clear();
        if let Some(n) = nparams
            && !self.collect_args(tok, def_site, n, &mut call_site, &mut arg_toks, &mut arg_ends)
        {
            self.arg_toks = arg_toks;
            self.arg_ends = arg_ends;
            return;
        }
        let arg = |k: u32| {
            let k = k as usize;
            let start = if k == 0 { 0 } else { arg_ends[k - 1] as usize };
            &arg_toks[start..arg_ends[k] as usize]
        };
        let m = &self.macros[self.sources.text(tok.span)];
        // the size first: a body using a long argument many times must hit the budget before
        // the tokens exist. Every invocation counts at least one (its expansion record).
        let size: usize =
            m.body_formal.iter().map(|&f| if f == NOT_A_PARAM { 1 } else { arg(f).len().max(1) }).sum::<usize>().max(1);
        self.expanded_tokens = self.expanded_tokens.saturating_add(size);
        let budget = MAX_EXPANDED_TOKENS
            .saturating_add(self.source_tokens().saturating_mul(EXPANSION_FACTOR))
            .min(MAX_EXPANDED_TOKENS_CEILING);
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
            self.arg_toks = arg_toks;
            self.arg_ends = arg_ends;
            return;
        }
        // An empty argument substitutes nothing in Go 1.19 (`argsFor` maps the parameter to a nil
        // token list, and `invokeMacro` only substitutes non-nil ones): the parameter's name
        // stays in the expansion. p9asm does the same, so both assemblers read the same
        // statement, and warns, since the name is rarely what was meant.
        let mut empty: Vec<&str> = Vec::new();
        for (t, &f) in m.body.iter().zip(&m.body_formal) {
            if f != NOT_A_PARAM && arg(f).is_empty() {
                let name = self.sources.text(t.span);
                if !empty.contains(&name) {
                    empty.push(name);
                }
            }
        }
        if !empty.is_empty() {
            let mname = self.sources.text(tok.span);
            let names = empty.join(", ");
            self.diags.push(
                Diag::warning(
                    "W0103",
                    Origin { span: call_site, expansion: tok.expansion },
                    format!(
                        "empty argument for {names} in this use of {mname}: as in Go, the parameter name is left in the expansion, not removed"
                    ),
                )
                .with_label(def_site, "defined here")
                .with_note("Go's assembler substitutes only non-empty arguments; write the tokens you mean instead of an empty argument"),
            );
        }
        let id = self.sources.add_expansion(Expansion { call_site, parent: tok.expansion, def_site });
        let mut toks = Vec::with_capacity(size);
        for (t, &f) in m.body.iter().zip(&m.body_formal) {
            if f == NOT_A_PARAM || arg(f).is_empty() {
                toks.push(Token { expansion: id, ..*t });
            } else {
                // Argument tokens keep the expansion they were written in: they are not part
                // of this macro's body, so a macro name among them is no recursion (`F(F(1))`
                // is fine, as in Go), and their spans stay apart from the body's.
                toks.extend_from_slice(arg(f));
            }
        }
        self.arg_toks = arg_toks;
        self.arg_ends = arg_ends;
        self.stack.push(Frame::Macro(MacroFrame { toks, pos: 0 }));
    }

    /// Reads the `(arguments)` of an invocation of a macro with `n` parameters into `toks` and
    /// `ends`; extends `call_site` to the closing `)`. Returns false after reporting a problem.
    fn collect_args(
        &mut self,
        tok: Token,
        def_site: Span,
        n: u32,
        call_site: &mut Span,
        toks: &mut Vec<Token>,
        ends: &mut Vec<u32>,
    ) -> bool {
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
            return false;
        }
        self.next_raw();
        let mut depth = 0usize;
        loop {
            let t = self.next_raw();
            match t.kind {
                Kind::Newline | Kind::Eof => {
                    let name = self.sources.text(tok.span).to_string();
                    self.diags.push(
                        Diag::error("E0116", tok.origin(), format!("unterminated argument list invoking macro {name}"))
                            .with_label(
                                // zero-width, at the end of the line
                                Span::new(t.span.file, t.span.start, t.span.start),
                                "line ends here",
                            ),
                    );
                    if t.kind == Kind::Newline {
                        self.emit(t);
                        self.at_line_start = true;
                    }
                    return false;
                }
                Kind::Punct(b'(') => {
                    depth += 1;
                    toks.push(t);
                }
                Kind::Punct(b')') if depth == 0 => {
                    if t.span.file == call_site.file {
                        *call_site = call_site.to(t.span);
                    }
                    ends.push(toks.len() as u32);
                    break;
                }
                Kind::Punct(b')') => {
                    depth -= 1;
                    toks.push(t);
                }
                Kind::Punct(b',') if depth == 0 => ends.push(toks.len() as u32),
                _ => toks.push(t),
            }
        }
        if n == 0 && ends.len() == 1 && toks.is_empty() {
            ends.clear();
        }
        if ends.len() != n as usize {
            let name = self.sources.text(tok.span).to_string();
            self.diags.push(
                Diag::error(
                    "E0115",
                    Origin { span: *call_site, expansion: tok.expansion },
                    format!("macro {name} takes {n} argument(s), but {} were given", ends.len()),
                )
                .with_label(def_site, "defined here"),
            );
            return false;
        }
        true
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
        let max_depth = self.opts.limits.max_include_depth;
        if depth > max_depth {
            self.diags.push(Diag::error("E0122", inc_origin, format!("#include nested more than {max_depth} deep")));
            return;
        }
        let max_files = self.opts.limits.max_included_files;
        if self.included_files >= max_files {
            self.diags.push(
                Diag::error(
                    "E0134",
                    inc_origin,
                    format!("more than {max_files} files included in all; this #include is not followed"),
                )
                .with_note("is a header included several times by each of several headers?"),
            );
            return;
        }
        // what the total-bytes budget still allows for this file
        let left = self.opts.limits.max_included_bytes.saturating_sub(self.included_bytes);
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
            // the first path that exists is the one (as in Go): a directory or a FIFO there is
            // reported as what it is, not skipped as "not found"
            if std::fs::metadata(&p).is_err() {
                continue;
            }
            let canon = p.canonicalize().unwrap_or_else(|_| p.clone());
            if let Some(cycle_at) = self.include_stack_position(&canon) {
                let mut diag =
                    Diag::error("E0121", inc_origin, format!("#include cycle: {} includes itself", p.display()));
                diag = diag.with_label(Span::new(cycle_at, 0, 0), "first entered here");
                self.diags.push(diag);
                return;
            }
            let file_limit = self.opts.limits.max_file_bytes;
            match crate::source::read_source(&p, file_limit.min(left)) {
                Ok(bytes) => {
                    self.included_files += 1;
                    self.included_bytes += bytes.len() as u64;
                    let (f, bad) = self.load(p.display().to_string(), Some(canon), bytes, Some(inc_origin));
                    self.push_file(f, bad);
                }
                Err(crate::source::ReadError::TooLarge { size, .. }) if left < file_limit && size <= file_limit => {
                    let max = self.opts.limits.max_included_bytes;
                    self.diags.push(Diag::error(
                        "E0134",
                        inc_origin,
                        format!(
                            "{} ({size} bytes) would take the text included in all past the limit of {max} bytes",
                            p.display()
                        ),
                    ));
                }
                Err(e) => self.diags.push(e.into_diag(&p, Some(inc_origin))),
            }
            return;
        }
        if let Some(text) = headers::builtin(&name) {
            if text.len() as u64 > left {
                let max = self.opts.limits.max_included_bytes;
                self.diags.push(Diag::error(
                    "E0134",
                    inc_origin,
                    format!("<builtin>/{name} would take the text included in all past the limit of {max} bytes"),
                ));
                return;
            }
            self.included_files += 1;
            self.included_bytes += text.len() as u64;
            let (f, bad) = self.load(format!("<builtin>/{name}"), None, text.as_bytes().to_vec(), Some(inc_origin));
            self.push_file(f, bad);
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
            (Some(l), Some(_)) if l > MAX_LINE_NUMBER => self.diags.push(Diag::error(
                "E0126",
                args[0].span,
                format!("#line number {l} is larger than {MAX_LINE_NUMBER}"),
            )),
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
