//! The arm64 stubs as a runtime, the arm64 counterpart of `linker-tests` on amd64: a static C
//! harness (`tests/data/arm64_runtime/runtime.c`, with the Plan 9 glue and callees in
//! `glue.s`, both assembled here by p9asm) linked with `stubs/asm_arm64.s` by
//! `aarch64-linux-gnu-gcc -static` and run under `qemu-aarch64`. The harness prints one line per
//! check (`ok NAME …` / `FAIL NAME …`) and the frames it saw (`frame WALK TAG K ip sp …`); each
//! test here reads one family of checks, and resolves the frames against the executable's
//! symbol table (addresses and sizes), independently of the stack-map section.
//!
//! Skipped, with a message, when `aarch64-linux-gnu-gcc` or `qemu-aarch64` is missing, unless
//! `CI` is set (then missing tools fail the test: `scripts/install-deps.sh` installs them).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::*;
use object::{Object, ObjectSymbol};
use p9asm::driver::AsmOptions;
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

const DATA: &str = "assembler/tests/data/arm64_runtime";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn assemble(rel: &str) -> Vec<u8> {
    let mut opts = AsmOptions::new(GoArch::Arm64);
    opts.package = "runtime".into();
    opts.include_dirs.push("/usr/lib/go-1.19/pkg/include".into());
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    let a = p9asm::assemble_file(&root().join(rel), &opts, &mut sources, &mut diags);
    assert!(!diags.has_errors(), "{}", diags.render(&sources, false));
    let obj = a.object.expect("object");
    verify_object(&obj).unwrap_or_else(|e| panic!("{rel}: {e}"));
    obj
}

fn which(tool: &str) -> bool {
    Command::new("sh").arg("-c").arg(format!("command -v {tool}")).output().map(|o| o.status.success()).unwrap_or(false)
}

struct Harness {
    exe: PathBuf,
    /// (name, address, size) of every sized symbol in the executable
    symbols: Vec<(String, u64, u64)>,
}

impl Harness {
    /// The symbol whose `[address, address + size)` holds `addr`.
    fn symbol(&self, addr: u64) -> &str {
        self.symbols.iter().find(|(_, a, s)| addr >= *a && addr < a + s).map_or("?", |(n, ..)| n.as_str())
    }

    /// The symbol holding a return address (looked up at `ra - 1`: a BL can end a function).
    fn caller(&self, ra: u64) -> &str {
        self.symbol(ra - 1)
    }
}

/// Builds the harness once per test binary; `None` (after a message) when the tools are missing
/// and CI is not set.
fn harness() -> Option<&'static Harness> {
    static H: OnceLock<Option<Harness>> = OnceLock::new();
    H.get_or_init(|| {
        for tool in ["aarch64-linux-gnu-gcc", "qemu-aarch64"] {
            if !which(tool) {
                assert!(std::env::var_os("CI").is_none(), "{tool} is missing on CI: run scripts/install-deps.sh");
                eprintln!("skipping the arm64 runtime tests: {tool} is not installed (scripts/install-deps.sh)");
                return None;
            }
        }
        let dir = std::env::temp_dir().join(format!("p9asm-arm64-runtime-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (stubs, glue, exe) = (dir.join("stubs.o"), dir.join("glue.o"), dir.join("runtime"));
        std::fs::write(&stubs, assemble("stubs/asm_arm64.s")).unwrap();
        std::fs::write(&glue, assemble(&format!("{DATA}/glue.s"))).unwrap();
        let out = Command::new("aarch64-linux-gnu-gcc")
            .args(["-O2", "-Wall", "-Werror", "-static", "-o"])
            .arg(&exe)
            .arg(root().join(DATA).join("runtime.c"))
            .arg(&glue)
            .arg(&stubs)
            .output()
            .unwrap();
        assert!(out.status.success(), "aarch64-linux-gnu-gcc: {}", String::from_utf8_lossy(&out.stderr));
        let bytes = std::fs::read(&exe).unwrap();
        let file = object::File::parse(&*bytes).unwrap();
        let symbols = file
            .symbols()
            .filter(|s| s.size() > 0 && s.kind() == object::SymbolKind::Text)
            .map(|s| (s.name().unwrap().to_string(), s.address(), s.size()))
            .collect();
        Some(Harness { exe, symbols })
    })
    .as_ref()
}

/// Runs `runtime ARGS` under qemu with a `stack`-byte stack; its stdout, after checking it
/// exited 0 and printed no FAIL line.
fn run(h: &Harness, args: &[&str], stack: u64) -> String {
    let out = Command::new("qemu-aarch64").args(["-s", &stack.to_string()]).arg(&h.exe).args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let fails: Vec<&str> = stdout.lines().filter(|l| l.starts_with("FAIL")).collect();
    assert!(fails.is_empty(), "runtime {args:?}:\n{}", fails.join("\n"));
    assert!(
        out.status.success(),
        "runtime {args:?}: {:?}\n{stdout}{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("done: 0 failures"), "{stdout}");
    stdout
}

/// The number of `ok NAME` lines (there are no FAIL lines: `run` checked).
fn oks(out: &str, name: &str) -> usize {
    out.lines()
        .filter(|l| l.strip_prefix("ok ").and_then(|l| l.strip_prefix(name)).is_some_and(|r| r.starts_with(' ')))
        .count()
}

/// The output of `runtime trace`, run once.
fn trace_output(h: &Harness) -> &'static str {
    static T: OnceLock<String> = OnceLock::new();
    T.get_or_init(|| run(h, &["trace"], 64 << 20))
}

fn bad_output(h: &Harness) -> &'static str {
    static T: OnceLock<String> = OnceLock::new();
    T.get_or_init(|| run(h, &["bad"], 16 << 20))
}

#[derive(Debug)]
struct Frame {
    ip: u64,
    sp: u64,
    /// the stack-map walk's CFA and function name
    cfa: u64,
    name: String,
}

/// The frames walk `walk` printed for `tag`, in order.
fn frames(out: &str, walk: &str, tag: &str) -> Vec<Frame> {
    let hex = |s: &str| u64::from_str_radix(s.trim_start_matches("0x"), 16).unwrap();
    let v: Vec<Frame> = out
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(' ').collect();
            (f.len() >= 6 && f[0] == "frame" && f[1] == walk && f[2] == tag).then(|| Frame {
                ip: hex(f[4]),
                sp: hex(f[5]),
                cfa: f.get(6).map_or(0, |s| hex(s)),
                name: f.get(7).map_or(String::new(), |s| s.to_string()),
            })
        })
        .collect();
    assert!(!v.is_empty(), "no {walk} frames for {tag}");
    v
}

/// The symbols of the return addresses of `frames`.
fn callers<'h>(h: &'h Harness, frames: &[Frame]) -> Vec<&'h str> {
    frames.iter().map(|f| h.caller(f.ip)).collect()
}

/// The largest DISPATCH class to run: call(1<<top). Class 1<<k needs a 2^k-byte callN frame on
/// the stack and the 2^k-byte argument buffer, so about 2.2 × 2^k bytes resident; call1073741824
/// (the largest, k = 30) takes about 2.1 GB and 15 s under qemu. Below that much free memory the
/// top class comes down. `P9ASM_ARM64_TOP_CLASS=k` overrides.
fn top_class() -> u32 {
    if let Some(k) = std::env::var("P9ASM_ARM64_TOP_CLASS").ok().and_then(|v| v.parse().ok()) {
        return k;
    }
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let avail_kb: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemAvailable:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    let avail = avail_kb * 1024;
    (5..=30).rev().find(|k| (1u64 << k) * 22 / 10 + (512 << 20) <= avail).unwrap_or(5)
}

/// 1. Every DISPATCH class from call32 up to the top class: at its largest argument frame and
///    at its smallest (one byte past the class below; 17 bytes for call32), with odd result
///    sizes at unaligned retoffsets, and (classes up to call65536) results filling everything
///    after the 16-byte header. The callee hashed exactly the arguments passed; the bytes from
///    retoffset on are the callee's results, the bytes before it (all of which the callee
///    overwrote in its own frame) and after argsize are untouched; reflectcallmove ran once with
///    (argtype, arg+retoffset, callN's frame+8+retoffset, argsize-retoffset) and the write
///    barrier (barriers on, a frame type with pointers) once over the results.
#[test]
fn every_size_class_arguments_and_results() {
    let Some(h) = harness() else { return };
    let top = top_class();
    eprintln!("size classes call32 to call{} (P9ASM_ARM64_TOP_CLASS overrides)", 1u64 << top);
    let out = run(h, &["classes", &top.to_string()], (1 << top) + (64 << 20));
    let classes = top as usize - 4;
    assert!(out.contains(&format!("classes: {classes}, call32 to call{}", 1u64 << top)), "{out}");
    // two calls per class, a third up to call65536
    let calls = 2 * classes + classes.min(12);
    assert_eq!(oks(&out, "args-intact"), calls, "the callee saw the arguments passed");
    assert_eq!(oks(&out, "results-from-retoffset"), calls, "results copied back exactly from retoffset");
    assert_eq!(oks(&out, "before-retoffset-untouched"), calls, "no byte before retoffset copied back");
    assert_eq!(oks(&out, "reflectcallmove-once"), calls, "reflectcallmove once per call, with callRet's arguments");
    // call32 at 17 bytes copies one result byte: less than a pointer, no barrier
    assert_eq!(oks(&out, "barrier-once"), calls - 1, "the write barrier once per call over the results");
    assert_eq!(oks(&out, "barrier-never"), 1);
    assert!(out.contains("ok barrier-never call32 argsize 17 retoffset 16:"), "{out}");
    for k in 5..=top {
        assert!(out.contains(&format!("call{} argsize {} ", 1u64 << k, 1u64 << k)), "class {k} not run");
    }
}

/// 2. reflectcallmove, the write-barrier callback, follows Go's (CL 31655): memmove, then the
///    bulk barrier over (arg+retoffset, argsize-retoffset) exactly once when barriers are on,
///    the type is known and has pointers and at least 8 bytes are copied (exactly 8 included);
///    never for a nil or pointer-free type, with barriers off, or when there is less than a
///    pointer (or nothing) to copy. reflectcallmove itself runs once on every call, with size 0
///    when retoffset == argsize.
#[test]
fn write_barrier_once_when_it_should_never_otherwise() {
    let Some(h) = harness() else { return };
    let out = run(h, &["wb"], 16 << 20);
    assert_eq!(oks(&out, "reflectcallmove-once"), 13, "{out}");
    assert_eq!(oks(&out, "barrier-once"), 5, "with pointers, barriers on, >= 8 bytes: {out}");
    assert_eq!(oks(&out, "barrier-never"), 8, "nil / pointer-free / barriers off / < 8 bytes: {out}");
    assert_eq!(oks(&out, "results-from-retoffset"), 13);
    assert_eq!(oks(&out, "before-retoffset-untouched"), 13);
    for never in ["wb1/nil argsize 40", "wb1/nopointers argsize 40", "wb1/nopointers argsize 70000", "wb0/pointers"] {
        assert!(out.lines().any(|l| l.starts_with("ok barrier-never ") && l.contains(never)), "{never}: {out}");
    }
    for short in ["retoffset 40:", "retoffset 36:", "retoffset 33:"] {
        assert!(out.lines().any(|l| l.starts_with("ok barrier-never wb1/pointers argsize 40 ") && l.contains(short)));
    }
}

/// 3. Beyond the largest class (1 GiB) reflectcall jumps to badreflectcall with its arguments
///    in place: the C side gets argtype, the funcval and argsize, reports, and longjmps back to
///    the caller; nothing was copied or called. The return address badreflectcall sees is in
///    c_reflectcall (reflectcall jumped, it kept no frame), and both unwinders agree from there.
#[test]
fn badreflectcall_beyond_the_largest_class() {
    let Some(h) = harness() else { return };
    let out = bad_output(h);
    assert_eq!(oks(out, "badreflectcall"), 3, "{out}");
    for argsize in [(1u64 << 30) + 1, 1 << 31, 0xffff_ffff] {
        let tag = format!("bad{argsize}");
        let lr = out.lines().find_map(|l| l.strip_prefix(&format!("badlr {tag} 0x"))).unwrap();
        assert_eq!(h.caller(u64::from_str_radix(lr, 16).unwrap()), "c_reflectcall");
        let sm = frames(out, "stackmap", &tag);
        assert_eq!(sm.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["runtime.badreflectcall", "c_reflectcall"]);
        let lg = callers(h, &frames(out, "libgcc", &tag));
        let i = lg.iter().position(|&s| s == "runtime.badreflectcall").expect("libgcc passes badreflectcall");
        assert_eq!(&lg[i..i + 3], ["runtime.badreflectcall", "c_reflectcall", "run_bad"], "{lg:?}");
        assert!(lg[i..].contains(&"main"), "{lg:?}");
    }
    assert_eq!(oks(out, "stackmap-agrees"), 3);
}

/// The size classes the trace mode calls `fail` through, by argument size.
const FAIL_CLASSES: [(u32, u32); 4] = [(8, 32), (1000, 1024), (60000, 65536), (4_000_000, 4_194_304)];

/// 4a. An error deep in a callee called through reflectcall (`fail` calls C, which raises a
///     forced unwind with libgcc, phase 2 through every frame's CFI) reaches the C caller of
///     reflectcall: the unwind passes c_fail, the callee, callN, c_reflectcall and stops in
///     run_fail, which gets the error code through longjmp.
#[test]
fn error_reported_through_the_frames() {
    let Some(h) = harness() else { return };
    let out = trace_output(h);
    assert_eq!(oks(out, "error-reported"), 4, "{out}");
    for (argsize, class) in FAIL_CLASSES {
        let un = frames(out, "unwind", &format!("fail{argsize}"));
        let callern = format!("runtime.call{class}");
        let want = ["c_fail", "runtime.fail", callern.as_str(), "c_reflectcall", "run_fail"];
        // the first frame's IP is in c_fail itself (the call of _Unwind_ForcedUnwind)
        let mut got = vec![h.caller(un[0].ip)];
        got.extend(un[1..].iter().map(|f| h.caller(f.ip)));
        assert_eq!(got, want, "argsize {argsize}");
    }
}

/// 4b. libgcc's `_Unwind_Backtrace` (static libgcc_eh, reading p9asm's `.eh_frame`) from inside
///     the callee walks through callN (reflectcall jumped to it and has no frame of its own, as
///     in Go's tracebacks) and c_reflectcall into the C caller and on to main; from inside
///     reflectcallmove it also passes callRet.
#[test]
fn libgcc_unwinds_from_the_callee_to_main() {
    let Some(h) = harness() else { return };
    let out = trace_output(h);
    for (argsize, class) in FAIL_CLASSES {
        let lg = callers(h, &frames(out, "libgcc", &format!("fail{argsize}")));
        let callern = format!("runtime.call{class}");
        let i = lg.iter().position(|&s| s == "runtime.fail").unwrap_or_else(|| panic!("no callee frame: {lg:?}"));
        assert_eq!(&lg[i..i + 4], ["runtime.fail", callern.as_str(), "c_reflectcall", "run_fail"], "{lg:?}");
        assert!(lg[i..].contains(&"main"), "libgcc's walk did not reach main: {lg:?}");
        assert!(!lg.contains(&"runtime.reflectcall"), "{lg:?}");
    }
    let lg = callers(h, &frames(out, "libgcc", "move"));
    let i = lg.iter().position(|&s| s == "runtime.reflectcallmove").expect("reflectcallmove frame");
    assert_eq!(&lg[i..i + 4], ["runtime.reflectcallmove", "callRet", "runtime.call1024", "c_reflectcall"], "{lg:?}");
    assert!(lg[i..].contains(&"main"), "{lg:?}");
}

/// 5. The stack-map walk (the `p9asm_stackmap` section read through __start_/__stop_, pcsp
///    decoded: CFA = SP + the SP delta; the return address in LR for a frameless function,
///    else at 0(RSP), the bottom of the frame) agrees with libgcc frame by frame: same return
///    address, same SP, and its CFA is libgcc's next SP. Checked in the harness (`ok
///    stackmap-agrees`, and the delta at every call is the prologue's autosize) and again here
///    from the printed frames, with the names checked against the ELF symbols.
#[test]
fn stack_map_walk_agrees_with_libgcc() {
    let Some(h) = harness() else { return };
    let out = trace_output(h);
    assert_eq!(oks(out, "stackmap-agrees"), 5, "{out}");
    assert_eq!(oks(out, "stackmap-autosize"), 5, "{out}");
    let mut tags: Vec<(String, Vec<String>)> = FAIL_CLASSES
        .iter()
        .map(|(a, c)| {
            (format!("fail{a}"), vec!["runtime.fail".into(), format!("runtime.call{c}"), "c_reflectcall".into()])
        })
        .collect();
    tags.push((
        "move".into(),
        ["runtime.reflectcallmove", "callRet", "runtime.call1024", "c_reflectcall"].map(String::from).to_vec(),
    ));
    for (tag, want) in tags {
        let sm = frames(out, "stackmap", &tag);
        let lg = frames(out, "libgcc", &tag);
        assert_eq!(sm.iter().map(|f| f.name.clone()).collect::<Vec<_>>(), want, "{tag}");
        let i = lg.iter().position(|f| f.ip == sm[0].ip).expect("libgcc passes the first stack-map frame");
        for (k, f) in sm.iter().enumerate() {
            assert_eq!(h.caller(f.ip), f.name, "{tag} frame {k}: the section's name is the ELF symbol's");
            assert_eq!((lg[i + k].ip, lg[i + k].sp), (f.ip, f.sp), "{tag} frame {k} ({})", f.name);
            assert_eq!(lg[i + k + 1].sp, f.cfa, "{tag} frame {k} ({}): CFA", f.name);
        }
        // past the last Go frame the stack map knows nothing; libgcc goes on into C
        assert_eq!(h.caller(lg[i + sm.len()].ip), if tag == "move" { "call_fill" } else { "run_fail" });
    }
}
