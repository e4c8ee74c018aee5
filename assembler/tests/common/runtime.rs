//! The stubs as a runtime, on every architecture but amd64 (whose runtime is the `linker-tests`
//! crate): a static C harness (`tests/data/runtime/runtime.c`, the checks, a reader of the
//! stack-map section and the callbacks, arch-neutral) with the Plan 9 glue and callees of the
//! target (`tests/data/runtime/glue_<arch>.s`, assembled here by p9asm), linked with
//! `stubs/asm_<arch>.s` by the target's cross gcc `-static` and run under qemu-user (or natively
//! where the machine runs the target). The harness prints one line per check (`ok NAME …` /
//! `FAIL NAME …`) and the frames it saw (`frame WALK TAG K ip sp …`); each test reads one family of
//! checks, and resolves the frames against the executable's symbol table (addresses and sizes),
//! independently of the stack-map section.
//!
//! An architecture's test file is a [`RuntimeTarget`] and `runtime_tests!(TARGET)`, which expands
//! to the tests below. They are skipped, with a message, when the target's gcc or qemu is missing,
//! unless `CI` is set (then missing tools fail the test: `scripts/install-deps.sh` installs them).
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use object::{Object, ObjectSection, ObjectSymbol};
use p9asm::target::GoArch;

/// What differs between targets; everything else is shared.
pub struct RuntimeTarget {
    pub goarch: GoArch,
    /// The C compiler that links the static test executable.
    pub cc: &'static str,
    pub cflags: &'static [&'static str],
    /// `-D` definitions for runtime.c (see its header): P9_RA_IN_LR, P9_ARGS_AT, P9_FRAME_ALIGN.
    pub defines: &'static [&'static str],
    /// The qemu-user binary that runs it, `None` where this machine runs the target natively.
    pub qemu: Option<&'static str>,
    /// The stubs and the glue, from the repository's root.
    pub stubs: &'static str,
    pub glue: &'static str,
    /// The largest DISPATCH class whose call fits the target's address space (1 << 30 is the
    /// largest the stubs have).
    pub max_class: u32,
}

impl RuntimeTarget {
    fn name(&self) -> &'static str {
        self.goarch.name()
    }

    fn ptr(&self) -> u64 {
        self.goarch.ptr_size() as u64
    }

    /// `P9_C_CFA_BIAS` from the defines (0 when absent): how far above its caller's SP the C
    /// ABI puts a C function's CFA, which libgcc reports as the innermost Go frame's SP.
    fn c_cfa_bias(&self) -> u64 {
        self.defines.iter().find_map(|d| d.strip_prefix("P9_C_CFA_BIAS=")).map_or(0, |v| v.parse().unwrap())
    }
}

/// Expands to the runtime tests of one target (a `RuntimeTarget` constant).
#[macro_export]
macro_rules! runtime_tests {
    ($t:expr) => {
        #[test]
        fn every_size_class_arguments_and_results() {
            common::runtime::every_size_class_arguments_and_results(&$t)
        }
        #[test]
        fn write_barrier_once_when_it_should_never_otherwise() {
            common::runtime::write_barrier_once_when_it_should_never_otherwise(&$t)
        }
        #[test]
        fn badreflectcall_beyond_the_largest_class() {
            common::runtime::badreflectcall_beyond_the_largest_class(&$t)
        }
        #[test]
        fn error_reported_through_the_frames() {
            common::runtime::error_reported_through_the_frames(&$t)
        }
        #[test]
        fn libgcc_unwinds_from_the_callee_to_main() {
            common::runtime::libgcc_unwinds_from_the_callee_to_main(&$t)
        }
        #[test]
        fn stack_map_walk_agrees_with_libgcc() {
            common::runtime::stack_map_walk_agrees_with_libgcc(&$t)
        }
    };
}

fn assemble(t: &RuntimeTarget, rel: &str) -> Vec<u8> {
    super::assemble_runtime_file(t.goarch, rel).0
}

const DATA: &str = "assembler/tests/data/runtime";

fn which(tool: &str) -> bool {
    Command::new("sh").arg("-c").arg(format!("command -v {tool}")).output().map(|o| o.status.success()).unwrap_or(false)
}

pub struct Harness {
    t: &'static RuntimeTarget,
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
        self.symbol(ra.saturating_sub(1))
    }
}

/// Builds the harness once per test binary (one target per binary); `None` (after a message)
/// when the tools are missing and CI is not set.
fn harness(t: &'static RuntimeTarget) -> Option<&'static Harness> {
    static H: OnceLock<Option<Harness>> = OnceLock::new();
    let h = H
        .get_or_init(|| {
            for tool in std::iter::once(t.cc).chain(t.qemu) {
                if !which(tool) {
                    assert!(std::env::var_os("CI").is_none(), "{tool} is missing on CI: run scripts/install-deps.sh");
                    eprintln!(
                        "skipping the {} runtime tests: {tool} is not installed (scripts/install-deps.sh)",
                        t.name()
                    );
                    return None;
                }
            }
            let dir = std::env::temp_dir().join(format!("p9asm-{}-runtime-{}", t.name(), std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let (stubs, glue, exe) = (dir.join("stubs.o"), dir.join("glue.o"), dir.join("runtime"));
            std::fs::write(&stubs, assemble(t, t.stubs)).unwrap();
            std::fs::write(&glue, assemble(t, t.glue)).unwrap();
            // x32 objects (amd64p32) run in an x86-64 process: converted to ELF64 for its linker
            for o in [&stubs, &glue] {
                let bytes = std::fs::read(o).unwrap();
                if object::File::parse(&*bytes).unwrap().architecture() == object::Architecture::X86_64_X32 {
                    let x32 = o.with_extension("x32.o");
                    std::fs::rename(o, &x32).unwrap();
                    super::x32_to_elf64(&x32, o);
                }
            }
            let out = Command::new(t.cc)
                .args(["-O2", "-Wall", "-Werror", "-static"])
                .args(t.cflags)
                .args(t.defines.iter().map(|d| format!("-D{d}")))
                .arg("-o")
                .arg(&exe)
                .arg(super::root().join(DATA).join("runtime.c"))
                .arg(&glue)
                .arg(&stubs)
                .output()
                .unwrap();
            assert!(out.status.success(), "{}: {}", t.cc, String::from_utf8_lossy(&out.stderr));
            let bytes = std::fs::read(&exe).unwrap();
            let file = object::File::parse(&*bytes).unwrap();
            // ppc64 ELFv1: a function's symbol is its descriptor in .opd, whose first word is
            // the code's address (the symbol's size is the code's); its code symbol, if any, is
            // the local `.L.<name>`
            let opd = file.section_by_name(".opd").and_then(|s| Some((s.address(), s.data().ok()?.to_vec())));
            let code_of = |s: &object::Symbol| -> u64 {
                let Some((base, data)) = &opd else { return s.address() };
                let Some(off) = s.address().checked_sub(*base).map(|o| o as usize) else { return s.address() };
                match data.get(off..off + 8) {
                    Some(w) => u64::from_be_bytes(w.try_into().unwrap()),
                    None => s.address(),
                }
            };
            let symbols = file
                .symbols()
                .filter(|s| s.size() > 0 && s.kind() == object::SymbolKind::Text)
                .filter(|s| !s.name().unwrap_or("").starts_with(".L."))
                .map(|s| (s.name().unwrap().to_string(), code_of(&s), s.size()))
                .collect();
            Some(Harness { t, exe, symbols })
        })
        .as_ref();
    if let Some(h) = h {
        assert!(std::ptr::eq(h.t, t), "one runtime target per test binary");
    }
    h
}

/// Runs `runtime ARGS` (under qemu, or natively) with a `stack`-byte stack; its stdout, after
/// checking it exited 0 and printed no FAIL line.
fn run(h: &Harness, args: &[&str], stack: u64) -> String {
    let out = match h.t.qemu {
        Some(qemu) => Command::new(qemu).args(["-s", &stack.to_string()]).arg(&h.exe).args(args).output().unwrap(),
        // a native run gets its stack from the soft limit, set by the shell it is exec'd from
        None => Command::new("sh")
            .arg("-c")
            .arg(format!("ulimit -s {} && exec \"$0\" \"$@\"", stack / 1024))
            .arg(&h.exe)
            .args(args)
            .output()
            .unwrap(),
    };
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

fn top_class_var(t: &RuntimeTarget) -> String {
    format!("P9ASM_{}_TOP_CLASS", t.name().to_uppercase())
}

/// The largest DISPATCH class to run: call(1<<top). Class 1<<k needs a 2^k-byte callN frame on
/// the stack and the 2^k-byte argument buffer, so about 2.2 × 2^k bytes resident; call1073741824
/// (the largest, k = 30) takes about 2.1 GB and 15 s under qemu. Below that much free memory, or
/// above the target's `max_class`, the top class comes down. `P9ASM_<ARCH>_TOP_CLASS=k` overrides.
fn top_class(t: &RuntimeTarget) -> u32 {
    if let Some(k) = std::env::var(top_class_var(t)).ok().and_then(|v| v.parse().ok()) {
        return k;
    }
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let avail_kb: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemAvailable:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    let avail = avail_kb * 1024;
    (5..=t.max_class).rev().find(|k| (1u64 << k) * 22 / 10 + (512 << 20) <= avail).unwrap_or(5)
}

/// 1. Every DISPATCH class from call32 up to the top class: at its largest argument frame and
///    at its smallest (one byte past the class below; 17 bytes for call32), with odd result
///    sizes at unaligned retoffsets, and (classes up to call65536) results filling everything
///    after the 16-byte header. The callee hashed exactly the arguments passed; the bytes from
///    retoffset on are the callee's results, the bytes before it (all of which the callee
///    overwrote in its own frame) and after argsize are untouched; reflectcallmove ran once with
///    (argtype, arg+retoffset, callN's frame+8+retoffset, argsize-retoffset) and the write
///    barrier (barriers on, a frame type with pointers) once over the results.
pub fn every_size_class_arguments_and_results(t: &'static RuntimeTarget) {
    let Some(h) = harness(t) else { return };
    let top = top_class(t);
    eprintln!("size classes call32 to call{} ({} overrides)", 1u64 << top, top_class_var(t));
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
///    the type is known and has pointers and at least a pointer's worth is copied (exactly one included);
///    never for a nil or pointer-free type, with barriers off, or when there is less than a
///    pointer (or nothing) to copy. reflectcallmove itself runs once on every call, with size 0
///    when retoffset == argsize.
pub fn write_barrier_once_when_it_should_never_otherwise(t: &'static RuntimeTarget) {
    let Some(h) = harness(t) else { return };
    let out = run(h, &["wb"], 16 << 20);
    assert_eq!(oks(&out, "reflectcallmove-once"), 13, "{out}");
    assert_eq!(oks(&out, "barrier-once"), 5, "with pointers, barriers on, >= 8 bytes: {out}");
    assert_eq!(oks(&out, "barrier-never"), 8, "nil / pointer-free / barriers off / < a pointer: {out}");
    assert_eq!(oks(&out, "results-from-retoffset"), 13);
    assert_eq!(oks(&out, "before-retoffset-untouched"), 13);
    for never in ["wb1/nil argsize 40", "wb1/nopointers argsize 40", "wb1/nopointers argsize 70000", "wb0/pointers"] {
        assert!(out.lines().any(|l| l.starts_with("ok barrier-never ") && l.contains(never)), "{never}: {out}");
    }
    // less than a pointer copied: nothing, half a word, a word less a byte
    let w = t.ptr();
    for retoffset in [40, 40 - w / 2, 40 - (w - 1)] {
        let short = format!("retoffset {retoffset}:");
        assert!(out.lines().any(|l| l.starts_with("ok barrier-never wb1/pointers argsize 40 ") && l.contains(&short)));
    }
    // exactly a pointer copied
    let exact = format!("ok barrier-once wb1/pointers argsize {} retoffset 40:", 40 + w);
    assert!(out.lines().any(|l| l.starts_with(&exact)), "{exact}: {out}");
}

/// 3. Beyond the largest class (1 GiB) reflectcall jumps to badreflectcall with its arguments
///    in place: the C side gets argtype, the funcval and argsize, reports, and longjmps back to
///    the caller; nothing was copied or called. The return address badreflectcall sees is in
///    c_reflectcall (reflectcall jumped, it kept no frame), and both unwinders agree from there.
pub fn badreflectcall_beyond_the_largest_class(t: &'static RuntimeTarget) {
    let Some(h) = harness(t) else { return };
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

/// The size classes the trace mode calls `fail` through, by argument size (with call32 the
/// smallest class; see [`fail_classes`]).
const FAIL_CLASSES: [(u32, u32); 4] = [(8, 32), (1000, 1024), (60000, 65536), (4_000_000, 4_194_304)];

/// [`FAIL_CLASSES`] for the stubs linked: reflectcall dispatches to the smallest class its
/// DISPATCH lines name that holds the arguments (386, amd64p32 and arm start at call16; mips64
/// defines call16 but dispatches from call32, as the seed does).
fn fail_classes(h: &Harness) -> Vec<(u32, u32)> {
    let src = std::fs::read_to_string(super::root().join(h.t.stubs)).unwrap();
    let dispatched: Vec<u32> = src
        .lines()
        .filter_map(|l| l.trim().strip_prefix("DISPATCH(runtime·call"))
        .filter_map(|l| l.split(',').next()?.parse().ok())
        .collect();
    assert!(!dispatched.is_empty(), "{}: no DISPATCH lines", h.t.stubs);
    FAIL_CLASSES.iter().map(|&(a, c)| (a, dispatched.iter().copied().filter(|&k| k >= a).min().unwrap_or(c))).collect()
}

/// 4a. An error deep in a callee called through reflectcall (`fail` calls C, which raises a
///     forced unwind with libgcc, phase 2 through every frame's CFI) reaches the C caller of
///     reflectcall: the unwind passes c_fail, the callee, callN, c_reflectcall and stops in
///     run_fail, which gets the error code through longjmp.
pub fn error_reported_through_the_frames(t: &'static RuntimeTarget) {
    let Some(h) = harness(t) else { return };
    let out = trace_output(h);
    assert_eq!(oks(out, "error-reported"), 4, "{out}");
    for (argsize, class) in fail_classes(h) {
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
pub fn libgcc_unwinds_from_the_callee_to_main(t: &'static RuntimeTarget) {
    let Some(h) = harness(t) else { return };
    let out = trace_output(h);
    for (argsize, class) in fail_classes(h) {
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
pub fn stack_map_walk_agrees_with_libgcc(t: &'static RuntimeTarget) {
    let Some(h) = harness(t) else { return };
    let out = trace_output(h);
    assert_eq!(oks(out, "stackmap-agrees"), 5, "{out}");
    assert_eq!(oks(out, "stackmap-autosize"), 5, "{out}");
    let mut tags: Vec<(String, Vec<String>)> = fail_classes(h)
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
            let bias = if k == 0 { t.c_cfa_bias() } else { 0 };
            assert_eq!((lg[i + k].ip, lg[i + k].sp - bias), (f.ip, f.sp), "{tag} frame {k} ({})", f.name);
            assert_eq!(lg[i + k + 1].sp, f.cfa, "{tag} frame {k} ({}): CFA", f.name);
        }
        // past the last Go frame the stack map knows nothing; libgcc goes on into C
        assert_eq!(h.caller(lg[i + sm.len()].ip), if tag == "move" { "call_fill" } else { "run_fail" });
    }
}
