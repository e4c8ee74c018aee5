//! Assembles the runtime stubs (`../stubs/asm_amd64.s`) and this crate's glue (`asm/*.s`) with the
//! p9asm library, packs the objects into `$OUT_DIR/libp9stubs.a` and links it whole-archive.
//!
//! Only x86-64 Linux can run the result; on other targets nothing is assembled and the crate
//! compiles to an empty library (cfg `p9stubs` is not set).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use p9asm::{AsmOptions, Diagnostics, GoArch, SourceMap, assemble_file};

fn main() {
    println!("cargo::rustc-check-cfg=cfg(p9stubs)");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let stubs = manifest.join("..").join("stubs").join("asm_amd64.s");
    let asm_dir = manifest.join("asm");

    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={}", stubs.display());
    println!("cargo:rerun-if-changed={}", asm_dir.display());
    let mut files = vec![stubs];
    let mut glue: Vec<PathBuf> = std::fs::read_dir(&asm_dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", asm_dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "s"))
        .collect();
    glue.sort();
    for g in &glue {
        println!("cargo:rerun-if-changed={}", g.display());
    }
    files.extend(glue);

    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if arch != "x86_64" || os != "linux" {
        println!("cargo:warning=linker-tests runs only on x86_64 Linux; not assembling the stubs for {arch}-{os}");
        return;
    }

    let mut members: Vec<(String, Vec<u8>)> = Vec::new();
    let mut failures = String::new();
    let mut warnings = String::new();
    let mut listing = String::new();
    for path in &files {
        match assemble(path) {
            Ok(a) => {
                let stem = path.file_stem().unwrap_or_default().to_string_lossy();
                // the stubs and a glue file could share a stem; keep member names distinct
                let name = if path.parent() == Some(asm_dir.as_path()) {
                    format!("glue_{stem}.o")
                } else {
                    format!("{stem}.o")
                };
                std::fs::write(out_dir.join(&name), &a.object).expect("write object");
                if !a.warnings.is_empty() {
                    for line in a.warnings.lines() {
                        println!("cargo:warning={line}");
                    }
                    warnings.push_str(&a.warnings);
                }
                let _ = writeln!(listing, "// {}\n{}", path.display(), a.listing);
                members.push((name, a.object));
            }
            Err(rendered) => {
                let _ = writeln!(failures, "p9asm could not assemble {}:\n{rendered}", path.display());
            }
        }
    }
    if !failures.is_empty() {
        // cargo shows a failed build script's stderr: the rendered diagnostics, no backtrace
        eprintln!("{failures}");
        std::process::exit(1);
    }
    // Tests read these: the glue must assemble without warnings, and the listing helps debugging.
    std::fs::write(out_dir.join("asm_warnings.txt"), &warnings).expect("write warnings");
    std::fs::write(out_dir.join("asm_listing.txt"), &listing).expect("write listing");

    let archive = p9asm::emit::archive::write_archive(&members).unwrap_or_else(|e| panic!("write_archive: {e}"));
    std::fs::write(out_dir.join("libp9stubs.a"), archive).expect("write libp9stubs.a");
    println!("cargo:rustc-link-search=native={}", out_dir.display());
    println!("cargo:rustc-link-lib=static:+whole-archive=p9stubs");
    println!("cargo:rustc-cfg=p9stubs");
}

struct Object {
    object: Vec<u8>,
    warnings: String,
    listing: String,
}

/// One file with package "runtime" (so `·x` and `runtime·x` name the same symbol), its
/// directory on the include path. Errors come back rendered.
fn assemble(path: &Path) -> Result<Object, String> {
    let mut opts = AsmOptions::new(GoArch::Amd64);
    opts.package = "runtime".into();
    opts.listing = true;
    // Go's -shared (initial-exec TLS for g) and hidden symbols: the same objects then link into
    // executables and into cdylibs (build-tests/ makes one)
    opts.shared = true;
    opts.hidden = true;
    if let Some(dir) = path.parent() {
        opts.include_dirs.push(dir.to_path_buf());
    }
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new(50);
    let a = assemble_file(path, &opts, &mut sources, &mut diags);
    let rendered = diags.render(&sources, false);
    match a.object {
        Some(object) if !diags.has_errors() => Ok(Object { object, warnings: rendered, listing: a.listing }),
        _ => Err(if rendered.is_empty() { "no object and no diagnostics".into() } else { rendered }),
    }
}
