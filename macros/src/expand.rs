//! Statements of an expanded token stream and their printed form (`p9asm expand`).

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostics;
use crate::preprocess::{CHUNK_TOKENS, Options, Preprocessor};
use crate::source::{LineCursor, MAX_FILE_BYTES, RELEASE_STEP, SourceBytes, SourceMap, read_source_text};
use crate::token::{Kind, Token};

/// Splits an expanded stream into statements at newlines and `;`, skipping empty ones.
pub fn statements(tokens: &[Token]) -> impl Iterator<Item = &[Token]> {
    tokens.split(|t| t.is_terminator()).filter(|s| !s.is_empty())
}

/// Prints a statement the way Go's listings do: label(s), opcode, a tab, operands with a space
/// after each comma.
pub fn statement_text(sources: &SourceMap, stmt: &[Token], out: &mut String) {
    let mut i = 0;
    // labels `name:`
    while i + 1 < stmt.len() && stmt[i].kind == Kind::Ident && stmt[i + 1].is(b':') {
        out.push_str(sources.text(stmt[i].span));
        out.push_str(":\t");
        i += 2;
    }
    if i >= stmt.len() {
        return;
    }
    out.push_str(sources.text(stmt[i].span));
    i += 1;
    // opcode suffixes `.EQ`, `.P`
    while i + 1 < stmt.len() && stmt[i].is(b'.') && stmt[i + 1].kind == Kind::Ident {
        out.push('.');
        out.push_str(sources.text(stmt[i + 1].span));
        i += 2;
    }
    if i < stmt.len() {
        out.push('\t');
    }
    let mut prev: Option<Token> = None;
    for t in &stmt[i..] {
        if let Some(p) = prev {
            let word = |k: Kind| matches!(k, Kind::Ident | Kind::Int | Kind::Float | Kind::Char | Kind::Str);
            if word(p.kind) && word(t.kind) {
                out.push(' ');
            }
        }
        out.push_str(sources.text(t.span));
        if t.is(b',') {
            out.push(' ');
        }
        prev = Some(*t);
    }
}

/// Where a statement came from: `file:line` of its first token, then `<- MACRO@file:line` for
/// each invocation that produced it, innermost first.
/// Line numbers are counted forward with `lines` rather than looked up in the file's table of
/// line starts, which would read the whole file before the first line is printed.
pub fn statement_origin(sources: &SourceMap, stmt: &[Token], lines: &mut LineCursor, out: &mut String) {
    let first = stmt[0];
    let (f, l) = lines.line_of(sources, first.span);
    let _ = write!(out, "{f}:{l}");
    for e in sources.expansion_chain(first.expansion) {
        let (f, l) = lines.line_of(sources, e.call_site);
        let _ = write!(out, " <- {}@{f}:{l}", sources.text(e.def_site));
    }
}

/// The whole `p9asm expand` output: one statement per line, `origin<TAB>statement`.
pub fn render(sources: &SourceMap, tokens: &[Token]) -> String {
    let mut out = String::with_capacity(tokens.len() * 8);
    render_into(sources, tokens, &mut LineCursor::new(), &mut out);
    out
}

/// Appends the `p9asm expand` lines of `tokens` (whole statements) to `out`; `lines` carries
/// the line count from one chunk to the next.
pub fn render_into(sources: &SourceMap, tokens: &[Token], lines: &mut LineCursor, out: &mut String) {
    for stmt in statements(tokens) {
        if stmt.len() == 1 && stmt[0].kind == Kind::Error {
            continue;
        }
        statement_origin(sources, stmt, lines, out);
        out.push('\t');
        statement_text(sources, stmt, out);
        out.push('\n');
    }
}

/// `p9asm expand FILE` streamed: each chunk of statements is rendered and written to `w` as soon
/// as the preprocessor hands it out, so neither the tokens nor the text of the whole expansion
/// are ever in memory, and the file is read as every source is ([`read_source_text`]: the size
/// limit, a FIFO or device named instead of read forever, a large file mapped and its pages
/// handed back behind the chunk being printed). Diagnostics go to `diags` (a file that cannot be
/// read is one of them). Returns the first error of `w`, after which nothing more is read or
/// written.
pub fn expand_file(
    path: &Path,
    opts: &Options,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let bytes = match read_source_text(path, MAX_FILE_BYTES) {
        Ok(b) => b,
        Err(e) => {
            diags.push(e.into_diag(path, None));
            return Ok(());
        }
    };
    expand_bytes(path.to_string_lossy().into_owned(), Some(path.to_path_buf()), bytes, opts, sources, diags, w)
}

/// [`expand_file`] for text already read (or mapped).
pub fn expand_bytes(
    name: String,
    path: Option<PathBuf>,
    bytes: impl Into<SourceBytes>,
    opts: &Options,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let sources: &SourceMap = sources;
    let mut pp = Preprocessor::new(sources, opts, diags.max_errors);
    let root = pp.begin(name, path, bytes);
    let mut buf = Vec::with_capacity(2 * CHUNK_TOKENS);
    let mut text = String::with_capacity(CHUNK_TOKENS * 8);
    let mut lines = LineCursor::new();
    loop {
        buf.clear();
        let more = pp.next_chunk(&mut buf);
        diags.extend(std::mem::replace(&mut pp.diags, Diagnostics::new(diags.max_errors)));
        text.clear();
        if let Some(first) = buf.first() {
            // the file before this chunk, but for a step behind it that the line numbers may
            // count from, is done with
            let at = sources.expansion_chain(first.expansion).last().map_or(first.span, |e| e.call_site);
            if at.file == root {
                sources.file(root).text.release_before((at.start as usize).saturating_sub(RELEASE_STEP));
            }
        }
        render_into(sources, &buf, &mut lines, &mut text);
        w.write_all(text.as_bytes())?;
        if !more {
            return Ok(());
        }
    }
}
