//! Diagnostics: a stable code, a message, the exact span, and the macro/include chain.
//!
//! Every crate of p9asm reports through [`Diagnostics`]; rendering goes through
//! codespan-reporting with the [`SourceMap`] as its file database. The codes are listed once, in
//! [`CODES`], which the book's diagnostics index is checked against.

use crate::source::{Origin, SourceMap, Span};
use codespan_reporting::diagnostic::{Diagnostic, Label, Severity};
use codespan_reporting::term;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Warning,
    Error,
}

#[derive(Clone, Debug)]
pub struct Diag {
    pub level: Level,
    pub code: &'static str,
    pub message: String,
    /// Where the problem is. `None` for problems with no source position (I/O, command line).
    pub origin: Option<Origin>,
    /// Further spans with a message each ("first defined here").
    pub labels: Vec<(Span, String)>,
    pub notes: Vec<String>,
}

impl Diag {
    pub fn error(code: &'static str, origin: impl Into<Option<Origin>>, message: impl Into<String>) -> Diag {
        Diag {
            level: Level::Error,
            code,
            message: message.into(),
            origin: origin.into(),
            labels: Vec::new(),
            notes: Vec::new(),
        }
    }
    pub fn warning(code: &'static str, origin: impl Into<Option<Origin>>, message: impl Into<String>) -> Diag {
        Diag { level: Level::Warning, ..Diag::error(code, origin, message) }
    }
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diag {
        self.labels.push((span, message.into()));
        self
    }
    pub fn with_note(mut self, note: impl Into<String>) -> Diag {
        self.notes.push(note.into());
        self
    }
}

impl From<Span> for Origin {
    fn from(span: Span) -> Origin {
        Origin { span, expansion: crate::source::ExpansionId::NONE }
    }
}
impl From<Span> for Option<Origin> {
    fn from(span: Span) -> Option<Origin> {
        Some(span.into())
    }
}

/// Collects diagnostics for one run. Errors beyond `max_errors` are counted, not kept.
#[derive(Debug)]
pub struct Diagnostics {
    pub list: Vec<Diag>,
    errors: usize,
    pub max_errors: usize,
}

impl Default for Diagnostics {
    fn default() -> Self {
        Diagnostics::new(DEFAULT_MAX_ERRORS)
    }
}

/// Go's assembler stops after 10 errors unless `-e` is given; so do we.
pub const DEFAULT_MAX_ERRORS: usize = 10;

impl Diagnostics {
    pub fn new(max_errors: usize) -> Diagnostics {
        Diagnostics { list: Vec::new(), errors: 0, max_errors }
    }
    pub fn push(&mut self, d: Diag) {
        if d.level == Level::Error {
            self.errors += 1;
            if self.errors > self.max_errors {
                return;
            }
        }
        self.list.push(d);
    }
    pub fn error_count(&self) -> usize {
        self.errors
    }
    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }
    /// True once the cap is reached: callers may stop early.
    pub fn too_many(&self) -> bool {
        self.errors >= self.max_errors
    }
    pub fn extend(&mut self, other: Diagnostics) {
        // errors the other list counted but did not keep still count here
        let dropped = other.errors.saturating_sub(other.list.iter().filter(|d| d.level == Level::Error).count());
        for d in other.list {
            self.push(d);
        }
        self.errors += dropped;
    }

    /// Renders every diagnostic (and a "too many errors" line when capped) as plain text.
    pub fn render(&self, sources: &SourceMap, color: bool) -> String {
        let mut out = String::new();
        for d in &self.list {
            out.push_str(&render(d, sources, color));
        }
        if self.errors > self.list.iter().filter(|d| d.level == Level::Error).count() {
            out.push_str(&format!(
                "error: too many errors ({} in all, {} shown); use -e to see them all\n",
                self.errors, self.max_errors
            ));
        }
        out
    }
}

/// Renders one diagnostic with codespan-reporting: primary label at the span, one secondary label
/// per macro invocation it came through, and one per `#include` that brought the file in.
pub fn render(d: &Diag, sources: &SourceMap, color: bool) -> String {
    let cs = to_codespan(d, sources);
    let config = term::Config::default();
    if color {
        let mut buf = Vec::new();
        let mut w = term::termcolor::Ansi::new(&mut buf);
        if term::emit_to_write_style(&mut w, &config, sources, &cs).is_ok() {
            return String::from_utf8_lossy(&buf).into_owned();
        }
    }
    term::emit_into_string(&config, sources, &cs).unwrap_or_else(|e| format!("{}: {} ({e})\n", d.code, d.message))
}

pub fn to_codespan(d: &Diag, sources: &SourceMap) -> Diagnostic<u32> {
    let sev = match d.level {
        Level::Error => Severity::Error,
        Level::Warning => Severity::Warning,
    };
    let mut labels = Vec::new();
    let mut notes = d.notes.clone();
    if let Some(o) = d.origin {
        labels.push(Label::primary(o.span.file, o.span.range()));
        for e in sources.expansion_chain(o.expansion) {
            let name = sources.text(e.def_site).to_string();
            let (file, line) = sources.line_of(e.call_site);
            labels.push(
                Label::secondary(e.call_site.file, e.call_site.range())
                    .with_message(format!("in expansion of {name} at {file}:{line}")),
            );
        }
        // include chain of the file holding the innermost call site
        let mut file = o.span.file;
        let mut guard = 0;
        while let Some(inc) = sources.file(file).included_from {
            labels.push(Label::secondary(inc.span.file, inc.span.range()).with_message("included from here"));
            file = inc.span.file;
            guard += 1;
            if guard > 200 {
                break;
            }
        }
    } else if notes.is_empty() {
        notes.push("no source position".into());
    }
    for (span, msg) in &d.labels {
        labels.push(Label::secondary(span.file, span.range()).with_message(msg.clone()));
    }
    if let Some(title) = code_title(d.code) {
        notes.push(format!("{}: {}", d.code, title));
    }
    Diagnostic::new(sev).with_code(d.code).with_message(&d.message).with_labels(labels).with_notes(notes)
}

/// Short `file:line:col: level[code]: message` form (one line per diagnostic), for tests and
/// `--message-format short`. A diagnostic inside a macro expansion ends with the chain of
/// invocations, innermost first: `(in expansion of CALLFN at f.s:97, in expansion of ...)`.
pub fn render_short(d: &Diag, sources: &SourceMap) -> String {
    let lvl = match d.level {
        Level::Error => "error",
        Level::Warning => "warning",
    };
    match d.origin {
        Some(o) => {
            let (l, c) = sources.line_col(o.span);
            let mut s = format!("{}:{}:{}: {lvl}[{}]: {}", sources.file(o.span.file).name, l, c, d.code, d.message);
            let chain: Vec<String> = sources
                .expansion_chain(o.expansion)
                .map(|e| {
                    let (file, line) = sources.line_of(e.call_site);
                    format!("in expansion of {} at {file}:{line}", sources.text(e.def_site))
                })
                .collect();
            if !chain.is_empty() {
                s.push_str(&format!(" ({})", chain.join(", ")));
            }
            s
        }
        None => format!("{lvl}[{}]: {}", d.code, d.message),
    }
}

/// The closing line of a short report: `2 errors, 1 warning` (nothing when there were none).
pub fn summary_line(diags: &Diagnostics) -> Option<String> {
    let warnings = diags.list.iter().filter(|d| d.level == Level::Warning).count();
    let errors = diags.error_count();
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => None,
        (e, 0) => Some(plural(e, "error")),
        (0, w) => Some(plural(w, "warning")),
        (e, w) => Some(format!("{}, {}", plural(e, "error"), plural(w, "warning"))),
    }
}

pub fn code_title(code: &str) -> Option<&'static str> {
    CODES.iter().find(|c| c.0 == code).map(|c| c.1)
}

/// Every diagnostic code p9asm can produce, with a one-line title. Codes never change meaning.
pub const CODES: &[(&str, &str)] = &[
    // lexer and preprocessor: E01xx
    ("E0101", "invalid UTF-8 in source"),
    ("E0102", "unexpected character"),
    ("E0103", "unterminated comment"),
    ("E0104", "unterminated string or character literal"),
    ("E0105", "malformed number"),
    ("E0106", "reserved: number too large (reported as E0205)"),
    ("E0110", "unknown or malformed directive"),
    ("E0111", "'#' is not first on its line"),
    ("E0112", "malformed #define"),
    ("E0113", "macro redefined"),
    ("E0114", "#undef of an undefined macro"),
    ("E0115", "wrong number of macro arguments"),
    ("E0116", "unterminated macro argument list"),
    ("E0117", "recursive macro invocation"),
    ("E0118", "macro expansion too large"),
    ("E0119", "'#' inside a macro expansion"),
    ("E0120", "#include file not found"),
    ("E0121", "#include cycle"),
    ("E0122", "#include nested too deeply"),
    ("E0123", "malformed #include"),
    ("E0124", "unterminated #ifdef/#ifndef"),
    ("E0125", "#else or #endif without #ifdef"),
    ("E0126", "malformed #line"),
    ("E0127", "bad -D definition"),
    ("E0128", "file cannot be read"),
    ("E0129", "#ifdef/#ifndef nested too deeply"),
    ("E0130", "macro invocations nested too deeply"),
    ("E0131", "too many macro parameters"),
    ("E0132", "not a regular file (directory, FIFO, device, socket)"),
    ("E0133", "source file too large"),
    ("E0134", "too many included files or too much included text"),
    ("E0135", "bad character constant"),
    ("W0101", "'\\' at the end of a // comment does not continue a #define"),
    ("W0102", "empty source file"),
    ("W0103", "empty macro argument: the parameter name stays, as in Go"),
    // parser: E02xx
    ("E0201", "syntax error"),
    ("E0202", "unknown instruction"),
    ("E0203", "bad operand"),
    ("E0204", "bad constant expression"),
    ("E0205", "constant overflows"),
    ("E0206", "label redefined"),
    ("E0207", "undefined label"),
    ("E0208", "branch target out of range"),
    ("E0209", "statement outside a TEXT block"),
    ("E0210", "bad TEXT directive"),
    ("E0211", "bad DATA or GLOBL directive"),
    ("W0201", "DATA without GLOBL"),
    ("E0212", "bad PCDATA or FUNCDATA directive"),
    ("E0213", "pseudo-register misused"),
    ("E0214", "unknown register"),
    ("E0215", "symbol redefined"),
    ("E0216", "bad instruction suffix"),
    ("E0217", "file-local symbol used but not defined"),
    ("E0218", "bad ABI selector"),
    // assembler back end: E03xx
    ("E0301", "operand combination not supported"),
    ("E0302", "immediate out of range"),
    ("E0303", "instruction not supported on this architecture"),
    ("E0304", "relocation not representable"),
    ("E0305", "duplicate FUNCDATA index"),
    ("E0306", "architecture not supported yet"),
    ("E0307", "branch layout did not settle"),
    // frames: E04xx
    ("E0401", "bad frame size"),
    ("E0402", "reserved: SP write the assembler cannot follow (reported as W0405)"),
    ("E0403", "SP unbalanced at RET"),
    ("E0404", "SP delta out of range"),
    ("W0401", "frame pointer clobbered without a save"),
    ("W0402", "link register clobbered without a save"),
    ("W0403", "argument reference past the declared argument size"),
    ("W0404", "SP unbalanced where paths join"),
    ("W0405", "SP written in a way the assembler cannot follow"),
    ("W0406", "SP unbalanced at a RET of a TOPFRAME function"),
    // output and driver: E05xx
    ("E0501", "cannot write output"),
    ("E0502", "no input files"),
    ("E0503", "unknown architecture"),
    ("E0504", "bad command-line value"),
    ("E0505", "output would replace an input"),
    ("E0506", "bad build constraint"),
    ("E0507", "position-independent code not supported"),
    ("E0508", "spectre mitigation not supported"),
];
