//! A build-script API in the manner of the `cc` crate: assemble Go assembly files from a
//! `build.rs`, archive them, and tell cargo how to link the archive.
//!
//! ```no_run
//! // build.rs
//! p9asm::Build::new()
//!     .file("src/sum_amd64.s")
//!     .file("src/sum_arm64.s")
//!     .include("src")
//!     .define("UNROLL", Some("4"))
//!     .compile("sum");
//! ```
//!
//! The Go architecture comes from cargo's `CARGO_CFG_TARGET_ARCH` (and the target's byte order and
//! pointer width: `mips64` little-endian is `mips64le`, `x86_64` with 32-bit pointers is
//! `amd64p32`). Go's file rules choose which files belong to it, as `go build` would (a
//! `_GOARCH` or `_GOOS_GOARCH` suffix, `//go:build` and `// +build` lines; GOOS is linux), so a
//! crate lists the files of every architecture and each target assembles its own. `compile`
//! prints `cargo:rerun-if-changed` for every listed file and every header an `#include` read,
//! `cargo:warning` for each warning, and the link lines; on an error it panics with every
//! diagnostic, rendered as the command line renders them, so the build fails showing them.
//!
//! Use the library without its command-line front end: `p9asm = { version = "...",
//! default-features = false }` (the `cli` feature brings clap).

use std::path::{Path, PathBuf};

use crate::driver::AsmOptions;
use crate::target::{BuildContext, GoArch, Levels};

/// What to assemble and how (see the module documentation).
#[derive(Clone, Debug)]
pub struct Build {
    files: Vec<PathBuf>,
    include_dirs: Vec<PathBuf>,
    defines: Vec<String>,
    package: String,
    goarch: Option<GoArch>,
    out_dir: Option<PathBuf>,
    cargo_metadata: bool,
    link_whole: bool,
    debug_info: bool,
    stackmap: bool,
    hidden: bool,
    shared: bool,
    compiling_runtime: bool,
    levels: Levels,
}

/// The result of [`Build::try_compile`].
#[derive(Clone, Debug, Default)]
pub struct Compiled {
    pub goarch: Option<GoArch>,
    /// The archive written (`OUT_DIR/lib<name>.a`).
    pub archive: PathBuf,
    /// The files assembled, and those Go's file rules left out for this architecture.
    pub assembled: Vec<PathBuf>,
    pub skipped: Vec<PathBuf>,
    /// The `cargo:` lines (printed when cargo metadata is on, which is the default).
    pub cargo_lines: Vec<String>,
}

/// Why [`Build::try_compile`] failed: the rendered diagnostics, or a set-up problem.
#[derive(Clone, Debug)]
pub struct Error {
    pub message: String,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl Default for Build {
    fn default() -> Build {
        Build::new()
    }
}

impl Build {
    pub fn new() -> Build {
        Build {
            files: Vec::new(),
            include_dirs: Vec::new(),
            defines: Vec::new(),
            package: "main".into(),
            goarch: None,
            out_dir: None,
            cargo_metadata: true,
            link_whole: false,
            debug_info: true,
            stackmap: true,
            hidden: false,
            shared: false,
            compiling_runtime: false,
            levels: Levels::default(),
        }
    }

    /// Adds a `.s` file (relative paths are relative to the crate, as cargo runs build scripts
    /// in the manifest's directory).
    pub fn file(&mut self, path: impl AsRef<Path>) -> &mut Build {
        self.files.push(path.as_ref().to_path_buf());
        self
    }

    pub fn files<P: AsRef<Path>>(&mut self, paths: impl IntoIterator<Item = P>) -> &mut Build {
        for p in paths {
            self.file(p);
        }
        self
    }

    /// An `#include` directory (`-I`), searched after the including file's own directory.
    pub fn include(&mut self, dir: impl AsRef<Path>) -> &mut Build {
        self.include_dirs.push(dir.as_ref().to_path_buf());
        self
    }

    /// A predefined macro (`-D NAME` or `-D NAME=VALUE`).
    pub fn define(&mut self, name: &str, value: Option<&str>) -> &mut Build {
        self.defines.push(match value {
            Some(v) => format!("{name}={v}"),
            None => name.to_string(),
        });
        self
    }

    /// The Go package path `·name` symbols get (Go's `-p`; default `main`): `·f` becomes the ELF
    /// symbol `PACKAGE.f`.
    pub fn package(&mut self, package: &str) -> &mut Build {
        self.package = package.to_string();
        self
    }

    /// Assembles for this architecture instead of cargo's target's.
    pub fn goarch(&mut self, arch: GoArch) -> &mut Build {
        self.goarch = Some(arch);
        self
    }

    /// Where the objects and the archive go (default: cargo's `OUT_DIR`).
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Build {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Whether to print the `cargo:` lines (default: yes).
    pub fn cargo_metadata(&mut self, on: bool) -> &mut Build {
        self.cargo_metadata = on;
        self
    }

    /// Links every member of the archive (`static:+whole-archive`), for objects nothing
    /// references by name but that must be there (a stack-map reader, functions reached only
    /// through tables).
    pub fn link_whole(&mut self, on: bool) -> &mut Build {
        self.link_whole = on;
        self
    }

    /// Source-line debug information (default: on, as `p9asm asm` without `--no-dwarf`).
    pub fn debug_info(&mut self, on: bool) -> &mut Build {
        self.debug_info = on;
        self
    }

    /// The stack-map section (default: on; see the book's frames chapter).
    pub fn stackmap(&mut self, on: bool) -> &mut Build {
        self.stackmap = on;
        self
    }

    /// Defines every global symbol hidden (STV_HIDDEN), for code linked into a `cdylib` or
    /// another shared object that should not export it.
    pub fn hidden(&mut self, on: bool) -> &mut Build {
        self.hidden = on;
        self
    }

    /// Code for a shared library (Go's `-shared`): functions with Go's stack check reach g
    /// through initial-exec TLS, which a `cdylib` may contain, instead of local-exec, which only
    /// an executable may. amd64 only; on other targets `try_compile` fails (E0507). Pair it with
    /// [`Build::hidden`] so the code's own data references need no GOT.
    pub fn shared(&mut self, on: bool) -> &mut Build {
        self.shared = on;
        self
    }

    /// The files are part of the Go runtime (`-compiling-runtime`: ABI selectors allowed).
    pub fn compiling_runtime(&mut self, on: bool) -> &mut Build {
        self.compiling_runtime = on;
        self
    }

    /// `GOAMD64` and friends, as `go build` predefines them (default: Go's defaults).
    pub fn levels(&mut self, levels: Levels) -> &mut Build {
        self.levels = levels;
        self
    }

    /// Assembles and archives into `lib<name>.a`, then prints the `cargo:` lines; panics with
    /// the diagnostics on any error, which fails the build showing them.
    pub fn compile(&self, name: &str) {
        if let Err(e) = self.try_compile(name) {
            panic!("\n\n{e}\n");
        }
    }

    /// [`Build::compile`] without the panic.
    pub fn try_compile(&self, name: &str) -> Result<Compiled, Error> {
        let err = |message: String| Error { message };
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with("lib") && name.ends_with(".a") {
            return Err(err(format!("p9asm::Build: {name:?} is not a library name (give `foo` for libfoo.a)")));
        }
        let goarch = match self.goarch {
            Some(a) => a,
            None => goarch_from_cargo()?,
        };
        let out_dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| err("p9asm::Build: OUT_DIR is not set (not in a build script? use out_dir)".into()))?,
        };
        std::fs::create_dir_all(&out_dir).map_err(|e| err(format!("cannot create {}: {e}", out_dir.display())))?;
        let mut res = Compiled { goarch: Some(goarch), ..Compiled::default() };
        let mut lines = Vec::new();
        let mut rerun: Vec<PathBuf> = Vec::new();
        let mut members: Vec<(String, Vec<u8>)> = Vec::new();
        let mut failures = String::new();
        let ctx = BuildContext { goarch: goarch.name() };
        let mut opts = AsmOptions::new(goarch);
        opts.package = self.package.clone();
        opts.include_dirs = self.include_dirs.clone();
        opts.defines = self.defines.clone();
        opts.predefined = self.levels.predefined(goarch);
        opts.debug_info = self.debug_info;
        opts.stackmap = self.stackmap;
        opts.hidden = self.hidden;
        if self.shared && goarch != GoArch::Amd64 {
            return Err(err(format!(
                "error[E0507]: p9asm::Build::shared: shared-library code (initial-exec TLS for g) is made only for amd64, not {goarch}"
            )));
        }
        opts.shared = self.shared;
        opts.compiling_runtime = self.compiling_runtime;
        self.levels.check().map_err(err)?;
        for path in &self.files {
            rerun.push(path.clone());
            let bytes =
                std::fs::read(path).map_err(|e| err(format!("error[E0502]: cannot read {}: {e}", path.display())))?;
            let base = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
            match ctx.match_file(&base, &bytes) {
                Ok(true) => {}
                Ok(false) => {
                    res.skipped.push(path.clone());
                    continue;
                }
                Err(e) => {
                    failures.push_str(&format!("error[E0506]: {}: {e}\n", path.display()));
                    continue;
                }
            }
            let mut sources = p9asm_macros::SourceMap::new();
            let mut diags = p9asm_macros::Diagnostics::new(usize::MAX);
            let input = crate::driver::Input {
                name: path.display().to_string(),
                path: Some(path.clone()),
                bytes: bytes.into(),
            };
            let a = crate::driver::assemble_inputs_to(vec![input], &opts, &mut sources, &mut diags, None);
            // every file the preprocessor read, the headers included: a change to one reruns
            for f in sources.files() {
                if let Some(p) = &f.path
                    && !rerun.contains(p)
                {
                    rerun.push(p.clone());
                }
            }
            let rendered = diags.render(&sources, false);
            if diags.has_errors() || a.object.is_none() {
                failures.push_str(&rendered);
                continue;
            }
            for w in rendered.lines().filter(|l| !l.trim().is_empty()) {
                lines.push(format!("cargo:warning={w}"));
            }
            let stem = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
            let mut member = format!("{stem}.o");
            let mut k = 1;
            while members.iter().any(|(m, _)| *m == member) {
                k += 1;
                member = format!("{stem}-{k}.o");
            }
            let obj = a.object.unwrap_or_default();
            std::fs::write(out_dir.join(&member), &obj)
                .map_err(|e| err(format!("cannot write {}: {e}", out_dir.join(&member).display())))?;
            members.push((member, obj));
            res.assembled.push(path.clone());
        }
        for p in &rerun {
            lines.push(format!("cargo:rerun-if-changed={}", p.display()));
        }
        if !failures.is_empty() {
            if self.cargo_metadata {
                // rerun once any of them changes, even though this run failed
                for l in lines.iter().filter(|l| l.starts_with("cargo:rerun-if-changed")) {
                    println!("{l}");
                }
            }
            return Err(err(format!("p9asm: assembling {name} for {} failed:\n{failures}", goarch.name())));
        }
        let archive = crate::emit::archive::write_archive(&members).map_err(err)?;
        res.archive = out_dir.join(format!("lib{name}.a"));
        std::fs::write(&res.archive, archive)
            .map_err(|e| err(format!("cannot write {}: {e}", res.archive.display())))?;
        lines.push(format!("cargo:rustc-link-search=native={}", out_dir.display()));
        let kind = if self.link_whole { "static:+whole-archive" } else { "static" };
        lines.push(format!("cargo:rustc-link-lib={kind}={name}"));
        if self.cargo_metadata {
            for l in &lines {
                println!("{l}");
            }
        }
        res.cargo_lines = lines;
        Ok(res)
    }
}

/// The Go architecture of cargo's target (`CARGO_CFG_TARGET_ARCH`, `_ENDIAN`,
/// `_POINTER_WIDTH`, `_OS`).
fn goarch_from_cargo() -> Result<GoArch, Error> {
    let var = |n: &str| std::env::var(n).unwrap_or_default();
    let (arch, endian, width, os) = (
        var("CARGO_CFG_TARGET_ARCH"),
        var("CARGO_CFG_TARGET_ENDIAN"),
        var("CARGO_CFG_TARGET_POINTER_WIDTH"),
        var("CARGO_CFG_TARGET_OS"),
    );
    if matches!(os.as_str(), "macos" | "ios" | "tvos" | "watchos" | "windows" | "uefi") {
        return Err(Error {
            message: format!("p9asm::Build: p9asm writes ELF objects; the {os} target does not link them"),
        });
    }
    goarch_of(&arch, &endian, &width).ok_or_else(|| Error {
        message: if arch.is_empty() {
            "p9asm::Build: CARGO_CFG_TARGET_ARCH is not set (not in a build script? use goarch)".into()
        } else {
            format!("p9asm::Build: Go has no architecture for the target arch {arch} ({endian}-endian, {width}-bit)")
        },
    })
}

/// Rust's target arch (with byte order and pointer width) as Go's.
pub fn goarch_of(arch: &str, endian: &str, pointer_width: &str) -> Option<GoArch> {
    let little = endian != "big";
    Some(match arch {
        "x86_64" if pointer_width == "32" => GoArch::Amd64p32,
        "x86_64" => GoArch::Amd64,
        "x86" => GoArch::I386,
        "arm" => GoArch::Arm,
        "aarch64" if pointer_width == "64" || pointer_width.is_empty() => GoArch::Arm64,
        "mips64" if little => GoArch::Mips64le,
        "mips64" => GoArch::Mips64,
        "powerpc64" if little => GoArch::Ppc64le,
        "powerpc64" => GoArch::Ppc64,
        "s390x" => GoArch::S390x,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_arches_map_to_go_arches() {
        assert_eq!(goarch_of("x86_64", "little", "64"), Some(GoArch::Amd64));
        assert_eq!(goarch_of("x86_64", "little", "32"), Some(GoArch::Amd64p32));
        assert_eq!(goarch_of("x86", "little", "32"), Some(GoArch::I386));
        assert_eq!(goarch_of("aarch64", "little", "64"), Some(GoArch::Arm64));
        assert_eq!(goarch_of("aarch64", "little", "32"), None, "arm64 ILP32 is not a Go arch");
        assert_eq!(goarch_of("mips64", "little", "64"), Some(GoArch::Mips64le));
        assert_eq!(goarch_of("mips64", "big", "64"), Some(GoArch::Mips64));
        assert_eq!(goarch_of("powerpc64", "big", "64"), Some(GoArch::Ppc64));
        assert_eq!(goarch_of("powerpc64", "little", "64"), Some(GoArch::Ppc64le));
        assert_eq!(goarch_of("s390x", "big", "64"), Some(GoArch::S390x));
        assert_eq!(goarch_of("riscv64", "little", "64"), None);
    }
}
