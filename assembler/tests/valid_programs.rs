//! Property tests on programs that are valid by construction: several TEXT functions with random
//! frame sizes, argument sizes and flags; balanced PUSHQ/POPQ and SUBQ/ADDQ $n, SP regions;
//! labels with forward and backward branches to labels that exist; MOVQ/ADDQ/LEAQ/CMPQ/XORQ
//! between registers, immediates and memory (`x+off(FP)` inside the arguments, `off(SP)` inside
//! the frame, `sym+off(SB)` inside declared data); CALLs to the functions defined; DATA/GLOBL
//! with in-range offsets; macros with parameters used in their bodies.
//!
//! Properties: (almost) every case assembles without an error (the share is counted and must be
//! at least 95%); the object passes `verify_object`; its defined symbols are exactly the
//! functions and data of the source; and for every 10th case Go 1.19 accepts the same file and
//! its `-S` listing has the same bytes for every function and data symbol as p9asm's.
//!
//! The token soups of fuzz_frontend.rs are almost never error-free, so the properties about
//! objects barely run there; here they run on every case.

mod common;

use std::cell::Cell;
use std::collections::BTreeSet;
use std::path::PathBuf;

use p9asm::driver::AsmOptions;
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};
use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestError, TestRunner};

#[path = "../../macros/tests/support/strategies.rs"]
mod strategies;

/// General registers the programs use: not SP, not BP (the frame pointer), not R14/R15 (g and
/// the GOT register in Go's ABIs).
const REGS: &[&str] = &["AX", "BX", "CX", "DX", "SI", "DI", "R8", "R9", "R10", "R11", "R12", "R13"];

/// One instruction that touches neither SP nor control flow. Offsets and symbol indices are
/// abstract (`u16`, `u8`) and made valid when the program is rendered.
#[derive(Clone, Debug)]
enum Simple {
    MovRR(u8, u8),
    MovImm(i64, u8),
    AddImm(i32, u8),
    AddRR(u8, u8),
    SubImm(i32, u8),
    XorRR(u8, u8),
    CmpImm(u8, i32),
    CmpRR(u8, u8),
    LeaMem(u8, i32, u8),
    LeaIndex(u8, u8, u8, u8),
    LoadArg(u16, u8),
    StoreArg(u8, u16),
    LoadLocal(u16, u8),
    StoreLocal(u8, u16),
    LoadData(u8, u16, u8),
    StoreData(u8, u8, u16),
    LeaData(u8, u8),
    AddrData(u8, u8),
    Macro(u8, u8, u8, i32),
    Nop,
}

/// One item of a function body, at SP depth 0 (labels and branches only there, so every path
/// reaches each instruction with the same SP).
#[derive(Clone, Debug)]
enum Item {
    Simple(Simple),
    /// PUSHQ r; ...; POPQ r
    Pushed(u8, Vec<Simple>),
    /// SUBQ $8n, SP; ...; ADDQ $8n, SP
    Sub(u8, Vec<Simple>),
    Label,
    /// JMP / JEQ / JNE / JLT / JCS to the k-th label of the function (or `done`)
    Jump(u8, u8),
    Call(u8),
    Ret,
}

#[derive(Clone, Debug)]
struct FuncSpec {
    /// frame size / 8
    frame: u16,
    /// argument size / 8
    args: u8,
    nosplit: bool,
    noframe: bool,
    wrapper: bool,
    body: Vec<Item>,
}

#[derive(Clone, Debug)]
struct DataSpec {
    /// size / 8 (at least 1)
    slots: u8,
    rodata: bool,
    /// per 8-byte slot: nothing, or (width selector, value, address of a function instead)
    inits: Vec<Option<(u8, u64, Option<u8>)>>,
}

#[derive(Clone, Debug)]
struct ProgSpec {
    funcs: Vec<FuncSpec>,
    data: Vec<DataSpec>,
}

fn simple() -> impl Strategy<Value = Simple> {
    let r = || 0u8..REGS.len() as u8;
    prop_oneof![
        (r(), r()).prop_map(|(a, b)| Simple::MovRR(a, b)),
        (any::<i64>(), r()).prop_map(|(v, b)| Simple::MovImm(v, b)),
        (any::<i32>(), r()).prop_map(|(v, b)| Simple::AddImm(v, b)),
        (r(), r()).prop_map(|(a, b)| Simple::AddRR(a, b)),
        (-200i32..200, r()).prop_map(|(v, b)| Simple::SubImm(v, b)),
        (r(), r()).prop_map(|(a, b)| Simple::XorRR(a, b)),
        (r(), any::<i32>()).prop_map(|(a, v)| Simple::CmpImm(a, v)),
        (r(), r()).prop_map(|(a, b)| Simple::CmpRR(a, b)),
        (r(), -300i32..300, r()).prop_map(|(a, o, b)| Simple::LeaMem(a, o, b)),
        (r(), r(), 0u8..4, r()).prop_map(|(a, i, s, b)| Simple::LeaIndex(a, i, s, b)),
        (any::<u16>(), r()).prop_map(|(o, b)| Simple::LoadArg(o, b)),
        (r(), any::<u16>()).prop_map(|(a, o)| Simple::StoreArg(a, o)),
        (any::<u16>(), r()).prop_map(|(o, b)| Simple::LoadLocal(o, b)),
        (r(), any::<u16>()).prop_map(|(a, o)| Simple::StoreLocal(a, o)),
        (any::<u8>(), any::<u16>(), r()).prop_map(|(d, o, b)| Simple::LoadData(d, o, b)),
        (r(), any::<u8>(), any::<u16>()).prop_map(|(a, d, o)| Simple::StoreData(a, d, o)),
        (any::<u8>(), r()).prop_map(|(d, b)| Simple::LeaData(d, b)),
        (any::<u8>(), r()).prop_map(|(d, b)| Simple::AddrData(d, b)),
        (0u8..4, r(), r(), -1000i32..1000).prop_map(|(m, a, b, v)| Simple::Macro(m, a, b, v)),
        Just(Simple::Nop),
    ]
}

fn item() -> impl Strategy<Value = Item> {
    prop_oneof![
        8 => simple().prop_map(Item::Simple),
        1 => (0u8..REGS.len() as u8, prop::collection::vec(simple(), 0..4)).prop_map(|(r, b)| Item::Pushed(r, b)),
        1 => (1u8..5, prop::collection::vec(simple(), 0..4)).prop_map(|(n, b)| Item::Sub(n, b)),
        2 => Just(Item::Label),
        2 => (any::<u8>(), any::<u8>()).prop_map(|(k, l)| Item::Jump(k, l)),
        1 => any::<u8>().prop_map(Item::Call),
        1 => Just(Item::Ret),
    ]
}

fn func() -> impl Strategy<Value = FuncSpec> {
    // $0..$256 mostly; now and then a frame past Go's StackSmall/StackBig prologue thresholds
    let frame = prop_oneof![9 => 0u16..=32, 1 => 60u16..=700];
    (frame, 0u8..=8, any::<bool>(), any::<bool>(), prop::bool::weighted(0.1), prop::collection::vec(item(), 0..24))
        .prop_map(|(frame, args, nosplit, noframe, wrapper, body)| FuncSpec {
            frame,
            args,
            nosplit,
            noframe,
            wrapper,
            body,
        })
}

fn data() -> impl Strategy<Value = DataSpec> {
    let init = prop::option::of((0u8..4, any::<u64>(), prop::option::weighted(0.2, any::<u8>())));
    (1u8..=6, any::<bool>(), prop::collection::vec(init, 6)).prop_map(|(slots, rodata, mut inits)| {
        inits.truncate(slots as usize);
        DataSpec { slots, rodata, inits }
    })
}

fn program() -> impl Strategy<Value = ProgSpec> {
    (prop::collection::vec(func(), 1..6), prop::collection::vec(data(), 0..4))
        .prop_map(|(funcs, data)| ProgSpec { funcs, data })
}

const JUMPS: &[&str] = &["JMP", "JEQ", "JNE", "JLT", "JGE", "JCS", "JCC", "JHI", "JLS", "JMI", "JPL", "JOS"];

const MACROS: &str = "\
#define MOVE(src, dst) MOVQ src, dst
#define BUMP(r, n) ADDQ $n, r
#define SETZ(r) XORQ r, r
#define PAIR(a, b) MOVQ a, b; ADDQ b, a
";

struct Render<'a> {
    p: &'a ProgSpec,
    f: &'a FuncSpec,
    out: String,
    labels: usize,
}

fn reg(r: u8) -> &'static str {
    REGS[r as usize % REGS.len()]
}

impl Render<'_> {
    fn line(&mut self, s: &str) {
        self.out.push('\t');
        self.out.push_str(s);
        self.out.push('\n');
    }

    /// A data symbol and an in-range offset for an access of 8 bytes (`None` without data).
    fn data_at(&self, d: u8, off: u16) -> Option<(usize, u64)> {
        if self.p.data.is_empty() {
            return None;
        }
        let k = d as usize % self.p.data.len();
        let slots = self.p.data[k].slots as u64;
        Some((k, 8 * (off as u64 % slots)))
    }

    fn simple(&mut self, s: &Simple) {
        let f = self.f;
        let line = match *s {
            Simple::MovRR(a, b) => format!("MOVQ {}, {}", reg(a), reg(b)),
            Simple::MovImm(v, b) => format!("MOVQ ${v}, {}", reg(b)),
            Simple::AddImm(v, b) => format!("ADDQ ${v}, {}", reg(b)),
            Simple::AddRR(a, b) => format!("ADDQ {}, {}", reg(a), reg(b)),
            Simple::SubImm(v, b) => format!("SUBQ ${v}, {}", reg(b)),
            Simple::XorRR(a, b) => format!("XORQ {}, {}", reg(a), reg(b)),
            Simple::CmpImm(a, v) => format!("CMPQ {}, ${v}", reg(a)),
            Simple::CmpRR(a, b) => format!("CMPQ {}, {}", reg(a), reg(b)),
            Simple::LeaMem(a, o, b) => format!("LEAQ {o}({}), {}", reg(a), reg(b)),
            Simple::LeaIndex(a, i, s, b) => format!("LEAQ ({})({}*{}), {}", reg(a), reg(i), 1 << s, reg(b)),
            Simple::LoadArg(o, b) if f.args > 0 => format!("MOVQ a+{}(FP), {}", 8 * (o % f.args as u16), reg(b)),
            Simple::StoreArg(a, o) if f.args > 0 => format!("MOVQ {}, r+{}(FP)", reg(a), 8 * (o % f.args as u16)),
            Simple::LoadLocal(o, b) if f.frame > 0 => format!("MOVQ {}(SP), {}", 8 * (o % f.frame), reg(b)),
            Simple::StoreLocal(a, o) if f.frame > 0 => format!("MOVQ {}, {}(SP)", reg(a), 8 * (o % f.frame)),
            Simple::LoadData(d, o, b) => match self.data_at(d, o) {
                Some((k, off)) => format!("MOVQ \u{b7}d{k}+{off}(SB), {}", reg(b)),
                None => "NOP".into(),
            },
            Simple::StoreData(a, d, o) => match self.data_at(d, o) {
                // read-only data is only read
                Some((k, off)) if !self.p.data[k].rodata => format!("MOVQ {}, \u{b7}d{k}+{off}(SB)", reg(a)),
                Some((k, off)) => format!("MOVQ \u{b7}d{k}+{off}(SB), {}", reg(a)),
                None => "NOP".into(),
            },
            Simple::LeaData(d, b) => match self.data_at(d, 0) {
                Some((k, _)) => format!("LEAQ \u{b7}d{k}(SB), {}", reg(b)),
                None => "NOP".into(),
            },
            Simple::AddrData(d, b) => match self.data_at(d, 0) {
                Some((k, _)) => format!("MOVQ $\u{b7}d{k}(SB), {}", reg(b)),
                None => "NOP".into(),
            },
            Simple::Macro(m, a, b, v) => match m {
                0 => format!("MOVE({}, {})", reg(a), reg(b)),
                1 => format!("BUMP({}, {v})", reg(a)),
                2 => format!("SETZ({})", reg(a)),
                _ => format!("PAIR({}, {})", reg(a), reg(b)),
            },
            // a memory operand the frame has no room for
            _ => "NOP".into(),
        };
        self.line(&line);
    }

    fn func(&mut self, i: usize) {
        let f = self.f;
        let mut flags = Vec::new();
        if f.nosplit {
            flags.push("NOSPLIT");
        }
        // NOFRAME only where the function has no frame to save BP in
        let noframe = f.noframe && f.frame == 0;
        if noframe {
            flags.push("NOFRAME");
        }
        if f.wrapper {
            flags.push("WRAPPER");
        }
        let flags = if flags.is_empty() { "0".to_string() } else { flags.join("|") };
        self.out.push_str(&format!("TEXT \u{b7}f{i}(SB), {flags}, ${}-{}\n", 8 * f.frame as u32, 8 * f.args as u32));
        let nlabels = f.body.iter().filter(|it| matches!(it, Item::Label)).count();
        for it in &f.body {
            match it {
                Item::Simple(s) => self.simple(s),
                Item::Pushed(r, body) => {
                    self.line(&format!("PUSHQ {}", reg(*r)));
                    for s in body {
                        self.simple(s);
                    }
                    self.line(&format!("POPQ {}", reg(*r)));
                }
                Item::Sub(n, body) => {
                    self.line(&format!("SUBQ ${}, SP", 8 * *n as u32));
                    for s in body {
                        self.simple(s);
                    }
                    self.line(&format!("ADDQ ${}, SP", 8 * *n as u32));
                }
                Item::Label => {
                    self.out.push_str(&format!("l{}:\n", self.labels));
                    self.labels += 1;
                }
                Item::Jump(k, l) => {
                    let op = JUMPS[*k as usize % JUMPS.len()];
                    // any label of the function, before or after this jump, or `done`
                    let n = *l as usize % (nlabels + 1);
                    let target = if n == nlabels { "done".to_string() } else { format!("l{n}") };
                    self.line(&format!("{op} {target}"));
                }
                Item::Call(k) => self.line(&format!("CALL \u{b7}f{}(SB)", *k as usize % self.p.funcs.len())),
                Item::Ret => self.line("RET"),
            }
        }
        self.out.push_str("done:\n");
        self.line("RET");
    }
}

impl ProgSpec {
    fn render(&self) -> String {
        let mut out = String::from("#include \"textflag.h\"\n");
        out.push_str(MACROS);
        for (k, d) in self.data.iter().enumerate() {
            for (slot, init) in d.inits.iter().enumerate() {
                let Some((w, v, addr)) = init else { continue };
                let off = 8 * slot;
                match addr {
                    Some(fi) => out.push_str(&format!(
                        "DATA \u{b7}d{k}+{off}(SB)/8, $\u{b7}f{}(SB)\n",
                        *fi as usize % self.funcs.len()
                    )),
                    None => {
                        let w = [1u32, 2, 4, 8][*w as usize];
                        let v = if w == 8 { *v } else { v & ((1u64 << (8 * w)) - 1) };
                        out.push_str(&format!("DATA \u{b7}d{k}+{off}(SB)/{w}, ${v}\n"));
                    }
                }
            }
            let flags = if d.rodata { "RODATA|NOPTR" } else { "NOPTR" };
            out.push_str(&format!("GLOBL \u{b7}d{k}(SB), {flags}, ${}\n", 8 * d.slots as u32));
        }
        for (i, f) in self.funcs.iter().enumerate() {
            let mut r = Render { p: self, f, out: String::new(), labels: 0 };
            r.func(i);
            out.push_str(&r.out);
        }
        out
    }

    /// The ELF names of what the program defines.
    fn defined(&self) -> BTreeSet<String> {
        (0..self.funcs.len())
            .map(|i| format!("main.f{i}"))
            .chain((0..self.data.len()).map(|k| format!("main.d{k}")))
            .collect()
    }
}

struct Ours {
    errors: usize,
    warnings: Vec<String>,
    object: Option<Vec<u8>>,
    listing: String,
    text: String,
}

fn assemble(src: &str) -> Ours {
    let mut opts = AsmOptions::new(GoArch::Amd64);
    opts.listing = true;
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    let a = p9asm::assemble_source("v.s", None, src.as_bytes().to_vec(), &opts, &mut sources, &mut diags);
    Ours {
        errors: diags.error_count(),
        warnings: diags.list.iter().filter(|d| d.code.starts_with('W')).map(|d| d.code.to_string()).collect(),
        object: a.object,
        listing: a.listing,
        text: diags.render(&sources, false),
    }
}

/// The defined, named, non-section symbols of an object.
fn defined_symbols(obj: &[u8]) -> BTreeSet<String> {
    use object::{Object, ObjectSymbol, SymbolKind};
    let file = object::File::parse(obj).unwrap();
    file.symbols()
        .filter(|s| !s.is_undefined() && !matches!(s.kind(), SymbolKind::Section | SymbolKind::File))
        .filter_map(|s| s.name().ok().filter(|n| !n.is_empty()).map(str::to_string))
        .collect()
}

/// Go's `-S` listing of `src`, or its error output.
fn go_listing(src: &str, case: usize) -> Result<String, String> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("valid_programs");
    common::go_asm_text("amd64", src, &dir, &format!("case{case}"))
}

/// Go's and p9asm's listings list the same symbols with the same bytes.
fn same_bytes(ours: &str, go: &str) -> Result<usize, String> {
    let ours = common::parse_listing(ours);
    let go = common::parse_listing(go);
    let mut compared = 0;
    for g in &go {
        // the FUNCDATA symbols Go lists for each function are not in p9asm's object
        if g.name.ends_with(".args_stackmap") || g.name.ends_with(".arginfo0") {
            continue;
        }
        let Some(o) = ours.iter().find(|o| o.name == g.name) else {
            return Err(format!("{} is in Go's listing only", g.name));
        };
        if o.bytes != g.bytes {
            return Err(format!("{}: bytes differ\n  go:    {:02x?}\n  p9asm: {:02x?}", g.name, g.bytes, o.bytes));
        }
        compared += 1;
    }
    Ok(compared)
}

#[test]
fn valid_programs_assemble_like_go() {
    let cases = strategies::config(1000, 0x0007_a11d_9e75).cases;
    let mut runner = TestRunner::new(strategies::config(cases, 0x0007_a11d_9e75));
    let run = Cell::new(0usize);
    let clean = Cell::new(0usize);
    let warned = Cell::new(0usize);
    let against_go = Cell::new(0usize);
    let go = common::oracle_available(common::GO);
    let result = runner.run(&program(), |p| {
        let i = run.get();
        run.set(i + 1);
        let src = p.render();
        let o = assemble(&src);
        if o.errors > 0 {
            // counted, not failed here: the share is asserted below (and printed on failure)
            eprintln!("case {i} has errors:\n{src}\n{}", o.text);
            return Ok(());
        }
        clean.set(clean.get() + 1);
        if !o.warnings.is_empty() {
            warned.set(warned.get() + 1);
            eprintln!("case {i} warns {:?}:\n{src}\n{}", o.warnings, o.text);
        }
        let obj = o.object.as_deref().ok_or_else(|| TestCaseError::fail("no errors but no object"))?;
        common::verify_object(obj).map_err(|e| TestCaseError::fail(format!("{e}\n{src}")))?;
        let syms = defined_symbols(obj);
        prop_assert_eq!(&syms, &p.defined(), "{}", src);
        if go && i.is_multiple_of(10) {
            match go_listing(&src, i) {
                Ok(listing) => {
                    let n = same_bytes(&o.listing, &listing).map_err(|e| TestCaseError::fail(format!("{e}\n{src}")))?;
                    prop_assert_eq!(n, p.funcs.len() + p.data.len(), "symbols compared\n{}", src);
                    against_go.set(against_go.get() + 1);
                }
                Err(e) => return Err(TestCaseError::fail(format!("Go rejects what p9asm accepts:\n{e}\n{src}"))),
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        match e {
            TestError::Fail(why, p) => panic!("{why}\nminimal case:\n{}", p.render()),
            TestError::Abort(why) => panic!("{why}"),
        }
    }
    let (run, clean) = (run.get(), clean.get());
    eprintln!(
        "{run} programs run (with shrinking), {clean} without errors, {} with warnings, {} checked against Go",
        warned.get(),
        against_go.get()
    );
    assert!(clean * 100 >= run * 95, "only {clean} of {run} generated programs are error-free");
    assert!(warned.get() * 100 <= clean * 5, "{} of {clean} programs warn", warned.get());
    if go {
        assert!(against_go.get() * 10 + 10 >= clean, "too few programs compared with Go: {}", against_go.get());
    }
}

/// A data symbol written only in part: the listing dumps the bytes DATA wrote, as Go's does, not
/// the whole GLOBL size (p9asm used to dump all 32 bytes).
#[test]
fn partly_written_data_lists_like_go() {
    let src =
        "#include \"textflag.h\"\nDATA \u{b7}d+0(SB)/2, $1\nDATA \u{b7}d+8(SB)/1, $2\nGLOBL \u{b7}d(SB), NOPTR, $32\n";
    let o = assemble(src);
    assert_eq!(o.errors, 0, "{}", o.text);
    let listed = common::parse_listing(&o.listing);
    assert_eq!(listed[0].bytes, [1, 0, 0, 0, 0, 0, 0, 0, 2]);
    if common::oracle_available(common::GO) {
        let go = go_listing(src, 999_999).expect("Go accepts");
        assert_eq!(same_bytes(&o.listing, &go), Ok(1));
    }
}
