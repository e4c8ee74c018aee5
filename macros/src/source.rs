//! Source files, byte spans and the macro-expansion records that say where every token came from.
//!
//! A [`Span`] is a byte range in one loaded file; tokens never own text, they point back into the
//! file they were read from. An [`ExpansionId`] names one macro invocation; following its parents
//! gives the chain of invocations that produced a token ("in expansion of CALLFN at ...").

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::append::AppendVec;

/// Index of a file in a [`SourceMap`].
pub type FileId = u32;

/// A byte range in one source file. 12 bytes, `Copy`: the currency of every diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: u32, end: u32) -> Span {
        Span { file, start, end }
    }
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
    /// The smallest span covering both (they must be in the same file; otherwise `self`).
    pub fn to(self, other: Span) -> Span {
        if self.file != other.file {
            return self;
        }
        Span { file: self.file, start: self.start.min(other.start), end: self.end.max(other.end) }
    }
    pub fn len(self) -> u32 {
        self.end - self.start
    }
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// One macro invocation. Id 0 is reserved for "not from a macro".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct ExpansionId(pub u32);

impl ExpansionId {
    pub const NONE: ExpansionId = ExpansionId(0);
    pub fn is_none(self) -> bool {
        self.0 == 0
    }
}

#[derive(Clone, Debug)]
pub struct Expansion {
    /// The invocation: the macro name through the closing `)` of its arguments.
    pub call_site: Span,
    /// The expansion the invoking name token itself came from (outer macro), or NONE.
    pub parent: ExpansionId,
    /// The name in the `#define` line.
    pub def_site: Span,
}

/// Where a token came from: its own span plus the macro invocation (if any) that produced it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Origin {
    pub span: Span,
    pub expansion: ExpansionId,
}

#[derive(Debug)]
pub struct SourceFile {
    /// Name as shown to users (the path as given, or `<builtin>/textflag.h`).
    pub name: String,
    /// Filesystem path (None for built-in headers and command-line definitions).
    pub path: Option<PathBuf>,
    /// Shared with the lexer reading it.
    pub text: std::sync::Arc<SourceText>,
    /// Byte offsets where lines start, computed on first use (only diagnostics and listings
    /// need them).
    line_starts: std::sync::OnceLock<Vec<u32>>,
    /// The `#include` that loaded this file.
    pub included_from: Option<Origin>,
    /// `#line` remappings: (byte offset where it takes effect, index of the reported file name in
    /// [`SourceMap`]'s name list, line number of the next line).
    line_directives: std::sync::Mutex<Vec<(u32, usize, u32)>>,
    /// Whether `line_directives` is not empty: read by [`LineCursor`] at every lookup, without
    /// the lock.
    has_line_directives: std::sync::atomic::AtomicBool,
}

impl SourceFile {
    pub fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut v = Vec::with_capacity(self.text.len() / 24 + 1);
            v.push(0u32);
            v.extend(memchr_newlines(self.text.as_bytes()).map(|i| i as u32 + 1));
            v
        })
    }
    /// 0-based line index of a byte offset.
    pub fn line_index(&self, byte: u32) -> usize {
        match self.line_starts().binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }
}

/// Every file read during one run, plus the record of macro expansions.
///
/// Append-only and shareable: the preprocessor adds files and expansions through `&self` while
/// the parser and the back end (on another thread) read what is already there.
#[derive(Debug)]
pub struct SourceMap {
    files: AppendVec<SourceFile>,
    expansions: AppendVec<Expansion>,
    /// File names given by `#line` directives.
    line_names: AppendVec<Box<str>>,
}

impl Default for SourceMap {
    fn default() -> Self {
        SourceMap::new()
    }
}

impl SourceMap {
    pub fn new() -> SourceMap {
        let expansions = AppendVec::new();
        // index 0 is the "no expansion" sentinel
        expansions.push(Expansion { call_site: Span::default(), parent: ExpansionId::NONE, def_site: Span::default() });
        SourceMap { files: AppendVec::new(), expansions, line_names: AppendVec::new() }
    }

    pub fn add_file(
        &self,
        name: String,
        path: Option<PathBuf>,
        text: impl Into<SourceText>,
        included_from: Option<Origin>,
    ) -> FileId {
        self.files.push(SourceFile {
            name,
            path,
            text: std::sync::Arc::new(text.into()),
            line_starts: Default::default(),
            included_from,
            line_directives: Default::default(),
            has_line_directives: Default::default(),
        }) as FileId
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id as usize]
    }
    pub fn file_count(&self) -> usize {
        self.files.len()
    }
    pub fn files(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter()
    }
    pub fn file_by_path(&self, path: &Path) -> Option<FileId> {
        self.files.iter().position(|f| f.path.as_deref() == Some(path)).map(|i| i as FileId)
    }

    /// Records `#line N "name"` in `file`, taking effect at byte `at`. Directives of one file
    /// must come in the order of the file (the preprocessor reads it front to back), so that
    /// [`SourceMap::line_of`] finds the one in force by binary search. A name equal to the
    /// previous directive's is stored once.
    pub fn add_line_directive(&self, file: FileId, at: u32, name: String, line: u32) {
        let mut d = self.file(file).line_directives.lock().unwrap_or_else(|e| e.into_inner());
        let idx = match d.last() {
            Some(&(_, i, _)) if *self.line_names[i] == *name => i,
            _ => self.line_names.push(name.into_boxed_str()),
        };
        // a directive at the same or an earlier offset replaces the later ones (cannot happen
        // when the file is read in order, but keeps the list sorted whatever the caller does)
        let keep = d.partition_point(|e| e.0 < at);
        d.truncate(keep);
        d.push((at, idx, line));
        self.file(file).has_line_directives.store(true, std::sync::atomic::Ordering::Release);
    }

    pub fn text(&self, span: Span) -> &str {
        &self.files[span.file as usize].text[span.range()]
    }

    pub fn add_expansion(&self, e: Expansion) -> ExpansionId {
        ExpansionId(self.expansions.push(e) as u32)
    }
    pub fn expansion(&self, id: ExpansionId) -> &Expansion {
        &self.expansions[id.0 as usize]
    }
    pub fn expansion_count(&self) -> usize {
        self.expansions.len() - 1
    }

    /// The chain of invocations, innermost first.
    pub fn expansion_chain(&self, mut id: ExpansionId) -> impl Iterator<Item = &Expansion> {
        std::iter::from_fn(move || {
            if id.is_none() {
                return None;
            }
            let e = &self.expansions[id.0 as usize];
            id = e.parent;
            Some(e)
        })
    }

    /// Whether the chain of `id` contains an expansion of the macro defined at `def_site`.
    pub fn chain_contains(&self, id: ExpansionId, def_site: Span) -> bool {
        self.expansion_chain(id).any(|e| e.def_site == def_site)
    }

    /// The span a user reads as "the line this statement is on": for macro output, the outermost
    /// invocation, as Go attributes every expanded instruction to the invocation line.
    pub fn outermost(&self, origin: Origin) -> Span {
        self.expansion_chain(origin.expansion).last().map(|e| e.call_site).unwrap_or(origin.span)
    }

    /// (file name, 1-based line) of a span, honouring `#line` directives.
    pub fn line_of(&self, span: Span) -> (&str, u32) {
        let f = &self.files[span.file as usize];
        let idx = f.line_index(span.start);
        // a #line directive applies from the line after it
        let directive = {
            let d = f.line_directives.lock().unwrap_or_else(|e| e.into_inner());
            let n = d.partition_point(|d| d.0 <= span.start);
            n.checked_sub(1).map(|i| d[i])
        };
        if let Some((off, name, line)) = directive {
            let base = f.line_index(off);
            let delta = u32::try_from(idx.saturating_sub(base)).unwrap_or(u32::MAX);
            return (&self.line_names[name], line.saturating_add(delta));
        }
        (f.name.as_str(), idx as u32 + 1)
    }

    /// (line, column) 1-based, for short `file:line:col` messages.
    pub fn line_col(&self, span: Span) -> (u32, u32) {
        let f = &self.files[span.file as usize];
        let idx = f.line_index(span.start);
        let start = f.line_starts()[idx] as usize;
        let col = f.text[start..span.start as usize].chars().count() + 1;
        (idx as u32 + 1, col as u32)
    }
}

/// [`SourceMap::line_of`] for many spans that move forward through their files, as a line
/// table's do (function after function, instruction after instruction): the cursor counts the
/// newlines between one span and the next instead of building and searching the file's table of
/// line starts, so a run that needs line numbers but no diagnostics reads each byte once more
/// and keeps no per-line table. A span behind the cursor (a function's morestack block, which is
/// listed at its TEXT line) is counted from the nearest checkpoint before it (at a lookup at
/// least 512 bytes after the last one: 8 bytes per 512 of source), and the last such answer is
/// kept for the next lookups of the same place. A file with `#line` directives uses `line_of`
/// itself, from the first lookup after the preprocessor has read one (a directive is recorded
/// before any token after it exists, so no span it applies to is looked up before it is known).
#[derive(Default, Debug, Clone)]
pub struct LineCursor {
    files: Vec<FileCursor>,
}

#[derive(Default, Debug, Clone)]
struct FileCursor {
    /// The furthest offset reached and its 0-based line.
    pos: u32,
    line: u32,
    /// (offset, line) pairs, ascending: where a backward lookup starts counting.
    checkpoints: Vec<(u32, u32)>,
    /// The last backward lookup: (offset, line).
    behind: Option<(u32, u32)>,
}

const CHECKPOINT_EVERY: u32 = 512;

/// In 16-byte blocks, which the compiler turns into one vector compare and sum each: the
/// slices are short (from one instruction's line to the next), where a byte loop's overhead
/// would dominate.
fn count_newlines(b: &[u8]) -> u32 {
    let mut chunks = b.chunks_exact(16);
    let mut n = 0u32;
    for c in &mut chunks {
        n += c.iter().map(|&x| u32::from(x == b'\n')).sum::<u32>();
    }
    n + chunks.remainder().iter().map(|&x| u32::from(x == b'\n')).sum::<u32>()
}

impl LineCursor {
    pub fn new() -> LineCursor {
        LineCursor::default()
    }

    /// As [`SourceMap::line_of`].
    pub fn line_of<'m>(&mut self, map: &'m SourceMap, span: Span) -> (&'m str, u32) {
        let k = span.file as usize;
        if k >= self.files.len() {
            self.files.resize(k + 1, FileCursor::default());
        }
        let f = &map.files[k];
        let c = &mut self.files[k];
        if f.has_line_directives.load(std::sync::atomic::Ordering::Acquire) {
            return map.line_of(span);
        }
        let text = f.text.as_bytes();
        let at = (span.start as usize).min(text.len()) as u32;
        if at >= c.pos {
            // forward: count on, leaving checkpoints behind
            c.line += count_newlines(&text[c.pos as usize..at as usize]);
            c.pos = at;
            if c.checkpoints.last().is_none_or(|l| at - l.0 >= CHECKPOINT_EVERY) {
                c.checkpoints.push((c.pos, c.line));
            }
            return (f.name.as_str(), c.line + 1);
        }
        if let Some((pos, line)) = c.behind
            && pos == at
        {
            return (f.name.as_str(), line + 1);
        }
        // behind: from the last checkpoint at or before it (or the file's start)
        let i = c.checkpoints.partition_point(|cp| cp.0 <= at);
        let (from, line) = if i == 0 { (0, 0) } else { c.checkpoints[i - 1] };
        let line = line + count_newlines(&text[from as usize..at as usize]);
        c.behind = Some((at, line));
        (f.name.as_str(), line + 1)
    }
}

fn memchr_newlines(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    b.iter().enumerate().filter(|(_, c)| **c == b'\n').map(|(i, _)| i)
}

impl<'a> codespan_reporting::files::Files<'a> for SourceMap {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.files.get(id as usize).map(|f| f.name.as_str()).ok_or(codespan_reporting::files::Error::FileMissing)
    }
    fn source(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.files.get(id as usize).map(|f| &**f.text).ok_or(codespan_reporting::files::Error::FileMissing)
    }
    fn line_index(&'a self, id: FileId, byte: usize) -> Result<usize, codespan_reporting::files::Error> {
        let f = self.files.get(id as usize).ok_or(codespan_reporting::files::Error::FileMissing)?;
        Ok(f.line_index(byte.min(u32::MAX as usize) as u32))
    }
    fn line_range(&'a self, id: FileId, line: usize) -> Result<Range<usize>, codespan_reporting::files::Error> {
        let f = self.files.get(id as usize).ok_or(codespan_reporting::files::Error::FileMissing)?;
        let start = *f
            .line_starts()
            .get(line)
            .ok_or(codespan_reporting::files::Error::LineTooLarge { given: line, max: f.line_starts().len() - 1 })?
            as usize;
        let end = f.line_starts().get(line + 1).map(|&e| e as usize).unwrap_or(f.text.len());
        Ok(start..end)
    }
}

/// Why a source file could not be read (see [`read_source`]).
#[derive(Debug)]
pub enum ReadError {
    /// Nothing at that path.
    NotFound(std::io::Error),
    /// Something that is not a regular file: "a directory", "a FIFO (named pipe)", ...
    NotRegular { kind: &'static str, stdin: bool },
    /// Larger than the limit (`size` as the file system reports it, or `limit + 1` when the
    /// file grew while it was read).
    TooLarge { size: u64, limit: u64 },
    /// Any other I/O error (permissions, ...).
    Io(std::io::Error),
}

impl ReadError {
    /// The diagnostic code: E0132 for a file that is not a regular file, E0133 for one too large,
    /// E0128 otherwise.
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::NotRegular { .. } => "E0132",
            ReadError::TooLarge { .. } => "E0133",
            ReadError::NotFound(_) | ReadError::Io(_) => "E0128",
        }
    }

    /// `cannot read PATH: WHY`, naming what the path is when it is not a regular file.
    pub fn message(&self, path: &Path) -> String {
        let p = path.display();
        match self {
            ReadError::NotFound(e) | ReadError::Io(e) => format!("cannot read {p}: {e}"),
            ReadError::NotRegular { kind, stdin: true } => format!(
                "cannot read {p}: it is standard input, here {kind}; reading source from standard input is not supported, name a file"
            ),
            ReadError::NotRegular { kind, .. } => {
                format!("cannot read {p}: it is {kind}, not a regular file")
            }
            ReadError::TooLarge { size, limit } => {
                format!("cannot read {p}: {size} bytes is more than the limit of {limit} bytes for a source file")
            }
        }
    }

    pub fn into_diag(self, path: &Path, origin: Option<Origin>) -> crate::diag::Diag {
        crate::diag::Diag::error(self.code(), origin, self.message(path))
    }
}

/// The largest source file p9asm reads (1 GiB): spans hold 32-bit offsets, and a larger `.s`
/// file is surely not assembly.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// A source file's text: in memory, or, for a large file on disk, mapped from it, so that the
/// pages the assembler is done with can be handed back to the kernel
/// ([`SourceText::release_before`]) instead of staying in the process for the whole run (the
/// text is most of the memory a big assembly needs). A released page that a diagnostic or
/// listing looks at again is read back from the page cache.
///
/// The mapping is the usual trade-off of compilers that map their input (LLVM's
/// `MemoryBuffer`, rustc's metadata): a file changed on disk while it is being assembled is
/// read as it is then, and one truncated under the assembler ends it with SIGBUS. Only files of
/// [`MAP_MIN_BYTES`] or more are mapped.
pub struct SourceText {
    repr: TextRepr,
    /// Bytes from the start already handed back (a multiple of [`RELEASE_STEP`]).
    released: std::sync::atomic::AtomicUsize,
}

enum TextRepr {
    Owned(String),
    /// Valid UTF-8, checked when it was mapped.
    Mapped(memmap2::Mmap),
}

/// Files this large are mapped rather than read (smaller ones cost little either way).
pub const MAP_MIN_BYTES: u64 = 1 << 20;
/// Text is handed back in steps this large (a multiple of every Linux page size).
pub const RELEASE_STEP: usize = 256 << 10;

impl SourceText {
    /// Maps `file` (of `len` bytes) if its contents are UTF-8, handing each step back as soon as
    /// it is checked; `None` if they are not (the caller reads and decodes them instead) or the
    /// mapping fails.
    pub fn map(file: &std::fs::File, len: u64) -> Option<SourceText> {
        // SAFETY: the mapping is read-only and private; see the type's documentation for what a
        // concurrent change to the file does.
        let map = unsafe { memmap2::MmapOptions::new().len(len as usize).map_copy_read_only(file) }.ok()?;
        let _ = map.advise(memmap2::Advice::Sequential);
        // A file the page cache holds in 2 MiB folios (one just written by a generator, say)
        // would otherwise be mapped 2 MiB at a fault, ahead of the lexer and behind the pages
        // handed back: on the 1M-line stream that was 2.4 MB of the peak RSS (12.1 -> 9.7 MB).
        #[cfg(target_os = "linux")]
        let _ = map.advise(memmap2::Advice::NoHugePage);
        let text = SourceText { repr: TextRepr::Mapped(map), released: Default::default() };
        let TextRepr::Mapped(m) = &text.repr else { unreachable!() };
        let (mut at, mut dropped) = (0, 0);
        // a step at a time, so that checking does not make the whole file resident; a character
        // split by a step's end is checked with the next step
        while at < m.len() {
            let end = (at + RELEASE_STEP).min(m.len());
            match std::str::from_utf8(&m[at..end]) {
                Ok(_) => at = end,
                // a character cut by the step's end: checked again with the next step
                Err(e) if e.error_len().is_none() && end < m.len() => at += e.valid_up_to(),
                Err(_) => return None,
            }
            // hand the checked pages back (the readers after us fault them in again, and
            // release them behind themselves from the start)
            let done = at / RELEASE_STEP * RELEASE_STEP;
            if done > dropped {
                // SAFETY: as in `release_before`
                #[cfg(unix)]
                let _ =
                    unsafe { m.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, dropped, done - dropped) };
                dropped = done;
            }
        }
        Some(text)
    }

    pub fn as_str(&self) -> &str {
        self
    }

    /// How many bytes from the start have been handed back ([`SourceText::release_before`]).
    pub fn released(&self) -> usize {
        self.released.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Hands the pages before byte `pos` back to the kernel when the text is mapped (a no-op
    /// for text in memory): the caller is done with them for now.
    pub fn release_before(&self, pos: usize) {
        let TextRepr::Mapped(m) = &self.repr else { return };
        use std::sync::atomic::Ordering;
        let end = pos.min(m.len()) / RELEASE_STEP * RELEASE_STEP;
        let start = self.released.load(Ordering::Relaxed);
        if end <= start || self.released.compare_exchange(start, end, Ordering::Relaxed, Ordering::Relaxed).is_err() {
            return;
        }
        // SAFETY: the mapping is private and never written, so dropping its pages loses
        // nothing: the next read of them reads the file again (the same bytes, see above).
        #[cfg(unix)]
        let _ = unsafe { m.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, start, end - start) };
    }
}

impl std::ops::Deref for SourceText {
    type Target = str;
    fn deref(&self) -> &str {
        match &self.repr {
            TextRepr::Owned(s) => s,
            // SAFETY: checked to be UTF-8 when it was mapped
            TextRepr::Mapped(m) => unsafe { std::str::from_utf8_unchecked(m) },
        }
    }
}

impl From<String> for SourceText {
    fn from(s: String) -> SourceText {
        SourceText { repr: TextRepr::Owned(s), released: Default::default() }
    }
}

impl From<&str> for SourceText {
    fn from(s: &str) -> SourceText {
        SourceText::from(s.to_string())
    }
}

impl std::fmt::Debug for SourceText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = if matches!(self.repr, TextRepr::Mapped(_)) { "mapped" } else { "in memory" };
        write!(f, "SourceText({} bytes, {kind})", self.len())
    }
}

/// A source file as read: its bytes (checked and decoded by the preprocessor), or its text
/// already checked and mapped ([`SourceText::map`]).
#[derive(Debug)]
pub enum SourceBytes {
    Read(Vec<u8>),
    Mapped(SourceText),
}

impl From<Vec<u8>> for SourceBytes {
    fn from(v: Vec<u8>) -> SourceBytes {
        SourceBytes::Read(v)
    }
}

impl SourceBytes {
    pub fn len(&self) -> usize {
        match self {
            SourceBytes::Read(v) => v.len(),
            SourceBytes::Mapped(t) => t.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Reads a source file: the one way every file (the command line's and each `#include`'s) is
/// read. Checks the metadata first, so a directory, FIFO, device or socket is named as such
/// instead of hanging (a FIFO), reading forever (`/dev/zero`) or failing obscurely; and reads at
/// most `limit` bytes (a file that is larger, or grows past it while read, is rejected).
pub fn read_source(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound(e),
        _ => ReadError::Io(e),
    })?;
    let ft = meta.file_type();
    if !ft.is_file() {
        let kind = special_kind(&ft);
        let stdin = matches!(path.to_str(), Some("/dev/stdin" | "/dev/fd/0" | "/proc/self/fd/0" | "-"));
        return Err(ReadError::NotRegular { kind, stdin });
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { size: meta.len(), limit });
    }
    let f = std::fs::File::open(path).map_err(ReadError::Io)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.take(limit + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { size: limit + 1, limit });
    }
    Ok(bytes)
}

/// [`read_source`] for a file the assembler reads front to back once (a command-line input): a
/// file of [`MAP_MIN_BYTES`] or more whose contents are UTF-8 is mapped instead of read
/// ([`SourceText`]).
pub fn read_source_text(path: &Path, limit: u64) -> Result<SourceBytes, ReadError> {
    if let Ok(meta) = std::fs::metadata(path)
        && meta.is_file()
        && (MAP_MIN_BYTES..=limit).contains(&meta.len())
        && let Ok(f) = std::fs::File::open(path)
        && let Some(text) = SourceText::map(&f, meta.len())
    {
        return Ok(SourceBytes::Mapped(text));
    }
    read_source(path, limit).map(SourceBytes::Read)
}

/// What a file that is not a regular file is, in words.
#[cfg(unix)]
fn special_kind(ft: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_dir() {
        "a directory"
    } else if ft.is_fifo() {
        "a FIFO (a pipe)"
    } else if ft.is_char_device() {
        "a character device"
    } else if ft.is_block_device() {
        "a block device"
    } else if ft.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_kind(ft: &std::fs::FileType) -> &'static str {
    if ft.is_dir() { "a directory" } else { "not a regular file" }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cursor answers exactly what `line_of` answers, for spans that walk forward a line or
    /// several at a time, stay on a line, jump back, cross files and meet `#line` directives.
    #[test]
    fn agrees_with_line_of() {
        let map = SourceMap::new();
        // long enough for several checkpoints
        let text: String = (0..6000).map(|i| format!("{}\n", "x".repeat(i % 7))).collect();
        let a = map.add_file("a.s".into(), None, text.clone(), None);
        let b = map.add_file("b.s".into(), None, text.clone(), None);
        map.add_line_directive(b, 300, "other.s".into(), 40);
        let len = text.len() as u32;
        let mut offsets: Vec<(FileId, u32)> = Vec::new();
        let mut x = 7u32;
        for k in 0..20000u32 {
            // mostly forward, small and large steps, sometimes back, sometimes the other file
            x = match k % 11 {
                0 => x / 3,
                1..=3 => x + 1,
                4..=8 => x + 5,
                9 => x + 9000,
                _ => x + 41,
            } % len;
            offsets.push((if k % 97 < 80 { a } else { b }, x));
        }
        offsets.extend([(a, 0), (a, len - 1), (b, 0), (b, 299), (b, 300), (b, len - 1)]);
        // the same place behind the cursor twice (the second answer is the one kept)
        offsets.extend([(a, len - 1), (a, len / 2 + 3), (a, len / 2 + 3), (a, len / 2 + 3)]);
        let mut c = LineCursor::new();
        for (file, at) in offsets {
            let span = Span::new(file, at, at + 1);
            assert_eq!(c.line_of(&map, span), map.line_of(span), "file {file} offset {at}");
        }
    }

    /// A `#line` directive the preprocessor reads after the cursor's first lookups in its file
    /// (the back end starts on the first function while the parser is still early in a big file)
    /// applies to every span after it. The cursor used to decide once, at its first lookup, that
    /// the file had none, and counted on: `.debug_line` then ignored the directive.
    #[test]
    fn a_directive_read_after_the_first_lookup_applies() {
        let map = SourceMap::new();
        let text: String = (0..2000).map(|i| format!("line{i}\n")).collect();
        let f = map.add_file("a.s".into(), None, text.clone(), None);
        let at = |line: usize| text.match_indices('\n').nth(line - 2).map_or(0, |(i, _)| i as u32 + 1);
        let span = |line: usize| Span::new(f, at(line), at(line) + 1);
        let mut c = LineCursor::new();
        assert_eq!(c.line_of(&map, span(3)), ("a.s", 3));
        assert_eq!(c.line_of(&map, span(900)), ("a.s", 900));
        map.add_line_directive(f, at(1001), "other.s".into(), 40);
        assert_eq!(c.line_of(&map, span(1001)), map.line_of(span(1001)));
        assert_eq!(c.line_of(&map, span(1001)).0, "other.s");
        assert_eq!(c.line_of(&map, span(1500)), map.line_of(span(1500)));
        assert_eq!(c.line_of(&map, span(950)), ("a.s", 950), "before the directive");
    }

    /// A mapped file is checked a step at a time: a character cut by a step's end is fine, an
    /// invalid byte anywhere makes it unmappable (the caller reads and decodes it instead), and
    /// the text reads the same after its pages are handed back.
    #[test]
    fn mapped_text_is_checked_across_steps_and_survives_release() {
        let dir = std::env::temp_dir().join(format!("p9asm-map-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big.s");
        // "é" (2 bytes) and "€" (3 bytes) straddling the first two step ends
        let mut text = "x".repeat(RELEASE_STEP - 1);
        text.push('é');
        text.push_str(&"y".repeat(RELEASE_STEP - 3));
        text.push('€');
        text.push_str("\nend\n");
        std::fs::write(&path, &text).unwrap();
        let f = std::fs::File::open(&path).unwrap();
        let mapped = SourceText::map(&f, text.len() as u64).expect("UTF-8 maps");
        assert_eq!(&*mapped, text.as_str());
        mapped.release_before(2 * RELEASE_STEP + 10);
        mapped.release_before(RELEASE_STEP); // behind the watermark: nothing to do
        assert_eq!(&*mapped, text.as_str(), "the same text after the pages went back");
        let mut bad = text.into_bytes();
        bad[RELEASE_STEP + 7] = 0xff;
        std::fs::write(&path, &bad).unwrap();
        let f = std::fs::File::open(&path).unwrap();
        assert!(SourceText::map(&f, bad.len() as u64).is_none(), "invalid UTF-8 is read, not mapped");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
