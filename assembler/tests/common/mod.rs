//! Shared helpers for the oracle tests: running Go 1.19's assembler and reading `-S` listings.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

pub const GO: &str = "/usr/lib/go-1.19/bin/go";
/// Go 1.19's encoder test corpus (package golang-1.19-src).
pub const GO_TESTDATA: &str = "/usr/lib/go-1.19/src/cmd/asm/internal/asm/testdata";

/// A file of Go 1.19's sources that a differential test reads: its absence fails the test
/// (unless oracles may be skipped), so that a missing package never shrinks a test silently.
pub fn go_source(path: &str) -> Option<String> {
    if !oracle_available(path) {
        return None;
    }
    Some(std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}")))
}

/// Whether oracle tests may be skipped (only when P9ASM_SKIP_ORACLES=1, and never under CI);
/// otherwise a missing oracle is a test failure, because the set-up installs them.
pub fn oracle_available(tool: &str) -> bool {
    if Path::new(tool).exists() || which(tool) {
        return true;
    }
    let skip = std::env::var("P9ASM_SKIP_ORACLES").as_deref() == Ok("1");
    if skip && std::env::var_os("CI").is_some() {
        panic!("{tool} is not installed, and P9ASM_SKIP_ORACLES is refused when CI is set: CI must run every oracle");
    }
    if skip {
        eprintln!("skipping: {tool} not installed and P9ASM_SKIP_ORACLES=1");
        return false;
    }
    panic!("{tool} is not installed: run scripts/install-deps.sh (or set P9ASM_SKIP_ORACLES=1 to skip oracle tests)");
}

fn which(tool: &str) -> bool {
    Command::new("sh").arg("-c").arg(format!("command -v {tool}")).output().map(|o| o.status.success()).unwrap_or(false)
}

/// Runs `go tool asm` with extra flags on `file` (run in `dir`), returning stdout.
pub fn go_asm(goarch: &str, dir: &Path, file: &str, extra: &[&str]) -> String {
    let out_obj = std::env::temp_dir().join(format!("p9asm-oracle-{}-{goarch}.o", std::process::id()));
    let mut cmd = Command::new(GO);
    cmd.current_dir(dir)
        .env("GOOS", "linux")
        .env("GOARCH", goarch)
        .env("GOAMD64", "v1")
        .env("GOCACHE", std::env::temp_dir().join("p9asm-gocache"))
        .args(["tool", "asm", "-p", "runtime", "-I", "/usr/lib/go-1.19/pkg/include"])
        .args(["-D", "GOOS_linux", "-D", &format!("GOARCH_{goarch}")])
        .args(extra)
        .arg("-o")
        .arg(&out_obj)
        .arg(file);
    let out = cmd.output().expect("run go tool asm");
    let _ = std::fs::remove_file(&out_obj);
    assert!(out.status.success(), "go tool asm failed:\n{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 listing")
}

/// Runs `go tool asm -S -p main` for `goarch` on source text (written to `TMP/tag.s`):
/// Go's listing, or its error output when it rejects the file.
pub fn go_asm_text(goarch: &str, src: &str, tmp: &Path, tag: &str) -> Result<String, String> {
    std::fs::create_dir_all(tmp).unwrap();
    let file = tmp.join(format!("{tag}.s"));
    let obj = tmp.join(format!("{tag}.o"));
    std::fs::write(&file, src).unwrap();
    let out = Command::new(GO)
        .current_dir(tmp)
        .env("GOOS", "linux")
        .env("GOARCH", goarch)
        .env("GOAMD64", "v1")
        .env("GOCACHE", std::env::temp_dir().join("p9asm-gocache"))
        .args(["tool", "asm", "-S", "-p", "main", "-I", "/usr/lib/go-1.19/pkg/include", "-o"])
        .arg(&obj)
        .arg(&file)
        .output()
        .expect("run go tool asm");
    let _ = std::fs::remove_file(&obj);
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// The repository's root.
pub fn root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Assembles `rel` (from the repository's root) for `arch` in package runtime, keeping the
/// Progs; it must assemble, and its object must pass [`verify_object`].
/// `src` assembled for `arch` in package `p` with `$GOROOT/pkg/include`: its object, which must
/// have no errors.
pub fn assemble_text(arch: p9asm::target::GoArch, src: &str) -> Vec<u8> {
    let mut opts = p9asm::driver::AsmOptions::new(arch);
    opts.package = "p".into();
    opts.include_dirs.push("/usr/lib/go-1.19/pkg/include".into());
    let mut sources = p9asm_macros::SourceMap::new();
    let mut diags = p9asm_macros::Diagnostics::new(usize::MAX);
    let a = p9asm::driver::assemble_source("t.s", None, src.as_bytes().to_vec(), &opts, &mut sources, &mut diags);
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    a.object.expect("object")
}

pub fn assemble_runtime_file(arch: p9asm::target::GoArch, rel: &str) -> (Vec<u8>, p9asm::driver::Assembled) {
    let mut opts = p9asm::driver::AsmOptions::new(arch);
    opts.package = "runtime".into();
    opts.keep_progs = true;
    opts.include_dirs.push("/usr/lib/go-1.19/pkg/include".into());
    let mut sources = p9asm_macros::SourceMap::new();
    let mut diags = p9asm_macros::Diagnostics::new(usize::MAX);
    let a = p9asm::assemble_file(&root().join(rel), &opts, &mut sources, &mut diags);
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    let obj = a.object.clone().expect("object");
    verify_object(&obj).unwrap_or_else(|e| panic!("{rel}: {e}"));
    (obj, a)
}

/// A file in this test process's own scratch directory (`tag` names the test file).
pub fn scratch_file(tag: &str, name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("p9asm-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

/// Runs a tool that must succeed without warnings or errors; its stdout.
pub fn run_clean(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("warning") && !stderr.contains("error"), "{cmd:?}: {stderr}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// One symbol of a `-S` listing.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Listed {
    pub header: String,
    pub name: String,
    /// (pc, "file:line", instruction text)
    pub progs: Vec<(u32, String, String)>,
    pub bytes: Vec<u8>,
    pub rels: Vec<String>,
}

pub fn parse_listing(s: &str) -> Vec<Listed> {
    let mut out: Vec<Listed> = Vec::new();
    for line in s.lines() {
        if !line.starts_with('\t') {
            let name = line.split(' ').next().unwrap_or("").to_string();
            out.push(Listed { header: line.to_string(), name, ..Default::default() });
            continue;
        }
        let Some(cur) = out.last_mut() else { continue };
        let l = &line[1..];
        if let Some(rel) = l.strip_prefix("rel ") {
            cur.rels.push(rel.to_string());
        } else if l.starts_with("0x") {
            // instruction: "0x0000 00000 (file:line)\tINSTR"; hex: "0x0000 8b 4c ..."
            let rest = &l[7..];
            if let Some(paren) = rest.find(" (")
                && rest[..paren].chars().all(|c| c.is_ascii_digit())
            {
                let pc = u32::from_str_radix(&l[2..6], 16).unwrap();
                let close = rest.find(")\t").unwrap();
                let pos = rest[paren + 2..close].to_string();
                let text = rest[close + 2..].to_string();
                cur.progs.push((pc, pos, text));
                continue;
            }
            let hex = &l[6..l.len().min(6 + 16 * 3 + 1)];
            for b in hex.split_whitespace() {
                if b.len() == 2
                    && let Ok(v) = u8::from_str_radix(b, 16)
                {
                    cur.bytes.push(v);
                }
            }
        }
    }
    out
}

/// `-d pctab=...` output: function name → table bytes.
pub fn parse_pctab(s: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut name = String::new();
    let mut take_next = false;
    for line in s.lines() {
        if let Some(rest) = line.strip_prefix("funcpctab ") {
            name = rest.split(' ').next().unwrap_or("").to_string();
        } else if line.starts_with("wrote ") {
            take_next = true;
            if line.starts_with("wrote 0 bytes") {
                out.push((name.clone(), Vec::new()));
                take_next = false;
            }
        } else if take_next {
            out.push((name.clone(), line.split_whitespace().map(|b| u8::from_str_radix(b, 16).unwrap()).collect()));
            take_next = false;
        }
    }
    out
}

pub mod frames;
pub mod runtime;
#[path = "stackmap_decode.rs"]
pub mod stackmap_decode;
pub mod vectors;
#[path = "verify.rs"]
mod verify;
#[allow(unused_imports)] // not every test file that includes `common` verifies objects
pub use verify::verify_object;

/// `objcopy -O elf64-x86-64` of an x32 object, with the relocation types of the x32 object put
/// back: BFD converts through its generic relocation codes and turns R_X86_64_TPOFF32 into
/// R_X86_64_32 (and PLT32 into PC32), which would link g's TLS slot as an absolute address.
pub fn x32_to_elf64(x32: &Path, out: &Path) {
    use object::{Object, ObjectSection};
    run_clean(Command::new("objcopy").args(["-O", "elf64-x86-64"]).arg(x32).arg(out));
    let orig = std::fs::read(x32).unwrap();
    let f32 = object::File::parse(&*orig).unwrap();
    let mut bytes = std::fs::read(out).unwrap();
    let patches: Vec<(String, Vec<(u64, u32)>)> = f32
        .sections()
        .map(|s| {
            let relocs = s
                .relocations()
                .map(|(off, r)| match r.flags() {
                    object::RelocationFlags::Elf { r_type } => (off, r_type.0),
                    _ => unreachable!(),
                })
                .collect();
            (s.name().unwrap().to_string(), relocs)
        })
        .collect();
    let f64 = object::File::parse(&*bytes).unwrap();
    assert!(f64.is_64());
    // (file offset of each RELA entry, its r_offset) per section
    let mut writes = Vec::new();
    for (name, relocs) in &patches {
        if relocs.is_empty() {
            continue;
        }
        let rela = f64
            .sections()
            .find(|r| r.name().ok() == Some(&format!(".rela{name}")))
            .unwrap_or_else(|| panic!(".rela{name}"));
        let (start, size) = rela.file_range().unwrap();
        assert_eq!(size as usize / 24, relocs.len(), "{name}: objcopy kept every relocation");
        for (k, &(off, ty)) in relocs.iter().enumerate() {
            let at = start as usize + 24 * k;
            let r_offset = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
            assert_eq!(r_offset, off, "{name}: relocation {k} in the same order");
            writes.push((at + 8, ty));
        }
    }
    for (at, ty) in writes {
        bytes[at..at + 4].copy_from_slice(&ty.to_le_bytes());
    }
    std::fs::write(out, bytes).unwrap();
}
