//! Statements of an expanded token stream and their printed form (`p9asm expand`).

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::{Diag, Diagnostics};
use crate::preprocess::{CHUNK_TOKENS, Options, Preprocessor};
use crate::source::SourceMap;
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
pub fn statement_origin(sources: &SourceMap, stmt: &[Token], out: &mut String) {
    let first = stmt[0];
    let (f, l) = sources.line_of(first.span);
    let _ = write!(out, "{f}:{l}");
    for e in sources.expansion_chain(first.expansion) {
        let (f, l) = sources.line_of(e.call_site);
        let _ = write!(out, " <- {}@{f}:{l}", sources.text(e.def_site));
    }
}

/// The whole `p9asm expand` output: one statement per line, `origin<TAB>statement`.
pub fn render(sources: &SourceMap, tokens: &[Token]) -> String {
    let mut out = String::with_capacity(tokens.len() * 8);
    render_into(sources, tokens, &mut out);
    out
}

/// Appends the `p9asm expand` lines of `tokens` (whole statements) to `out`.
pub fn render_into(sources: &SourceMap, tokens: &[Token], out: &mut String) {
    for stmt in statements(tokens) {
        if stmt.len() == 1 && stmt[0].kind == Kind::Error {
            continue;
        }
        statement_origin(sources, stmt, out);
        out.push('\t');
        statement_text(sources, stmt, out);
        out.push('\n');
    }
}

/// `p9asm expand FILE` streamed: each chunk of statements is rendered and written to `w` as soon
/// as the preprocessor hands it out, so neither the tokens nor the text of the whole expansion
/// are ever in memory. Diagnostics go to `diags` (a missing file is `E0128`). Returns the first
/// error of `w`, after which nothing more is read or written.
pub fn expand_file(
    path: &Path,
    opts: &Options,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diag::error("E0128", None, format!("cannot read {}: {}", path.display(), e)));
            return Ok(());
        }
    };
    expand_bytes(path.to_string_lossy().into_owned(), Some(path.to_path_buf()), bytes, opts, sources, diags, w)
}

/// [`expand_file`] for in-memory text.
pub fn expand_bytes(
    name: String,
    path: Option<PathBuf>,
    bytes: Vec<u8>,
    opts: &Options,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let sources: &SourceMap = sources;
    let mut pp = Preprocessor::new(sources, opts, diags.max_errors);
    pp.begin(name, path, bytes);
    let mut buf = Vec::with_capacity(2 * CHUNK_TOKENS);
    let mut text = String::with_capacity(CHUNK_TOKENS * 8);
    loop {
        buf.clear();
        let more = pp.next_chunk(&mut buf);
        diags.extend(std::mem::replace(&mut pp.diags, Diagnostics::new(diags.max_errors)));
        text.clear();
        render_into(sources, &buf, &mut text);
        w.write_all(text.as_bytes())?;
        if !more {
            return Ok(());
        }
    }
}
