//! The `p9asm` command.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use p9asm::console::Console;
use p9asm::driver::AsmOptions;
use p9asm::emit::output::Inputs;
use p9asm::target::GoArch;
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
    /// one line per diagnostic: file:line:col: error[CODE]: message
    Short,
}

#[derive(clap::Args, Clone)]
struct Common {
    /// Target architecture (386, amd64, amd64p32, arm, arm64, mips64, mips64le, ppc64, ppc64le,
    /// s390x). Defaults to $GOARCH, else amd64.
    #[arg(long = "arch", short = 'a', env = "GOARCH", default_value = "amd64")]
    arch: String,
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
    /// Also write a .debug_frame section (the same CFI as .eh_frame) for tools that read only
    /// that one.
    #[arg(long)]
    debug_frame: bool,
}

#[derive(Subcommand)]
enum Cmd {
    /// Print the preprocessed statements, one per line, each tagged with where it came from.
    Expand {
        #[command(flatten)]
        common: Common,
        file: PathBuf,
    },
    /// Assemble one file into an ELF object (Go's flags: -I -D -S -o -p).
    Asm {
        #[command(flatten)]
        common: Common,
        /// Print the assembly listing in `go tool asm -S` format to stdout.
        #[arg(short = 'S')]
        listing: bool,
        /// Output file (`-` for stdout). Default: FILE with .o in the current directory.
        #[arg(short = 'o')]
        output: Option<PathBuf>,
        /// Package path that replaces "" in ·name symbols.
        #[arg(short = 'p', default_value = "main")]
        package: String,
        file: PathBuf,
    },
    /// Assemble every .s file in DIR for each architecture its name selects (Go's rules:
    /// _amd64.s, _mips64x.s = mips64 + mips64le, ...), writing <out>/<arch>/<file>.o and an
    /// archive <out>/<arch>/lib<dir>.a.
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

fn main() -> ExitCode {
    let mut con = Console::new();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap's help, version and usage errors go through the console like everything else
            let status = ExitCode::from(e.exit_code().clamp(0, 255) as u8);
            let text = e.render();
            if e.use_stderr() {
                let text = if std::io::stderr().is_terminal() { text.ansi().to_string() } else { text.to_string() };
                con.diagnostics(&text);
            } else {
                let text = if std::io::stdout().is_terminal() { text.ansi().to_string() } else { text.to_string() };
                let _ = con.out.write_all(text.as_bytes());
            }
            let written = con.finish(status);
            // a usage error stays status 2 even when it could not be printed
            return if e.exit_code() == 0 { written } else { status };
        }
    };
    let status = match cli.cmd {
        Cmd::Expand { common, file } => expand(&mut con, &common, &file),
        Cmd::Asm { common, listing, output, package, file } => asm(&mut con, &common, listing, output, package, &file),
        Cmd::Build { common, out, package, dir } => build(&mut con, &common, &out, package, &dir),
    };
    con.finish(status)
}

fn new_diags(c: &Common) -> Diagnostics {
    Diagnostics::new(if c.all_errors { usize::MAX } else { p9asm_macros::diag::DEFAULT_MAX_ERRORS })
}

fn report(con: &mut Console, c: &Common, sources: &SourceMap, diags: &Diagnostics) {
    if diags.list.is_empty() {
        return;
    }
    let text = match c.message_format {
        MessageFormat::Rich => diags.render(sources, std::io::stderr().is_terminal()),
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

fn parse_arch(con: &mut Console, c: &Common) -> Result<GoArch, ExitCode> {
    c.arch.parse::<GoArch>().map_err(|e| {
        con.error(format_args!("error[E0503]: {e}"));
        ExitCode::from(1)
    })
}

fn expand(con: &mut Console, c: &Common, file: &Path) -> ExitCode {
    let arch = match parse_arch(con, c) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let mut sources = SourceMap::new();
    let mut diags = new_diags(c);
    let opts = p9asm_macros::Options {
        include_dirs: c.include.clone(),
        defines: c.define.clone(),
        goarch: Some(arch.name().into()),
        goos: Some("linux".into()),
        ..Default::default()
    };
    // each chunk of statements is printed as soon as the preprocessor has it
    if p9asm_macros::expand::expand_file(file, &opts, &mut sources, &mut diags, &mut con.out).is_err() {
        // stdout failed: Console::finish says how (or stays quiet for a closed pipe)
        return ExitCode::from(1);
    }
    report(con, c, &sources, &diags);
    if diags.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn asm(
    con: &mut Console,
    c: &Common,
    listing: bool,
    output: Option<PathBuf>,
    package: String,
    file: &Path,
) -> ExitCode {
    let arch = match parse_arch(con, c) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let mut opts = AsmOptions::new(arch);
    opts.package = package;
    opts.include_dirs = c.include.clone();
    opts.defines = c.define.clone();
    opts.listing = listing;
    opts.debug_frame = c.debug_frame;
    let to_stdout = output.as_deref() == Some(Path::new("-"));
    if listing && to_stdout {
        con.error(format_args!(
            "error[E0504]: -S prints the listing to stdout, so the object cannot go there too; pick another -o"
        ));
        return ExitCode::from(1);
    }
    let mut sources = SourceMap::new();
    let mut diags = new_diags(c);
    // the listing streams to stdout function by function
    let sink: Option<p9asm::driver::ListingSink> = if listing { Some(&mut con.out) } else { None };
    let out = p9asm::assemble_file_to(file, &opts, &mut sources, &mut diags, sink);
    let _ = con.out.flush();
    if con.out.failed() {
        // the listing could not be written: the run failed, and no object is written
        return ExitCode::from(1);
    }
    report(con, c, &sources, &diags);
    let Some(obj) = out.object.filter(|_| !diags.has_errors()) else {
        con.error(format_args!("p9asm: assembly of {} failed", file.display()));
        return ExitCode::from(1);
    };
    if con.failed() {
        // the diagnostics (warnings) could not be shown
        return ExitCode::from(1);
    }
    let path = output.unwrap_or_else(|| {
        let stem = file.file_stem().map(|s| s.to_os_string()).unwrap_or_default();
        PathBuf::from(stem).with_extension("o")
    });
    if let Some(input) = Inputs::of(&sources).replaced_by(&path) {
        con.error(format_args!(
            "error[E0505]: the output {} would overwrite the input {input}; pick another -o",
            path.display()
        ));
        return ExitCode::from(1);
    }
    if to_stdout {
        let _ = con.out.write_all(&obj);
    } else if let Err(e) = p9asm::emit::output::write_output(&path, &obj) {
        con.error(format_args!("error[E0501]: cannot write {}: {e}", path.display()));
        return ExitCode::from(1);
    }
    // The process ends here: freeing every function's code and the sources piece by piece
    // would only cost time (clang's -disable-free does the same).
    std::mem::forget((obj, out.funcs, sources));
    ExitCode::SUCCESS
}

fn build(con: &mut Console, c: &Common, out: &Path, package: Option<String>, dir: &Path) -> ExitCode {
    let opts = p9asm::driver::BuildOptions {
        out_dir: out.to_path_buf(),
        package,
        include_dirs: c.include.clone(),
        defines: c.define.clone(),
        max_errors: if c.all_errors { usize::MAX } else { p9asm_macros::diag::DEFAULT_MAX_ERRORS },
        debug_frame: c.debug_frame,
    };
    let result = p9asm::driver::build_dir(dir, &opts);
    for r in &result.reports {
        report(con, c, &r.sources, &r.diags);
    }
    for line in &result.lines {
        let _ = writeln!(con.out, "{line}");
    }
    for line in &result.errors {
        con.error(format_args!("{line}"));
    }
    if result.failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
