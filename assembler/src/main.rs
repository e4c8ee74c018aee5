//! The `p9asm` command.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use p9asm::console::Console;
use p9asm::driver::{AsmOptions, Input};
use p9asm::emit::output::Inputs;
use p9asm::target::{GoArch, Levels};
use p9asm_macros::{Diagnostics, SourceMap};

#[derive(Parser)]
#[command(name = "p9asm", version, about = "A Plan 9 (Go-syntax) assembler that writes ELF objects")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum MessageFormat {
    /// codespan-style diagnostics with source snippets and macro chains
    Rich,
    /// one line per diagnostic: file:line:col: error[CODE]: message (in expansion of M at f.s:9),
    /// then a count line
    Short,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Debug)]
enum Color {
    /// colour when stderr is a terminal and $NO_COLOR is unset or empty
    Auto,
    Always,
    Never,
}

#[derive(clap::Args, Clone)]
struct Common {
    /// Target architecture: 386, amd64, amd64p32, arm, arm64, mips64, mips64le, ppc64, ppc64le,
    /// s390x. `build` takes a comma-separated list. Default: $GOARCH; else amd64 (asm, expand)
    /// or every architecture (build).
    #[arg(long = "arch", short = 'a', env = "GOARCH", value_name = "ARCH[,ARCH...]")]
    arch: Option<String>,
    /// Add a directory to the #include search path (after the including file's directory).
    #[arg(short = 'I', value_name = "DIR")]
    include: Vec<PathBuf>,
    /// Predefine a macro: NAME or NAME=VALUE (VALUE defaults to 1).
    #[arg(short = 'D', value_name = "NAME[=VALUE]")]
    define: Vec<String>,
    /// Report every error instead of stopping after 10.
    #[arg(short = 'e')]
    all_errors: bool,
    #[arg(long, value_enum, default_value = "rich")]
    message_format: MessageFormat,
    /// Colour in diagnostics.
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
    /// Also write a .debug_frame section (the same CFI as .eh_frame) for tools that read only
    /// that one.
    #[arg(long)]
    debug_frame: bool,
    /// Leave out the source-line debug information (.debug_line, .debug_info), which is written
    /// by default as Go's objects always carry line tables.
    #[arg(long)]
    no_dwarf: bool,
    /// Leave out the stack-map section (p9asm_stackmap: Go's pc-SP and pcdata tables for a
    /// runtime to walk; a writable allocated section).
    #[arg(long)]
    no_stackmap: bool,
    /// Define every global symbol with hidden visibility (STV_HIDDEN): for objects linked into
    /// a shared library that should neither export nor preempt them.
    #[arg(long)]
    hidden: bool,
    /// asm: print the time each stage took to stderr (preprocess+parse, frame pass, encode,
    /// frame tables, line tables, ELF), to see where a slow file spends it.
    #[arg(long)]
    stage_times: bool,
    /// amd64 level: predefines GOAMD64_<v> as go build does (v1, v2, v3, v4).
    #[arg(long, env = "GOAMD64", default_value = "v1", value_name = "v1..v4")]
    goamd64: String,
    /// 386 floating point: predefines GO386_<v> (sse2, softfloat).
    #[arg(long, env = "GO386", default_value = "sse2")]
    go386: String,
    /// mips64 floating point: predefines GOMIPS64_<v> (hardfloat, softfloat).
    #[arg(long, env = "GOMIPS64", default_value = "hardfloat")]
    gomips64: String,
    /// arm level: Go's GOARM (5, 6, 7), which chooses encodings (MOVW $0xffff, VMOV #imm);
    /// predefines GOARM_<n>.
    #[arg(long, env = "GOARM", default_value = "5", value_name = "5..7")]
    goarm: String,
}

#[derive(Subcommand)]
enum Cmd {
    /// Print the preprocessed statements, one per line, each tagged with where it came from.
    Expand {
        #[command(flatten)]
        common: Common,
        file: PathBuf,
    },
    /// Assemble files into one ELF object, with go tool asm's flags (-I -D -S -o -p -e -V
    /// -trimpath -gensymabis -compiling-runtime -spectre -shared -dynlink -linkshared; Go's
    /// single-dash spelling works).
    Asm {
        #[command(flatten)]
        common: Common,
        /// Print the assembly listing in `go tool asm -S` format to stdout.
        #[arg(short = 'S')]
        listing: bool,
        /// Output file (`-` for stdout). Default: FILE with .o in the current directory (one
        /// input only, as in Go).
        #[arg(short = 'o')]
        output: Option<PathBuf>,
        /// Package path that replaces "" in ·name symbols.
        #[arg(short = 'p', default_value = "main")]
        package: String,
        /// Print `asm version p9asm-VERSION` and exit (Go's -V; -V=full is the same line).
        #[arg(short = 'V', num_args = 0..=1, require_equals = true, default_missing_value = "", value_name = "full")]
        go_version: Option<String>,
        /// Go's path rewrites (PREFIX or PREFIX=>REPLACEMENT, `;`-separated) for the source paths
        /// the debug information records (made absolute first, as Go's are); Go's listing and
        /// messages are not rewritten either.
        #[arg(long, value_name = "REWRITES")]
        trimpath: Option<String>,
        /// Write Go's symbol ABI file (`def`/`ref` lines) to -o instead of assembling.
        #[arg(long)]
        gensymabis: bool,
        /// The source is part of the Go runtime: ABI selectors (`f<ABIInternal>`) may be written.
        #[arg(long)]
        compiling_runtime: bool,
        /// Spectre mitigations (Go: index, all, ret).
        #[arg(long, value_name = "LIST")]
        spectre: Option<String>,
        /// Code for a shared library: g through initial-exec TLS (amd64 only; elsewhere E0507).
        #[arg(long)]
        shared: bool,
        /// References to Go symbols in other shared libraries (refused: E0507).
        #[arg(long)]
        dynlink: bool,
        /// Code linked against Go shared libraries (refused: E0507).
        #[arg(long)]
        linkshared: bool,
        /// Input files (`-` is standard input); all of them make one object.
        #[arg(required_unless_present = "go_version")]
        files: Vec<PathBuf>,
    },
    /// Assemble every .s file in DIR that `go build` would, for each architecture (Go's file
    /// rules: _GOOS, _GOARCH and _GOOS_GOARCH suffixes, //go:build and // +build lines, no _ or
    /// . files), writing <out>/<arch>/<file>.o and an archive <out>/<arch>/lib<dir>.a.
    Build {
        #[command(flatten)]
        common: Common,
        /// Output directory.
        #[arg(short = 'o', long = "out", default_value = "target/p9asm")]
        out: PathBuf,
        /// Package path; default: the package clause of a .go file in DIR, else "main".
        #[arg(short = 'p')]
        package: Option<String>,
        dir: PathBuf,
    },
}

/// go tool asm's long flags, which Go spells with one dash (`-trimpath`); clap would read
/// `-shared` as `-s -h -a ...`, so they are rewritten to two dashes first.
const GO_LONG_FLAGS: [&str; 8] =
    ["trimpath", "shared", "dynlink", "linkshared", "gensymabis", "compiling-runtime", "spectre", "arch"];
/// Go's one-letter flags, which Go's flag package also takes with two dashes (`--o`).
const GO_SHORT_FLAGS: [&str; 7] = ["o", "p", "D", "I", "S", "e", "V"];

/// Rewrites Go's flag spellings to clap's: `-trimpath[=x]` → `--trimpath[=x]`, `--o` → `-o`.
/// Arguments after `--`, and the value after a flag that takes one, are left alone.
fn go_flags_to_clap(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let takes_value = |f: &str| matches!(f, "o" | "p" | "D" | "I" | "trimpath" | "spectre" | "arch" | "a");
    let mut out = Vec::with_capacity(args.len());
    let mut rest = false;
    let mut value_next = false;
    for a in args {
        let Some(s) = a.to_str().filter(|_| !rest && !value_next) else {
            value_next = false;
            out.push(a);
            continue;
        };
        if s == "--" {
            rest = true;
            out.push(a);
            continue;
        }
        let body = s.strip_prefix("--").or_else(|| s.strip_prefix('-')).unwrap_or("");
        let (name, has_value) = match body.split_once('=') {
            Some((n, _)) => (n, true),
            None => (body, false),
        };
        let new = if !s.starts_with("--") && GO_LONG_FLAGS.contains(&name) {
            Some(format!("-{s}"))
        } else if s.starts_with("--") && GO_SHORT_FLAGS.contains(&name) {
            Some(s[1..].to_string())
        } else {
            None
        };
        if !s.is_empty() && s.starts_with('-') {
            let flag = if new.is_some() || s.starts_with("--") { name } else { body.get(..1).unwrap_or("") };
            // `-D NAME`: the next argument is the value; `-DNAME` or `-D=NAME` carries it
            let attached = if new.is_some() || s.starts_with("--") { has_value } else { body.len() > 1 };
            value_next = takes_value(flag) && !attached;
        }
        out.push(new.map(Into::into).unwrap_or(a));
    }
    out
}

/// `--color` as given on the command line (before clap has parsed it, for clap's own errors).
fn color_arg(args: &[std::ffi::OsString]) -> Color {
    let mut it = args.iter().filter_map(|a| a.to_str());
    while let Some(a) = it.next() {
        let v = match a.strip_prefix("--color") {
            Some("") => it.next(),
            Some(v) => v.strip_prefix('='),
            None => continue,
        };
        match v {
            Some("always") => return Color::Always,
            Some("never") => return Color::Never,
            _ => {}
        }
    }
    Color::Auto
}

/// Whether to colour text for a stream: `--color`, then `$NO_COLOR` (https://no-color.org:
/// any non-empty value turns colour off), then whether the stream is a terminal.
fn use_color(c: Color, terminal: bool) -> bool {
    match c {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

fn main() -> ExitCode {
    let mut con = Console::new();
    let args = go_flags_to_clap(std::env::args_os().collect());
    let color = color_arg(&args);
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            // clap's help, version and usage errors go through the console like everything else
            let status = ExitCode::from(e.exit_code().clamp(0, 255) as u8);
            let text = e.render();
            if e.use_stderr() {
                let text = if use_color(color, std::io::stderr().is_terminal()) {
                    text.ansi().to_string()
                } else {
                    text.to_string()
                };
                con.diagnostics(&text);
            } else {
                let text = if use_color(color, std::io::stdout().is_terminal()) {
                    text.ansi().to_string()
                } else {
                    text.to_string()
                };
                let _ = con.out.write_all(text.as_bytes());
            }
            let written = con.finish(status);
            // a usage error stays status 2 even when it could not be printed
            return if e.exit_code() == 0 { written } else { status };
        }
    };
    let status = match cli.cmd {
        Cmd::Expand { common, file } => expand(&mut con, &common, &file),
        Cmd::Asm {
            common,
            listing,
            output,
            package,
            go_version,
            trimpath,
            gensymabis,
            compiling_runtime,
            spectre,
            shared,
            dynlink,
            linkshared,
            files,
        } => {
            if go_version.is_some() {
                // cmd/go reads the first word as the tool's name and the third as its version
                let _ = writeln!(con.out, "asm version p9asm-{}", env!("CARGO_PKG_VERSION"));
                ExitCode::SUCCESS
            } else {
                let go = GoFlags { trimpath, gensymabis, compiling_runtime, spectre, shared, dynlink, linkshared };
                asm(&mut con, &common, listing, output, package, &go, &files)
            }
        }
        Cmd::Build { common, out, package, dir } => build(&mut con, &common, &out, package, &dir),
    };
    con.finish(status)
}

/// The go tool asm flags beyond Go's one-letter ones.
struct GoFlags {
    trimpath: Option<String>,
    gensymabis: bool,
    compiling_runtime: bool,
    spectre: Option<String>,
    shared: bool,
    dynlink: bool,
    linkshared: bool,
}

fn new_diags(c: &Common) -> Diagnostics {
    Diagnostics::new(if c.all_errors { usize::MAX } else { p9asm_macros::diag::DEFAULT_MAX_ERRORS })
}

/// Prints diagnostics as `--message-format` and `--color` say, counting them for the summary.
struct Reporter {
    errors: usize,
    warnings: usize,
    hidden: usize,
}

impl Reporter {
    fn new() -> Reporter {
        Reporter { errors: 0, warnings: 0, hidden: 0 }
    }

    fn report(&mut self, con: &mut Console, c: &Common, sources: &SourceMap, diags: &Diagnostics) {
        self.errors += diags.error_count();
        let warnings = diags.list.iter().filter(|d| d.level == p9asm_macros::Level::Warning).count();
        self.warnings += warnings;
        self.hidden += diags.error_count().saturating_sub(diags.list.len() - warnings);
        if diags.list.is_empty() {
            return;
        }
        let text = match c.message_format {
            MessageFormat::Rich => diags.render(sources, use_color(c.color, std::io::stderr().is_terminal())),
            MessageFormat::Short => {
                let mut s = String::new();
                for d in &diags.list {
                    s.push_str(&p9asm_macros::diag::render_short(d, sources));
                    s.push('\n');
                }
                s
            }
        };
        con.diagnostics(&text);
    }

    /// The short format ends with `N errors, M warnings` (and how many were not shown).
    fn finish(&self, con: &mut Console, c: &Common) {
        if c.message_format != MessageFormat::Short || self.errors + self.warnings == 0 {
            return;
        }
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(plural(self.errors, "error"));
        }
        if self.warnings > 0 {
            parts.push(plural(self.warnings, "warning"));
        }
        let mut line = parts.join(", ");
        if self.hidden > 0 {
            line.push_str(&format!(" ({} not shown; -e shows every error)", self.hidden));
        }
        con.error(format_args!("{line}"));
    }
}

fn levels(con: &mut Console, c: &Common) -> Result<Levels, ExitCode> {
    let l = Levels {
        go386: c.go386.clone(),
        goamd64: c.goamd64.clone(),
        gomips64: c.gomips64.clone(),
        goarm: c.goarm.clone(),
    };
    l.check().map(|_| l).map_err(|e| {
        con.error(format_args!("error[E0504]: {e}"));
        ExitCode::from(1)
    })
}

/// One architecture name: p9asm's target, or an error saying why not.
fn one_arch(name: &str) -> Result<GoArch, String> {
    name.parse::<GoArch>().map_err(|e| {
        if p9asm::target::GO_KNOWN_ARCH.contains(&name) {
            format!(
                "p9asm has no target for GOARCH {name:?}; its targets are {}",
                GoArch::ALL.map(|a| a.name()).join(", ")
            )
        } else {
            e
        }
    })
}

fn parse_arch(con: &mut Console, c: &Common) -> Result<GoArch, ExitCode> {
    let name = c.arch.as_deref().unwrap_or("amd64");
    if name.contains(',') {
        con.error(format_args!(
            "error[E0503]: --arch {name:?}: asm and expand take one architecture (build takes a list)"
        ));
        return Err(ExitCode::from(1));
    }
    one_arch(name).map_err(|e| {
        con.error(format_args!("error[E0503]: {e}"));
        ExitCode::from(1)
    })
}

fn expand(con: &mut Console, c: &Common, file: &Path) -> ExitCode {
    let arch = match parse_arch(con, c) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let levels = match levels(con, c) {
        Ok(l) => l,
        Err(e) => return e,
    };
    let mut sources = SourceMap::new();
    let mut diags = new_diags(c);
    let opts = p9asm_macros::Options {
        include_dirs: c.include.clone(),
        defines: c.define.clone(),
        goarch: Some(arch.name().into()),
        goos: Some("linux".into()),
        predefined: levels.predefined(arch),
        ..Default::default()
    };
    // each chunk of statements is printed as soon as the preprocessor has it
    if p9asm_macros::expand::expand_file(file, &opts, &mut sources, &mut diags, &mut con.out).is_err() {
        // stdout failed: Console::finish says how (or stays quiet for a closed pipe)
        return ExitCode::from(1);
    }
    let mut r = Reporter::new();
    r.report(con, c, &sources, &diags);
    r.finish(con, c);
    if diags.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// Reads the inputs (`-` is standard input, read once).
fn read_inputs(files: &[PathBuf], diags: &mut Diagnostics) -> Option<Vec<Input>> {
    let mut inputs = Vec::new();
    let mut ok = true;
    for f in files {
        if f.as_os_str() == "-" {
            let limit = p9asm_macros::source::MAX_FILE_BYTES;
            let mut bytes = Vec::new();
            match std::io::stdin().lock().take(limit + 1).read_to_end(&mut bytes) {
                Ok(n) if n as u64 > limit => {
                    diags.push(p9asm_macros::Diag::error(
                        "E0133",
                        None,
                        format!("standard input is larger than the limit of {limit} bytes"),
                    ));
                    ok = false;
                }
                Ok(_) => inputs.push(Input { name: "<stdin>".into(), path: None, bytes: bytes.into() }),
                Err(e) => {
                    diags.push(p9asm_macros::Diag::error("E0502", None, format!("cannot read standard input: {e}")));
                    ok = false;
                }
            }
            continue;
        }
        match Input::read(f) {
            Ok(i) => inputs.push(i),
            Err(d) => {
                diags.push(*d);
                ok = false;
            }
        }
    }
    ok.then_some(inputs)
}

/// What the command refuses among Go's flags, before reading anything.
fn check_go_flags(con: &mut Console, go: &GoFlags, arch: GoArch) -> Result<(), ExitCode> {
    let fail = |con: &mut Console, msg: String| {
        con.error(format_args!("{msg}"));
        Err(ExitCode::from(1))
    };
    if go.shared && arch != GoArch::Amd64 {
        return fail(
            con,
            format!(
                "error[E0507]: -shared: p9asm makes shared-library code (initial-exec TLS for g) only for amd64, \
                 not {arch}; nothing is written"
            ),
        );
    }
    for (on, flag) in [(go.dynlink, "-dynlink"), (go.linkshared, "-linkshared")] {
        if on {
            return fail(
                con,
                format!(
                    "error[E0507]: {flag}: p9asm cannot reach global symbols through the GOT as Go does for \
                     dynamically linked Go code; nothing is written"
                ),
            );
        }
    }
    match go.spectre.as_deref() {
        None | Some("") | Some("index") => {}
        Some(s @ ("all" | "ret")) => {
            return fail(
                con,
                format!(
                    "error[E0508]: -spectre={s}: p9asm does not implement retpolines yet (Go turns CALL/JMP through a \
                     register into calls of runtime.retpoline<REG>); nothing is written"
                ),
            );
        }
        Some(s) => return fail(con, format!("error[E0504]: unknown setting -spectre={s} (Go's: index, all, ret)")),
    }
    Ok(())
}

fn asm(
    con: &mut Console,
    c: &Common,
    listing: bool,
    output: Option<PathBuf>,
    package: String,
    go: &GoFlags,
    files: &[PathBuf],
) -> ExitCode {
    let arch = match parse_arch(con, c) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let levels = match levels(con, c) {
        Ok(l) => l,
        Err(e) => return e,
    };
    if let Err(e) = check_go_flags(con, go, arch) {
        return e;
    }
    let mut opts = AsmOptions::new(arch);
    opts.package = package;
    opts.include_dirs = c.include.clone();
    opts.defines = c.define.clone();
    opts.listing = listing && !go.gensymabis;
    opts.debug_frame = c.debug_frame;
    opts.debug_info = !c.no_dwarf;
    opts.stackmap = !c.no_stackmap;
    opts.hidden = c.hidden;
    opts.shared = go.shared;
    opts.stage_times = c.stage_times;
    // Go's path rewrites apply to the file names the debug information records
    opts.trimpath = go.trimpath.clone().unwrap_or_default();
    // -e: every error in one run, so parse errors on one line do not hide encoder errors on others
    opts.check_all = c.all_errors;
    opts.predefined = levels.predefined(arch);
    opts.compiling_runtime = go.compiling_runtime;
    let to_stdout = output.as_deref() == Some(Path::new("-"));
    // a file gets the object written straight from its model, without an image in memory
    opts.object_model = !to_stdout;
    if opts.listing && to_stdout {
        con.error(format_args!(
            "error[E0504]: -S prints the listing to stdout, so the object cannot go there too; pick another -o"
        ));
        return ExitCode::from(1);
    }
    let path = match output {
        Some(p) => p,
        None if files.len() == 1 && files[0].as_os_str() != "-" => {
            let stem = files[0].file_stem().map(|s| s.to_os_string()).unwrap_or_default();
            PathBuf::from(stem).with_extension("o")
        }
        None => {
            let what = if files.len() == 1 { "standard input" } else { "several input files" };
            con.error(format_args!("error[E0504]: with {what}, -o must name the output (as in go tool asm)"));
            return ExitCode::from(1);
        }
    };
    // A regular output gets its temporary file now, and each function's code goes into it as
    // it is made (a device or a pipe is opened only to be written, at the end; a file that
    // cannot be made now is reported then, as any other failure to write).
    let mut pending = match std::fs::metadata(&path) {
        Ok(m) if !m.is_file() => None,
        _ if !opts.object_model || go.gensymabis => None,
        _ => match p9asm::emit::output::PendingOutput::create(&path) {
            Ok(p9asm::emit::output::Output::Replace(p)) => Some(p),
            _ => None,
        },
    };
    if let Some(p) = &pending {
        match p.file.try_clone() {
            Ok(f) => opts.text_into = Some(std::sync::Arc::new(f)),
            Err(_) => pending = None,
        }
    }
    let mut sources = SourceMap::new();
    let mut diags = new_diags(c);
    let mut r = Reporter::new();
    let failed = |con: &mut Console| {
        let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        con.error(format_args!("p9asm: assembly of {} failed", names.join(", ")));
        ExitCode::from(1)
    };
    let Some(inputs) = read_inputs(files, &mut diags) else {
        r.report(con, c, &sources, &diags);
        r.finish(con, c);
        return failed(con);
    };
    let obj = if go.gensymabis {
        let text = p9asm::symabis::symabis(inputs, &opts, go.compiling_runtime, &sources, &mut diags);
        r.report(con, c, &sources, &diags);
        r.finish(con, c);
        if diags.has_errors() {
            return failed(con);
        }
        ObjectOut::Image(text.into_bytes())
    } else {
        // the listing streams to stdout function by function
        let sink: Option<p9asm::driver::ListingSink> = if opts.listing { Some(&mut con.out) } else { None };
        let out = p9asm::driver::assemble_inputs_to(inputs, &opts, &mut sources, &mut diags, sink);
        let _ = con.out.flush();
        if con.out.failed() {
            // the listing could not be written: the run failed, and no object is written
            return ExitCode::from(1);
        }
        r.report(con, c, &sources, &diags);
        r.finish(con, c);
        if c.stage_times {
            for (stage, t) in out.stages.rows() {
                let _ = writeln!(con.err, "{stage:>18} {:9.3} ms", t.as_secs_f64() * 1e3);
            }
        }
        if diags.has_errors() {
            return failed(con);
        }
        // The process ends soon: freeing every function's code piece by piece would only cost
        // time (clang's -disable-free does the same).
        std::mem::forget(out.funcs);
        match (out.model, out.object) {
            (Some(model), _) => ObjectOut::Model(Box::new(model)),
            (None, Some(image)) => ObjectOut::Image(image),
            (None, None) => return failed(con),
        }
    };
    if con.failed() {
        // the diagnostics (warnings) could not be shown
        return ExitCode::from(1);
    }
    if let Some(input) = Inputs::of(&sources).replaced_by(&path) {
        con.error(format_args!(
            "error[E0505]: the output {} would overwrite the input {input}; pick another -o",
            path.display()
        ));
        return ExitCode::from(1);
    }
    let written = match &obj {
        ObjectOut::Image(image) if to_stdout => {
            let _ = con.out.write_all(image);
            Ok(())
        }
        ObjectOut::Image(image) => p9asm::emit::output::write_output(&path, image),
        ObjectOut::Model(model) => match pending.take() {
            Some(mut p) => model.write_file(&mut p.file).and_then(|_| p.commit()),
            None => p9asm::emit::output::write_output_with(&path, |f| model.write_file(f)),
        },
    };
    if let Err(e) = written {
        con.error(format_args!("error[E0501]: cannot write {}: {e}", path.display()));
        return ExitCode::from(1);
    }
    std::mem::forget((obj, sources));
    ExitCode::SUCCESS
}

/// What `p9asm asm` writes: an image (symabis, or an object for stdout) or an object model
/// written straight into the output file.
enum ObjectOut {
    Image(Vec<u8>),
    Model(Box<p9asm::emit::elf::ElfObject<'static>>),
}

fn build(con: &mut Console, c: &Common, out: &Path, package: Option<String>, dir: &Path) -> ExitCode {
    let levels = match levels(con, c) {
        Ok(l) => l,
        Err(e) => return e,
    };
    let arches = match c.arch.as_deref() {
        None => GoArch::ALL.to_vec(),
        Some(list) => {
            let mut arches = Vec::new();
            for name in list.split(',').map(str::trim) {
                match one_arch(name) {
                    Ok(a) if !arches.contains(&a) => arches.push(a),
                    Ok(_) => {}
                    Err(e) => {
                        con.error(format_args!("error[E0503]: {e}"));
                        return ExitCode::from(1);
                    }
                }
            }
            arches
        }
    };
    let opts = p9asm::driver::BuildOptions {
        out_dir: out.to_path_buf(),
        package,
        include_dirs: c.include.clone(),
        defines: c.define.clone(),
        max_errors: if c.all_errors { usize::MAX } else { p9asm_macros::diag::DEFAULT_MAX_ERRORS },
        debug_frame: c.debug_frame,
        debug_info: !c.no_dwarf,
        stackmap: !c.no_stackmap,
        hidden: c.hidden,
        arches,
        levels,
    };
    let result = p9asm::driver::build_dir(dir, &opts);
    let mut r = Reporter::new();
    for rep in &result.reports {
        r.report(con, c, &rep.sources, &rep.diags);
    }
    for line in &result.lines {
        let _ = writeln!(con.out, "{line}");
    }
    for line in &result.notes {
        con.error(format_args!("note: {line}"));
    }
    for line in &result.errors {
        con.error(format_args!("{line}"));
    }
    r.finish(con, c);
    if result.failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
