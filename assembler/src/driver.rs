//! One file in, one object (and optionally a listing) out.

use std::path::{Path, PathBuf};

use p9asm_macros::{Diag, Diagnostics, SourceMap};

use crate::arch::{self, Ctx};
use crate::emit::debuginfo::{FuncLines, LineFiles};
use crate::emit::elf::{ElfBuilder, ElfError, ElfObject, FuncCode, FuncFrame, UnwindOf};
use crate::emit::listing::ListCx;
use crate::emit::output::Inputs;
use crate::emit::tables::FuncParts;
use crate::target::GoArch;

#[derive(Clone, Debug)]
pub struct AsmOptions {
    pub arch: GoArch,
    /// Package path replacing `""` in `·name` symbols (Go's `-p`).
    pub package: String,
    pub include_dirs: Vec<PathBuf>,
    pub defines: Vec<String>,
    /// Produce the `-S` listing.
    pub listing: bool,
    /// Also write `.debug_frame` (`.eh_frame` is always written).
    pub debug_frame: bool,
    /// Keep every function's Progs and code bytes in [`Assembled::funcs`] (tests, tools);
    /// otherwise the Progs are dropped as soon as the function is assembled and the bytes once
    /// they are in the object's `.text` (each function's `size` stays).
    pub keep_progs: bool,
    /// Encode every function even after syntax errors, so that one run reports the errors of
    /// both halves (Go's assembler tests flush after parse errors; its command does not).
    pub check_all: bool,
    /// The most layout rounds a function may take before E0307 (a bound on the work one
    /// function can cause; Go's functions settle in a handful).
    pub layout_rounds: u32,
    /// Macros predefined besides `GOOS_linux` and `GOARCH_<arch>`: what `go build` passes
    /// (`GOAMD64_v1` on amd64; see [`crate::target::Levels`]).
    pub predefined: Vec<String>,
    /// `-compiling-runtime`: the source is part of the Go runtime, so ABI selectors
    /// (`f<ABIInternal>`) may be written; without it they are E0218, as in Go.
    pub compiling_runtime: bool,
    /// Write the stack-map section (on by default; `--no-stackmap` leaves it out for users who
    /// do not want a writable allocated section in their binaries).
    pub stackmap: bool,
    /// Define every global symbol STV_HIDDEN (`--hidden`), for objects linked into shared
    /// libraries whose symbols should not be exported or preempted.
    pub hidden: bool,
    /// Go's `-shared`: code for a shared library. On amd64 the thread-local `g` is then reached
    /// through the GOT (initial-exec TLS, `R_X86_64_GOTTPOFF`) instead of at a link-time offset
    /// from the thread pointer (local-exec), which only an executable may use. Other targets
    /// refuse it (E0507) before anything is read.
    pub shared: bool,
    /// Write `.debug_line` and `.debug_info` (on by default, as Go's objects always carry
    /// line tables; `--no-dwarf` turns it off).
    pub debug_info: bool,
    /// Go's `-trimpath` rewrites for the file names the debug information records.
    pub trimpath: String,
    /// Time the stages ([`Assembled::stages`]).
    pub stage_times: bool,
    /// Leave the finished object as a model in [`Assembled::model`] instead of writing its
    /// image into [`Assembled::object`], for a caller that writes it straight to a file
    /// ([`ElfObject::write_file`]; the command line does).
    pub object_model: bool,
    /// Write `.text` into this file as it is made, at [`crate::emit::elf::text_at`] (the file
    /// the object model is then written into: [`ElfObject::write_file`]), instead of holding it.
    pub text_into: Option<std::sync::Arc<std::fs::File>>,
}

impl AsmOptions {
    /// What the preprocessor gets from these options: include path, `-D`s, the GOOS/GOARCH
    /// and level macros `go build` predefines.
    pub fn preprocessor_options(&self) -> p9asm_macros::Options {
        p9asm_macros::Options {
            include_dirs: self.include_dirs.clone(),
            defines: self.defines.clone(),
            goarch: Some(self.arch.name().to_string()),
            goos: Some("linux".into()),
            predefined: {
                let mut v = self.predefined.clone();
                v.extend(self.experiments());
                v
            },
            ..Default::default()
        }
    }

    /// The `GOEXPERIMENT_<name>` macros Go's assembler predefines with `-compiling-runtime`
    /// (cmd/asm/internal/lex `predefine`): Go 1.19's default experiments, the register ABI's
    /// `regabiwrappers` and `regabiargs` where it is on (internal/buildcfg; p9asm reads no
    /// `GOEXPERIMENT` from the environment).
    pub fn experiments(&self) -> Vec<String> {
        if !self.compiling_runtime {
            return Vec::new();
        }
        match self.arch {
            GoArch::Amd64 | GoArch::Arm64 | GoArch::Ppc64 | GoArch::Ppc64le => {
                vec!["GOEXPERIMENT_regabiwrappers".into(), "GOEXPERIMENT_regabiargs".into()]
            }
            _ => Vec::new(),
        }
    }

    pub fn new(arch: GoArch) -> AsmOptions {
        AsmOptions {
            arch,
            package: "main".into(),
            include_dirs: Vec::new(),
            defines: Vec::new(),
            listing: false,
            debug_frame: false,
            keep_progs: false,
            check_all: false,
            layout_rounds: crate::emit::span::MAX_ROUNDS,
            predefined: crate::target::Levels::default().predefined(arch),
            compiling_runtime: false,
            debug_info: true,
            stackmap: true,
            hidden: false,
            shared: false,
            trimpath: String::new(),
            stage_times: false,
            object_model: false,
            text_into: None,
        }
    }
}

#[derive(Debug, Default)]
pub struct Assembled {
    /// The ELF object, unless there were errors (or [`AsmOptions::object_model`] is set).
    pub object: Option<Vec<u8>>,
    /// The object not yet written, with [`AsmOptions::object_model`] and no errors.
    pub model: Option<ElfObject<'static>>,
    /// The `-S` listing, when [`AsmOptions::listing`] is set and no sink was given to
    /// [`assemble_source_to`].
    pub listing: String,
    /// The first error of the listing sink; the listing stopped there.
    pub listing_error: Option<std::io::Error>,
    pub funcs: Vec<FuncCode>,
    /// Where the time went, when [`AsmOptions::stage_times`] is set.
    pub stages: StageTimes,
}

/// The time each stage took ([`AsmOptions::stage_times`]; `p9asm asm --stage-times`, the
/// `stages` benchmark). The front end runs on the calling thread and the back end on another,
/// so on two cores the front end overlaps the back-end stages.
#[derive(Clone, Copy, Debug, Default)]
pub struct StageTimes {
    /// Preprocessing and parsing, without the time spent waiting for the back end.
    pub front: std::time::Duration,
    /// FUNCDATA bookkeeping and the frame pass (prologues, epilogues, SP tracking).
    pub frame_pass: std::time::Duration,
    /// Encoding, with the span loop's rounds.
    pub encode: std::time::Duration,
    /// The frame model, CFI rows, pc tables and stack maps of each function.
    pub frame_tables: std::time::Duration,
    /// Each function's line rows.
    pub lines: std::time::Duration,
    /// The object: text layout, relocations, `.eh_frame`, debug sections, the image.
    pub elf: std::time::Duration,
}

impl StageTimes {
    pub fn rows(&self) -> [(&'static str, std::time::Duration); 6] {
        [
            ("preprocess+parse", self.front),
            ("frame pass", self.frame_pass),
            ("encode", self.encode),
            ("frame tables", self.frame_tables),
            ("line tables", self.lines),
            ("ELF", self.elf),
        ]
    }
}

/// A stopwatch that costs nothing when off.
struct Stopwatch(Option<std::time::Instant>);

impl Stopwatch {
    fn start(on: bool) -> Stopwatch {
        Stopwatch(on.then(std::time::Instant::now))
    }
    /// Adds the time since the last lap (or the start) to `to`.
    fn lap(&mut self, to: &mut std::time::Duration) {
        if let Some(t) = &mut self.0 {
            let now = std::time::Instant::now();
            *to += now - *t;
            *t = now;
        }
    }
}

/// Where a streamed listing goes: each function's listing is written as soon as the back-end
/// thread has assembled it, so a listing never has to fit in memory.
pub type ListingSink<'a> = &'a mut (dyn std::io::Write + Send);

/// Writes one piece of the listing; after the sink's first failure nothing more is rendered.
struct Listing<'a> {
    sink: Option<ListingSink<'a>>,
    /// The listing when there is no sink ([`Assembled::listing`]).
    text: String,
    /// One function's listing at a time (reused).
    chunk: String,
    /// The listing's line numbers, counted from function to function.
    lines: p9asm_macros::LineCursor,
    error: Option<std::io::Error>,
}

impl Listing<'_> {
    fn active(&self) -> bool {
        self.error.is_none()
    }
    /// Hands `chunk` to the sink (or the text) and clears it. After the sink failed, the text
    /// is dropped.
    fn emit(&mut self, chunk: &mut String) {
        match &mut self.sink {
            None => self.text.push_str(chunk),
            Some(w) if self.error.is_none() => {
                if let Err(e) = w.write_all(chunk.as_bytes()) {
                    self.error = Some(e);
                }
            }
            Some(_) => {}
        }
        chunk.clear();
    }
}

impl std::fmt::Debug for FuncCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FuncCode({} bytes)", self.code.bytes.len())
    }
}

/// Assembles a file from disk.
pub fn assemble_file(path: &Path, opts: &AsmOptions, sources: &mut SourceMap, diags: &mut Diagnostics) -> Assembled {
    assemble_file_to(path, opts, sources, diags, None)
}

/// [`assemble_file`] with the listing streamed to `listing` instead of kept in
/// [`Assembled::listing`].
pub fn assemble_file_to(
    path: &Path,
    opts: &AsmOptions,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
    listing: Option<ListingSink<'_>>,
) -> Assembled {
    match Input::read(path) {
        Ok(input) => assemble_inputs_to(vec![input], opts, sources, diags, listing),
        Err(d) => {
            diags.push(*d);
            Assembled::default()
        }
    }
}

/// One input file of an assembly.
#[derive(Debug)]
pub struct Input {
    /// The name in diagnostics and listings.
    pub name: String,
    /// Where it is on disk (its directory is searched first by `#include`).
    pub path: Option<PathBuf>,
    /// Its bytes, or its text mapped from disk (a large file: see [`p9asm_macros::source::SourceText`]).
    pub bytes: p9asm_macros::source::SourceBytes,
}

impl Input {
    /// Reads a file (with the size limit every source has); a large one is mapped.
    pub fn read(path: &Path) -> Result<Input, Box<Diag>> {
        match p9asm_macros::source::read_source_text(path, p9asm_macros::source::MAX_FILE_BYTES) {
            Ok(bytes) => Ok(Input { name: path.to_string_lossy().into_owned(), path: Some(path.to_path_buf()), bytes }),
            Err(e) => Err(Box::new(e.into_diag(path, None))),
        }
    }
}

/// How many Progs the parser may have handed to the back end and not yet seen assembled,
/// counted by the capacity of each function's vector (what its memory is: a function of 2 818
/// Progs holds room for 4 096), about 1.7 MiB; one function bigger than this still goes, alone.
/// (16 Ki Progs counted by length let six such functions, 5 MB, wait at the 1M-line stream's
/// peak, without making the run any faster.)
const IN_FLIGHT_PROGS: usize = 8 * 1024;

/// A count of Progs in flight between the parser and the back end, which the parser waits on.
/// The back end holds a [`BackendAlive`] while it runs: when it ends, even by panicking, the
/// parser stops waiting (its sends then fail, and the panic is resumed at the join).
struct InFlight {
    /// (Progs in flight, the back end has ended)
    state: std::sync::Mutex<(usize, bool)>,
    freed: std::sync::Condvar,
    limit: usize,
}

impl InFlight {
    fn new(limit: usize) -> InFlight {
        InFlight { state: std::sync::Mutex::new((0, false)), freed: Default::default(), limit }
    }
    fn lock(&self) -> std::sync::MutexGuard<'_, (usize, bool)> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
    /// Waits until `n` more fit (or nothing is in flight, or the back end has ended), then
    /// counts them.
    fn acquire(&self, n: usize) {
        let mut st = self.lock();
        while st.0 > 0 && st.0 + n > self.limit && !st.1 {
            st = self.freed.wait(st).unwrap_or_else(|e| e.into_inner());
        }
        st.0 += n;
    }
    fn release(&self, n: usize) {
        let mut st = self.lock();
        st.0 = st.0.saturating_sub(n);
        self.freed.notify_one();
    }
}

struct BackendAlive<'a>(&'a InFlight);

impl Drop for BackendAlive<'_> {
    fn drop(&mut self) {
        self.0.lock().1 = true;
        self.0.freed.notify_all();
    }
}

/// Assembles source bytes (the name is used in diagnostics and listings).
pub fn assemble_source(
    name: &str,
    path: Option<PathBuf>,
    bytes: Vec<u8>,
    opts: &AsmOptions,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Assembled {
    assemble_source_to(name, path, bytes, opts, sources, diags, None)
}

/// [`assemble_source`] with the listing (if [`AsmOptions::listing`]) written to `listing` as it
/// is made: each function's as soon as it is assembled, then the data. Without a sink the
/// listing is collected in [`Assembled::listing`].
pub fn assemble_source_to(
    name: &str,
    path: Option<PathBuf>,
    bytes: Vec<u8>,
    opts: &AsmOptions,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
    listing: Option<ListingSink<'_>>,
) -> Assembled {
    assemble_inputs_to(vec![Input { name: name.to_string(), path, bytes: bytes.into() }], opts, sources, diags, listing)
}

/// Assembles several files into one object, as `go tool asm a.s b.s` does: each file is
/// preprocessed on its own (a `#define` ends with its file), and they share one symbol table,
/// so a `name<>` static of one file is the same symbol in the others (Go 1.19 does the same:
/// defining it in two files is an error).
pub fn assemble_inputs_to(
    inputs: Vec<Input>,
    opts: &AsmOptions,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
    listing: Option<ListingSink<'_>>,
) -> Assembled {
    let mut listing =
        Listing { sink: listing, text: String::new(), chunk: String::new(), lines: Default::default(), error: None };
    let arch = arch::for_goarch(opts.arch);
    if opts.shared && opts.arch != crate::target::GoArch::Amd64 {
        // the other back ends would write local-exec TLS, which a shared library cannot hold
        diags.push(Diag::error(
            "E0507",
            None,
            format!("shared-library code (initial-exec TLS for g) is made only for amd64, not {}", opts.arch),
        ));
        return Assembled::default();
    }
    let pp = opts.preprocessor_options();
    let mut out = Assembled::default();
    let sources: &SourceMap = sources;
    // the object's STT_FILE symbol names the first input, as GNU as names its one input
    let file_symbol = inputs.first().map(|i| i.name.rsplit('/').next().unwrap_or(&i.name).to_string());
    let mut inputs = inputs.into_iter();
    let syms = crate::sym::Symbols::for_package(&opts.package).with_compiling_runtime(opts.compiling_runtime);
    // The parser runs on this thread and hands each finished function to a back-end thread:
    // on two cores the two halves overlap. What is in flight is bounded in Progs, not in
    // functions: a parser that outruns the back end would otherwise queue 64 functions of
    // thousands of instructions each (200 bytes a Prog).
    let budget = InFlight::new(IN_FLIGHT_PROGS);
    let front_start = opts.stage_times.then(std::time::Instant::now);
    let mut handoff = std::time::Duration::ZERO;
    let (mut program, (funcs, mut consts, backend_diags, files, mut stages, text, mut tables), front_end) =
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<crate::prog::Func>(64);
            let syms = &syms;
            let max_errors = diags.max_errors;
            let listing = &mut listing;
            let budget = &budget;
            let backend = scope.spawn(move || {
                let _alive = BackendAlive(budget);
                let mut diags = Diagnostics::new(max_errors);
                let (mut funcs, mut consts) = (Vec::new(), Vec::new());
                let mut files = LineFiles::new(&opts.trimpath);
                let mut text = match &opts.text_into {
                    Some(file) => crate::emit::elf::TextLayout::streamed_into(file, arch),
                    None => crate::emit::elf::TextLayout::default(),
                };
                // the macros besides GOOS/GOARCH a back end may consult: made once, not per function
                let defines: Vec<String> = opts.predefined.iter().chain(&opts.defines).cloned().collect();
                let mut times = StageTimes::default();
                let wanted = crate::emit::tables::Wanted {
                    debug_frame: opts.debug_frame,
                    stackmap: opts.stackmap,
                    debug_info: opts.debug_info,
                };
                let mut tables = crate::emit::tables::FuncTables::new(wanted);
                for f in rx {
                    let n = f.progs.capacity();
                    // every reader of the source before this function (the lexer ahead of us, the
                    // line tables here) is done with it: a mapped file's pages go back, but for
                    // the last step's (the line tables count from a checkpoint a little before
                    // the function, and a fault maps the pages around it: handed back right
                    // behind the function, they came back and stayed, 11 MB of a 16 MB input)
                    let at = sources.outermost(f.origin);
                    let behind = (at.start as usize).saturating_sub(p9asm_macros::source::RELEASE_STEP);
                    sources.file(at.file).text.release_before(behind);
                    let b = Backend { arch, opts, sources, syms, defines: &defines, index: funcs.len() };
                    let (mut fc, parts) = b.func(f, &mut diags, &mut consts, listing, &mut files, &mut times);
                    text.push(arch, &mut fc, !opts.keep_progs);
                    let offset = text.offsets.last().copied().unwrap_or(0);
                    let sym = fc.func.sym;
                    let name = syms.object_name(sym);
                    tables.push(
                        arch,
                        funcs.len(),
                        &fc.func,
                        (offset, fc.size),
                        (&name, syms.get(sym).is_static),
                        parts,
                    );
                    funcs.push(fc);
                    budget.release(n);
                }
                if let Err(e) = text.flush() {
                    diags.push(Diag::error("E0304", None, format!("cannot write .text into the output file: {e}")));
                }
                (funcs, consts, diags, files, times, text, tables)
            });
            // preprocessing and parsing interleave, a chunk of statements at a time
            let mut next = || {
                let input = inputs.next()?;
                let mut pp = p9asm_macros::preprocess::Preprocessor::new(sources, &pp, max_errors);
                pp.begin(input.name, input.path, input.bytes);
                Some(pp)
            };
            let program = crate::syntax::parse_streams(&mut next, sources, arch, syms, diags, &mut |f, diags| {
                // after a syntax error the back end's errors would mostly be noise
                if !diags.has_errors() || opts.check_all {
                    let mut clock = Stopwatch::start(opts.stage_times);
                    budget.acquire(f.progs.capacity());
                    let _ = tx.send(f);
                    // waiting for the back end is not the front end's time
                    clock.lap(&mut handoff);
                }
            });
            drop(tx);
            let front_end = opts.stage_times.then(std::time::Instant::now);
            let backend = backend.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            (program, backend, front_end)
        });
    if let (Some(a), Some(b)) = (front_start, front_end) {
        stages.front = (b - a).saturating_sub(handoff);
    }
    out.stages = stages;
    diags.extend(backend_diags);
    if diags.has_errors() {
        out.funcs = funcs;
        (out.listing, out.listing_error) = (listing.text, listing.error);
        return out;
    }
    // constants the back end made, after the user's data and sorted by name, as Go lists them
    consts.sort_by(|a, b| syms.name(a.sym).cmp(syms.name(b.sym)));
    program.data.extend(consts);
    if opts.listing {
        let lc = ListCx { arch, syms: &syms, sources };
        let big = arch.goarch().big_endian();
        for d in &program.data {
            if !listing.active() {
                break;
            }
            if let Ok((bytes, relocs)) = crate::emit::elf::data_image(d, opts.arch.ptr_size(), big) {
                let relocs: Vec<_> = relocs
                    .into_iter()
                    .map(|(o, s, a)| (o as u32, opts.arch.ptr_size(), syms.name(s).to_string(), a))
                    .collect();
                let mut chunk = std::mem::take(&mut listing.chunk);
                lc.data(d, &bytes, &relocs, &mut chunk);
                listing.emit(&mut chunk);
                listing.chunk = chunk;
            }
        }
    }
    (out.listing, out.listing_error) = (listing.text, listing.error);
    if diags.has_errors() {
        out.funcs = funcs;
        return out;
    }
    let mut clock = Stopwatch::start(opts.stage_times);
    // the tables the back end appended to, function by function
    let res = (|| {
        let mut b = ElfBuilder::new(arch, &syms);
        b.hidden = opts.hidden;
        if let Some(name) = &file_symbol {
            b.obj.add_file_symbol(name.as_bytes().to_vec());
        }
        let cfi = tables.cfi().map_err(ElfError::from)?;
        let layout = b.add_text(&funcs, text)?;
        b.add_data(&program.data, |s| syms.name(s).to_string())?;
        b.add_text_relocations(&funcs, &layout)?;
        b.add_ehabi(&funcs)?;
        if opts.stackmap {
            let (data, slots) = (std::mem::take(&mut tables.stackmap), std::mem::take(&mut tables.stackmap_slots));
            b.add_stackmaps(&funcs, data, slots)?;
        }
        b.add_cfi(&funcs, cfi)?;
        if opts.debug_info {
            b.add_debug_info(&funcs, &files, std::mem::take(&mut tables.lines))?;
        }
        b.add_attributes();
        b.add_note_gnu_stack();
        Ok(b.finish())
    })();
    let res = match res {
        Ok(model) if opts.object_model => {
            out.model = Some(model);
            Ok(())
        }
        Ok(model) => model.to_bytes().map(|bytes| out.object = Some(bytes)),
        Err(e) => Err(e),
    };
    clock.lap(&mut out.stages.elf);
    if let Err(e) = res {
        diags.push(Diag::error("E0304", e.origin, e.msg));
    }
    out.funcs = funcs;
    out
}

/// What the back end needs for every function.
struct Backend<'a> {
    arch: &'a dyn arch::Arch,
    opts: &'a AsmOptions,
    sources: &'a SourceMap,
    syms: &'a crate::sym::Symbols,
    /// The macros besides GOOS/GOARCH ([`Ctx::defines`]).
    defines: &'a [String],
    /// The function's place among the object's functions (its unwind tables name it).
    index: usize,
}

impl Backend<'_> {
    /// The back end for one function, in Go's order: FUNCDATA bookkeeping, frame layout and
    /// prologue, encoding, then the frame model, unwind and pc tables and (with `-S`) its
    /// listing.
    fn func(
        &self,
        mut f: crate::prog::Func,
        diags: &mut Diagnostics,
        consts: &mut Vec<crate::prog::DataSym>,
        listing: &mut Listing,
        files: &mut LineFiles,
        times: &mut StageTimes,
    ) -> (FuncCode, FuncParts) {
        let Backend { arch, opts, sources, syms, defines, index } = *self;
        let mut clock = Stopwatch::start(opts.stage_times);
        crate::flush::flush(&mut f, syms, diags, opts.listing);
        crate::frame::lint::check_args(&f, syms, diags);
        // Go's linkpatch: branches to a `JMP label` go to the label, before the frame pass
        crate::pass::thread_jumps(&mut f.progs);
        let (layout_rounds, shared) = (opts.layout_rounds, opts.shared);
        arch.preprocess(&mut f, &mut Ctx { syms, sources, diags, consts, layout_rounds, defines, shared });
        crate::frame::lint::check_frame_pointer(arch, &f, syms, diags);
        clock.lap(&mut times.frame_pass);
        let code = arch.assemble(&mut f, &mut Ctx { syms, sources, diags, consts, layout_rounds, defines, shared });
        clock.lap(&mut times.encode);
        let (mut frame, pcsp, pcdata) = func_frame(arch, &f, code.bytes.len() as u32, sources, syms, diags);
        // the unwind tables now, so that the rows need not wait for the end of the file
        let topframe = f.flags & crate::prog::textflag::TOPFRAME != 0;
        let of = UnwindOf { index, size: code.bytes.len() as u32, topframe, debug_frame: opts.debug_frame };
        let mut unwind = frame.unwind_tables(arch, of);
        frame.release_rows(opts.keep_progs);
        let ehabi = unwind.as_mut().ok().and_then(|u| u.ehabi.take());
        let funcdata = crate::frame::stackmap::funcdata(&f.progs);
        clock.lap(&mut times.frame_tables);
        if opts.listing && listing.active() {
            let (mut chunk, mut lines) = (std::mem::take(&mut listing.chunk), std::mem::take(&mut listing.lines));
            ListCx { arch, syms, sources }.func_streamed(&f, &code, &mut lines, &mut chunk, &mut |c| listing.emit(c));
            listing.emit(&mut chunk);
            (listing.chunk, listing.lines) = (chunk, lines);
            clock.lap(&mut Default::default());
        }
        let lines = if opts.debug_info { FuncLines::of(&f, sources, files) } else { FuncLines::default() };
        clock.lap(&mut times.lines);
        if !opts.keep_progs {
            f.progs = Vec::new();
        }
        let size = code.bytes.len() as u32;
        let decl = lines.decl;
        let mut fc = FuncCode { func: f, code, frame, ehabi, decl, size };
        fc.shrink_to_fit();
        (fc, FuncParts { unwind, funcdata, pcsp, pcdata, lines })
    }
}

#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub out_dir: PathBuf,
    pub package: Option<String>,
    pub include_dirs: Vec<PathBuf>,
    pub defines: Vec<String>,
    pub max_errors: usize,
    /// Also write `.debug_frame` into every object.
    pub debug_frame: bool,
    /// Write `.debug_line`/`.debug_info` into every object.
    pub debug_info: bool,
    /// Write the stack-map section into every object.
    pub stackmap: bool,
    /// Define global symbols hidden in every object.
    pub hidden: bool,
    /// The architectures to build for, in this order.
    pub arches: Vec<GoArch>,
    /// The sub-architecture macros (`GOAMD64_v1`) to predefine.
    pub levels: crate::target::Levels,
}

/// Diagnostics of one file, with the sources they point into.
pub struct FileReport {
    pub sources: SourceMap,
    pub diags: Diagnostics,
}

#[derive(Default)]
pub struct BuildResult {
    /// One line per arch and output file written, for the user (stdout).
    pub lines: Vec<String>,
    /// One line per file or arch that failed, for the user (stderr).
    pub errors: Vec<String>,
    /// Notes for stderr (`note: ...`).
    pub notes: Vec<String>,
    pub reports: Vec<FileReport>,
    pub failed: bool,
}

/// The package a directory's Go files declare (`package runtime`), if any.
pub fn package_of_dir(dir: &Path) -> Option<String> {
    let mut entries: Vec<_> = std::fs::read_dir(dir).ok()?.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.extension().is_some_and(|e| e == "go") {
            let text = std::fs::read_to_string(&p).ok()?;
            for line in text.lines() {
                if let Some(rest) = line.trim().strip_prefix("package ") {
                    return Some(rest.trim().to_string());
                }
            }
        }
    }
    None
}

/// `p9asm build DIR`: every `.s` file that `go build` would assemble, for each architecture of
/// [`BuildOptions::arches`] (GOOS=linux, the gc toolchain, cgo off; see
/// [`crate::target::BuildContext`]).
pub fn build_dir(dir: &Path, opts: &BuildOptions) -> BuildResult {
    let mut res = BuildResult::default();
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "s")).collect(),
        Err(e) => {
            res.errors.push(format!("error[E0502]: cannot read directory {}: {e}", dir.display()));
            res.failed = true;
            return res;
        }
    };
    files.sort();
    // each file's header once: the build constraints are the same question for every arch
    let mut headers: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for f in files {
        let name = f.file_name().unwrap_or_default().to_string_lossy().into_owned();
        if name.starts_with('_') || name.starts_with('.') {
            continue;
        }
        match read_header(&f) {
            Ok(h) => headers.push((f, h)),
            Err(e) => {
                res.errors.push(format!("error[E0502]: cannot read {}: {e}", f.display()));
                res.failed = true;
            }
        }
    }
    let package = opts.package.clone().or_else(|| package_of_dir(dir)).unwrap_or_else(|| "main".into());
    let lib_name = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "p9asm".into());
    let mut bad_constraint = std::collections::BTreeSet::new();
    let mut selected_any = false;
    // which files each architecture assembles, and its output directory
    let mut plan: Vec<(GoArch, PathBuf, Vec<&PathBuf>)> = Vec::new();
    for &arch in &opts.arches {
        let cx = crate::target::BuildContext { goarch: arch.name() };
        let mut mine: Vec<&PathBuf> = Vec::new();
        for (f, header) in &headers {
            let name = f.file_name().unwrap_or_default().to_string_lossy();
            match cx.match_file(&name, header) {
                Ok(true) => mine.push(f),
                Ok(false) => {}
                Err(e) => {
                    if bad_constraint.insert(f.clone()) {
                        res.errors.push(format!("error[E0506]: {}: {e}", f.display()));
                        res.failed = true;
                    }
                }
            }
        }
        if mine.is_empty() {
            continue;
        }
        selected_any = true;
        let arch_dir = opts.out_dir.join(arch.name());
        if let Err(e) = std::fs::create_dir_all(&arch_dir) {
            res.errors.push(format!("{arch}\terror[E0501]: cannot create {}: {e}", arch_dir.display()));
            res.failed = true;
            continue;
        }
        plan.push((arch, arch_dir, mine));
    }
    // every (architecture, file) assembled at once on all cores; the results are then written
    // and reported in order, as one at a time would
    let jobs: Vec<(GoArch, &PathBuf)> = plan.iter().flat_map(|(a, _, fs)| fs.iter().map(move |f| (*a, *f))).collect();
    let mut done = assemble_jobs(&jobs, opts, &package).into_iter();
    for (arch, arch_dir, mine) in plan {
        let arch_dir = &arch_dir;
        let mut members = Vec::new();
        let mut arch_failed = false;
        // everything this architecture's files read: no output may replace one of them
        let mut all_inputs = Vec::new();
        for f in mine {
            let Some((sources, diags, a)) = done.next() else { break };
            let inputs = Inputs::of(&sources);
            let name = f.file_stem().unwrap_or_default().to_string_lossy().into_owned() + ".o";
            let path = arch_dir.join(&name);
            let written = match a.object.filter(|_| !diags.has_errors()) {
                Some(obj) => match inputs.replaced_by(&path) {
                    Some(input) => {
                        res.errors.push(format!(
                            "{arch}\terror[E0505]: {} would overwrite the input {input}; not written",
                            path.display()
                        ));
                        false
                    }
                    None => match crate::emit::output::write_output(&path, &obj) {
                        Ok(()) => {
                            res.lines.push(format!(
                                "{arch}\t{} -> {} ({} functions, {} bytes)",
                                f.display(),
                                path.display(),
                                a.funcs.len(),
                                obj.len()
                            ));
                            members.push((name, obj));
                            true
                        }
                        Err(e) => {
                            res.errors.push(format!("{arch}\terror[E0501]: cannot write {}: {e}", path.display()));
                            false
                        }
                    },
                },
                None => {
                    res.errors.push(format!("{arch}\t{} FAILED ({} errors)", f.display(), diags.error_count()));
                    false
                }
            };
            if !written {
                arch_failed = true;
                // an object from an earlier run must not pass for this one's
                remove_stale(&arch, &path, &inputs, &mut res);
            }
            if !diags.list.is_empty() {
                res.reports.push(FileReport { sources, diags });
            }
            all_inputs.push(inputs);
        }
        let lib = arch_dir.join(format!("lib{lib_name}.a"));
        if let Some(input) = all_inputs.iter().find_map(|i| i.replaced_by(&lib)) {
            res.errors.push(format!(
                "{arch}\terror[E0505]: {} would overwrite the input {input}; not written",
                lib.display()
            ));
            arch_failed = true;
        } else if !members.is_empty() && !arch_failed {
            match crate::emit::archive::write_archive(&members)
                .and_then(|b| crate::emit::output::write_output(&lib, &b).map_err(|e| e.to_string()))
            {
                Ok(()) => res.lines.push(format!("{arch}\t{}", lib.display())),
                Err(e) => {
                    res.errors.push(format!("{arch}\terror[E0501]: cannot write {}: {e}", lib.display()));
                    arch_failed = true;
                }
            }
        }
        // an archive stands for every object of the directory: after a failure an earlier one
        // is stale (unless it is an input, which is never touched)
        if arch_failed && all_inputs.iter().all(|i| i.replaced_by(&lib).is_none()) {
            remove_stale(&arch, &lib, &Inputs::default(), &mut res);
        }
        res.failed |= arch_failed;
    }
    if !selected_any && !res.failed {
        let arches: Vec<&str> = opts.arches.iter().map(|a| a.name()).collect();
        res.errors.push(format!(
            "error[E0502]: no .s files in {} for {} ({} excluded by file names or build constraints)",
            dir.display(),
            arches.join(", "),
            headers.len()
        ));
        res.failed = true;
    }
    res
}

/// Assembles each (architecture, file) of a `build`, on as many threads as there are cores,
/// and returns the results in the jobs' order.
fn assemble_jobs(
    jobs: &[(GoArch, &PathBuf)],
    opts: &BuildOptions,
    package: &str,
) -> Vec<(SourceMap, Diagnostics, Assembled)> {
    let one = |(arch, f): (GoArch, &PathBuf)| {
        let mut sources = SourceMap::new();
        let mut diags = Diagnostics::new(opts.max_errors);
        let mut o = AsmOptions::new(arch);
        o.package = package.to_string();
        o.include_dirs = opts.include_dirs.clone();
        o.defines = opts.defines.clone();
        o.debug_frame = opts.debug_frame;
        o.debug_info = opts.debug_info;
        o.stackmap = opts.stackmap;
        o.hidden = opts.hidden;
        o.predefined = opts.levels.predefined(arch);
        let a = assemble_file(f, &o, &mut sources, &mut diags);
        (sources, diags, a)
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(jobs.len());
    if workers <= 1 {
        return jobs.iter().map(|&j| one(j)).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut out: Vec<Option<(SourceMap, Diagnostics, Assembled)>> = (0..jobs.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&job) = jobs.get(k) else { break };
                        mine.push((k, one(job)));
                    }
                    mine
                })
            })
            .collect();
        for h in handles {
            for (k, r) in h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)) {
                out[k] = Some(r);
            }
        }
    });
    out.into_iter().flatten().collect()
}

/// The start of a file, enough for its build constraints: they sit in the leading comments,
/// which end at the first byte of code (a file that is all comment is read to its end).
fn read_header(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let n = f.read(&mut chunk)?;
        if n == 0 {
            return Ok(buf);
        }
        buf.extend_from_slice(&chunk[..n]);
        if crate::target::header_len(&buf) < buf.len() || buf.len() as u64 > p9asm_macros::source::MAX_FILE_BYTES {
            return Ok(buf);
        }
    }
}

/// Removes `path`, an output of an earlier run, reporting it (or why it could not be removed).
fn remove_stale(arch: &GoArch, path: &Path, inputs: &Inputs, res: &mut BuildResult) {
    match crate::emit::output::remove_stale(path, inputs) {
        Ok(true) => res.errors.push(format!("{arch}\t{}: removed (from an earlier run, now stale)", path.display())),
        Ok(false) => {}
        Err(e) => res.errors.push(format!("{arch}\terror[E0501]: cannot remove the stale {}: {e}", path.display())),
    }
}

/// The frame model of one assembled function: its unwind rows, and its pc tables (pcsp, then
/// the PCDATA tables); reports paths that reach an instruction with different SP deltas.
pub fn func_frame(
    arch: &dyn arch::Arch,
    f: &crate::prog::Func,
    size: u32,
    sources: &SourceMap,
    syms: &crate::sym::Symbols,
    diags: &mut Diagnostics,
) -> (FuncFrame, Vec<u8>, Vec<Vec<u8>>) {
    let g = arch.goarch();
    let model = crate::frame::model::analyze(arch, f);
    crate::frame::lint::check_returns(arch, f, &model, sources, diags);
    // a mismatch at a RET is an E0403 of check_returns
    for m in model.mismatches.iter().filter(|m| !crate::frame::lint::is_return(&f.progs[m.at])) {
        let p = &f.progs[m.at];
        diags.push(
            Diag::warning(
                "W0404",
                p.origin,
                format!(
                    "in {}: this instruction is reached with SP {} bytes below entry on one path and {} on another",
                    syms.name(f.sym),
                    m.have,
                    m.got
                ),
            )
            .with_label(sources.outermost(f.progs[m.from].origin), "the other path comes from here"),
        );
    }
    let ra_slot = crate::frame::cfi::CfiTarget::of(g).ra_slot;
    // the unwind tables hold the CFA offset in 32 bits
    if let Some((i, st)) = (0..model.len())
        .map(|i| (i, model.state(i)))
        .find(|(i, st)| i32::try_from(st.sp + ra_slot).is_err() && f.progs[*i].size > 0)
    {
        diags.push(Diag::error(
            "E0404",
            f.progs[i].origin,
            format!("SP delta {} does not fit the unwind tables (32 bits)", st.sp),
        ));
    }
    let frame = FuncFrame {
        rows: crate::frame::model::rows(f, &model, ra_slot),
        // the stack check's call of morestack (synthesized) runs before the frame exists: the Go
        // runtime unwinds it, not a C unwinder
        calls: f
            .progs
            .iter()
            .filter(|p| p.op == crate::prog::Op::CALL && p.size > 0 && p.mark & crate::prog::mark::SYNTH == 0)
            .map(|p| p.pc)
            .collect(),
    };
    let pcsp = crate::frame::pctab::pcsp_from_model(&f.progs, size, g.min_lc(), &model);
    (frame, pcsp, crate::frame::pctab::pcdata_tables(&f.progs, size, g.min_lc()))
}
