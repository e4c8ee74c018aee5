//! The parser on well-formed input: every operand form of Go's amd64 assembly and every
//! pseudo-op, asserted on the resulting `Prog`/`Addr` structures. Only the preprocessor and the
//! parser run here (no encoding).

use p9asm::arch::{Arch, for_goarch};
use p9asm::prog::{ARGS_SIZE_UNKNOWN, Addr, Func, Mem, Name, Op, Prog, Program, Reg};
use p9asm::sym::{SymId, Symbols};
use p9asm::{GoArch, syntax};
use p9asm_macros::diag::Diagnostics;
use p9asm_macros::{Options, SourceMap, preprocess_bytes};

struct Parsed {
    sm: SourceMap,
    program: Program,
    syms: Symbols,
    arch: &'static dyn Arch,
}

impl Parsed {
    fn func(&self, i: usize) -> &Func {
        &self.program.funcs[i]
    }
    /// The Progs of the only function, without its TEXT.
    fn body(&self) -> &[Prog] {
        assert_eq!(self.program.funcs.len(), 1);
        &self.program.funcs[0].progs[1..]
    }
    fn reg(&self, name: &str) -> Reg {
        self.arch.register(name).unwrap_or_else(|| panic!("no register {name}"))
    }
    fn op(&self, name: &str) -> Op {
        self.arch.opcode(name).unwrap_or_else(|| panic!("no opcode {name}"))
    }
    fn sym(&self, id: Option<SymId>) -> &str {
        self.syms.name(id.expect("a symbol"))
    }
    fn text(&self, s: p9asm_macros::Span) -> &str {
        self.sm.text(s)
    }
}

fn parse(src: &str) -> Parsed {
    let mut sm = SourceMap::new();
    let mut diags = Diagnostics::default();
    let opts = Options { goarch: Some("amd64".into()), goos: Some("linux".into()), ..Options::default() };
    let exp = preprocess_bytes("t.s".into(), None, src.as_bytes().to_vec(), &opts, &mut sm, &mut diags);
    let arch = for_goarch(GoArch::Amd64);
    let (program, syms) = syntax::parse(&exp.tokens, &sm, arch, Symbols::new(), &mut diags);
    assert!(diags.list.is_empty(), "{}", diags.render(&sm, false));
    Parsed { sm, program, syms, arch }
}

/// Parses `TEXT f(SB), 0, $0` followed by one instruction and returns the parser's view.
fn one(stmt: &str) -> (Parsed, Prog) {
    let p = parse(&format!("TEXT f(SB), 0, $0\n\t{stmt}\n"));
    let body = p.body();
    assert_eq!(body.len(), 1, "{stmt}: {body:#?}");
    let prog = body[0].clone();
    (p, prog)
}

fn mem(m: Mem) -> Addr {
    Addr::Mem(m)
}

#[test]
fn register_operands() {
    let (p, prog) = one("MOVQ AX, R15");
    assert_eq!(prog.op, p.op("MOVQ"));
    assert_eq!(prog.args.len(), 2);
    assert_eq!(prog.args[0].addr, Addr::Reg(p.reg("AX")));
    assert_eq!(prog.args[1].addr, Addr::Reg(p.reg("R15")));
    // operand spans are exact
    assert_eq!(p.text(prog.args[0].origin.span), "AX");
    assert_eq!(p.text(prog.args[1].origin.span), "R15");
    assert_eq!(p.text(prog.origin.span), "MOVQ");
    let (p, prog) = one("MOVOU X1, Y2");
    assert_eq!(prog.args[0].addr, Addr::Reg(p.reg("X1")));
    let (p, prog) = one("MOVQ g, AX");
    assert_eq!(prog.args[0].addr, Addr::Reg(p.reg("g")));
}

#[test]
fn immediate_constants() {
    for (src, v) in [
        ("$7", 7i64),
        ("$-8", -8),
        ("$(8-1)", 7),
        ("$~0", -1),
        ("$'a'", 97),
        ("$'\\n'", 10),
        ("$0x7fffffffffffffff", i64::MAX),
        ("$0xffffffffffffffff", -1),
        ("$1<<4|3", 19),
        ("$(1<<4|3)", 19),
        ("$0b101+0o7+010", 20),
        ("$1_000", 1000),
        ("$256>>2*2", 16),
        ("$6&^3", 4),
    ] {
        let (_, prog) = one(&format!("MOVQ {src}, AX"));
        assert_eq!(prog.args[0].addr, Addr::Imm(v), "{src}");
    }
}

#[test]
fn float_and_string_constants() {
    for (src, v) in
        [("$1.5", 1.5f64), ("$-1.5", -1.5), ("$(2.5)", 2.5), ("$--0.5", 0.5), ("$1e3", 1000.0), ("$0x1p-2", 0.25)]
    {
        let (_, prog) = one(&format!("MOVSD {src}, X0"));
        assert_eq!(prog.args[0].addr, Addr::Float(v), "{src}");
    }
    let p = parse("DATA s<>+0(SB)/8, $\"ab\\x41\\n\"\nGLOBL s<>(SB), 8, $8\n");
    assert_eq!(p.program.data[0].inits[0].value, Addr::Str(b"abA\n".to_vec().into_boxed_slice()));
}

#[test]
fn symbol_references() {
    let (p, prog) = one("MOVQ $runtime·x+8(SB), AX");
    let Addr::AddrOf(m) = &prog.args[0].addr else { panic!("{:?}", prog.args[0]) };
    assert_eq!((m.name, m.offset, m.base, m.index), (Name::Extern, 8, Reg::NONE, Reg::NONE));
    assert_eq!(p.sym(m.sym), "runtime.x");
    assert_eq!(p.text(prog.args[0].origin.span), "$runtime·x+8(SB)");

    let (p, prog) = one("MOVQ ·y-4(SB), AX");
    let m = prog.args[0].addr.mem().unwrap();
    assert_eq!((m.name, m.offset), (Name::Extern, -4));
    assert_eq!(p.sym(m.sym), "\"\".y");

    let p = parse("GLOBL tab<>(SB), $64\nTEXT f(SB), 0, $0\n\tMOVQ tab<>+16(SB)(AX*8), BX\n");
    let prog = p.body()[0].clone();
    let m = prog.args[0].addr.mem().unwrap();
    assert_eq!((m.name, m.offset, m.index, m.scale), (Name::Static, 16, p.reg("AX"), 8));
    assert_eq!(p.sym(m.sym), "tab");
    assert!(p.syms.get(m.sym.unwrap()).is_static);

    let (p, prog) = one("CALL runtime·f(SB)");
    assert_eq!(prog.op, Op::CALL);
    assert_eq!(p.sym(prog.args[0].addr.mem().unwrap().sym), "runtime.f");
}

#[test]
fn frame_references() {
    let (p, prog) = one("MOVQ argsize+24(FP), CX");
    let m = *prog.args[0].addr.mem().unwrap();
    assert_eq!((m.name, m.offset, m.sym, m.base), (Name::Param, 24, None, Reg::NONE));
    // the name is read back from the operand's source text
    assert_eq!(p.text(prog.args[0].origin.span), "argsize+24(FP)");

    let (p, prog) = one("MOVQ x-8(SP), AX");
    let m = *prog.args[0].addr.mem().unwrap();
    assert_eq!((m.name, m.offset, m.base), (Name::Auto, -8, Reg::NONE));
    assert_eq!(p.text(prog.args[0].origin.span), "x-8(SP)");

    // a positive pseudo-SP offset is accepted, as in Go
    let (_, prog) = one("MOVQ y+8(SP), AX");
    assert_eq!(prog.args[0].addr.mem().unwrap().name, Name::Auto);

    // the address of an argument
    let (_, prog) = one("LEAQ $a+0(FP), AX");
    assert!(matches!(prog.args[0].addr, Addr::AddrOf(Mem { name: Name::Param, offset: 0, .. })));
}

#[test]
fn hardware_sp_without_a_name() {
    // on amd64 `8(SP)` is the hardware stack pointer
    let (p, prog) = one("MOVQ DX, 8(SP)");
    assert_eq!(prog.args[1].addr, mem(Mem { base: p.reg("SP"), offset: 8, ..Mem::default() }));
    let (p, prog) = one("MOVQ SP, DI");
    assert_eq!(prog.args[0].addr, Addr::Reg(p.reg("SP")));
}

#[test]
fn indirect_and_indexed() {
    let (p, prog) = one("MOVQ 16(AX)(BX*4), CX");
    assert_eq!(
        prog.args[0].addr,
        mem(Mem { base: p.reg("AX"), index: p.reg("BX"), scale: 4, offset: 16, ..Mem::default() })
    );
    let (p, prog) = one("MOVQ (BX*4), CX");
    assert_eq!(prog.args[0].addr, mem(Mem { index: p.reg("BX"), scale: 4, ..Mem::default() }));
    let (p, prog) = one("MOVQ (R8), CX");
    assert_eq!(prog.args[0].addr, mem(Mem { base: p.reg("R8"), ..Mem::default() }));
    let (p, prog) = one("MOVQ -8(BP), CX");
    assert_eq!(prog.args[0].addr, mem(Mem { base: p.reg("BP"), offset: -8, ..Mem::default() }));
    let (p, prog) = one("MOVQ (8-1)(SI)(DI*1), CX");
    assert_eq!(
        prog.args[0].addr,
        mem(Mem { base: p.reg("SI"), index: p.reg("DI"), scale: 1, offset: 7, ..Mem::default() })
    );
    let (p, prog) = one("LEAQ $8(AX), BX");
    assert_eq!(prog.args[0].addr, Addr::AddrOf(Mem { base: p.reg("AX"), offset: 8, ..Mem::default() }));
    let (p, prog) = one("CALL (DX)");
    assert_eq!(prog.args[0].addr, mem(Mem { base: p.reg("DX"), ..Mem::default() }));
    // absolute memory (no base)
    let (_, prog) = one("MOVQ 0x10, AX");
    assert_eq!(prog.args[0].addr, mem(Mem { offset: 16, ..Mem::default() }));
    // TLS-relative, as go_tls.h writes it
    let (p, prog) = one("MOVQ 0(CX)(TLS*1), AX");
    assert_eq!(prog.args[0].addr, mem(Mem { base: p.reg("CX"), index: p.reg("TLS"), scale: 1, ..Mem::default() }));
}

#[test]
fn pc_relative_branches() {
    // n(PC) counts Progs, the TEXT included, as Go does
    let p = parse("TEXT f(SB), 0, $0\n\tJMP 2(PC)\n\tNOP\n\tRET\n\tJMP -3(PC)\n");
    let f = p.func(0);
    assert_eq!(f.progs[1].args[0].addr, Addr::Branch(3));
    assert_eq!(f.progs[4].args[0].addr, Addr::Branch(1));
    assert_eq!(f.progs[1].branch_target(), Some(3));
}

#[test]
fn labels_forward_and_backward() {
    let src = "\
TEXT f(SB), 0, $0
loop:
\tDECQ CX
\tJNE loop
\tJMP done
\tNOP
done: a: RET
";
    let p = parse(src);
    let f = p.func(0);
    assert_eq!(f.progs.len(), 6);
    assert_eq!(f.progs[2].args[0].addr, Addr::Branch(1)); // backward
    assert_eq!(f.progs[3].args[0].addr, Addr::Branch(5)); // forward
    assert_eq!(f.progs[5].op, Op::RET);
    // labels are per TEXT block: the same name again in the next function is fine
    let p = parse("TEXT f(SB), 0, $0\nl: RET\nTEXT h(SB), 0, $0\n\tJMP l\nl: RET\n");
    assert_eq!(p.func(1).progs[1].args[0].addr, Addr::Branch(2));
}

#[test]
fn text_directive() {
    let p = parse("#include \"textflag.h\"\nTEXT ·f(SB), NOSPLIT|WRAPPER, $-8-32\n\tRET\n");
    let f = p.func(0);
    assert_eq!(p.syms.name(f.sym), "\"\".f");
    assert_eq!((f.flags, f.frame, f.args), (4 | 32, -8, 32));
    let text = &f.progs[0];
    assert_eq!(text.op, Op::TEXT);
    assert_eq!(text.args[1].addr, Addr::Imm(36));
    assert_eq!(text.args[2].addr, Addr::TextSize { frame: -8, args: 32 });
    assert_eq!(p.text(text.args[2].origin.span), "$-8-32");

    // two operands, no argument size
    let p = parse("TEXT f(SB), $16\n\tRET\n");
    let f = p.func(0);
    assert_eq!((f.flags, f.frame, f.args), (0, 16, ARGS_SIZE_UNKNOWN));
    // a static function
    let p = parse("TEXT callRet<>(SB), 4, $32-0\n\tRET\n");
    assert!(p.syms.get(p.func(0).sym).is_static);
}

#[test]
fn frame_size_from_a_macro() {
    let src = "\
#define CALLFN(NAME,MAXSIZE) TEXT NAME(SB), 32, $MAXSIZE-20; RET
CALLFN(·call64, 64)
CALLFN(·call128, 128)
";
    let p = parse(src);
    assert_eq!(p.program.funcs.len(), 2);
    assert_eq!((p.func(0).frame, p.func(0).args, p.func(0).flags), (64, 20, 32));
    assert_eq!((p.func(1).frame, p.func(1).args), (128, 20));
    assert_eq!(p.syms.name(p.func(1).sym), "\"\".call128");
    // every Prog of an expansion is attributed to the invocation line
    let ret = &p.func(1).progs[1];
    assert_eq!(p.sm.line_col(p.sm.outermost(ret.origin)), (3, 1));
}

#[test]
fn data_and_globl() {
    let src = "\
#include \"textflag.h\"
DATA tab<>+0(SB)/8, $1
DATA tab<>+8(SB)/4, $1.5
DATA tab<>+12(SB)/4, $'x'
DATA tab<>+16(SB)/8, $runtime·f(SB)
DATA tab<>+24(SB)/3, $\"abc\"
GLOBL tab<>(SB), RODATA|NOPTR, $32
GLOBL bss(SB), $64
";
    let p = parse(src);
    assert_eq!(p.program.data.len(), 2);
    let d = &p.program.data[0];
    assert_eq!(p.syms.name(d.sym), "tab");
    assert_eq!((d.flags, d.size, d.declared), (8 | 16, 32, true));
    let inits: Vec<(i64, u8)> = d.inits.iter().map(|i| (i.offset, i.size)).collect();
    assert_eq!(inits, [(0, 8), (8, 4), (12, 4), (16, 8), (24, 3)]);
    assert_eq!(d.inits[0].value, Addr::Imm(1));
    assert_eq!(d.inits[1].value, Addr::Float(1.5));
    assert_eq!(d.inits[2].value, Addr::Imm(120));
    let Addr::AddrOf(m) = &d.inits[3].value else { panic!() };
    assert_eq!(p.sym(m.sym), "runtime.f");
    assert_eq!(d.inits[4].value, Addr::Str(b"abc".to_vec().into_boxed_slice()));
    let b = &p.program.data[1];
    assert_eq!((p.syms.name(b.sym), b.flags, b.size, b.inits.len()), ("bss", 0, 64, 0));
}

#[test]
fn pcdata_and_funcdata() {
    let src = "\
#include \"funcdata.h\"
TEXT f(SB), 0, $0
\tNO_LOCAL_POINTERS
\tPCDATA $PCDATA_StackMapIndex, $0
\tFUNCDATA $FUNCDATA_ArgsPointerMaps, go_args_stackmap(SB)
\tRET
";
    let p = parse(src);
    let b = p.body();
    assert_eq!(b.len(), 4);
    assert_eq!(b[0].op, Op::FUNCDATA);
    assert_eq!(b[0].args[0].addr, Addr::Imm(1));
    assert_eq!(p.sym(b[0].args[1].addr.mem().unwrap().sym), "no_pointers_stackmap");
    assert_eq!(b[1].op, Op::PCDATA);
    assert_eq!((b[1].args[0].addr.imm(), b[1].args[1].addr.imm()), (Some(1), Some(0)));
    assert_eq!(b[2].op, Op::FUNCDATA);
    assert_eq!(b[2].args[0].addr, Addr::Imm(0));
}

#[test]
fn semicolons_and_prefixes_make_separate_progs() {
    let (p, _) = (parse("TEXT f(SB), 0, $0\n\tREP;MOVSB\n"), ());
    let b = p.body();
    assert_eq!(b.len(), 2);
    assert_eq!((b[0].op, b[1].op), (p.op("REP"), p.op("MOVSB")));
    assert!(b[0].args.is_empty());
}

/// Go's `*` prefix: `*sym(SB)` is its TYPE_INDIR; through a register (`*(AX)`, `*4(SP)`,
/// also with an index after a symbol) it is plain memory, and `*AX` is AX, as Go's parser
/// makes them.
#[test]
fn star_prefix_is_gos() {
    let (p, prog) = one("CALL *foo+4(SB)");
    let Addr::Indir(m) = &prog.args[0].addr else { panic!("{:?}", prog.args[0].addr) };
    assert_eq!((m.name, m.offset, p.sym(m.sym)), (Name::Extern, 4, "foo"));
    let (p, prog) = one("CALL *(AX)(BX*4)");
    assert_eq!(prog.args[0].addr, mem(Mem { base: p.reg("AX"), index: p.reg("BX"), scale: 4, ..Mem::default() }));
    let (p, prog) = one("CALL *4(SP)");
    assert_eq!(prog.args[0].addr, mem(Mem { base: p.reg("SP"), offset: 4, ..Mem::default() }));
    let (p, prog) = one("JMP *AX");
    assert_eq!(prog.args[0].addr, Addr::Reg(p.reg("AX")));
    let (_, prog) = one("CALL *foo(SB)(AX*4)");
    assert!(matches!(prog.args[0].addr, Addr::Mem(_)), "{:?}", prog.args[0].addr);
}

/// Go's old x86 register-pair syntax: `A:B` is the operands `B, A`.
#[test]
fn colon_pairs_swap() {
    let (p, prog) = one("SHLL $4, foo+4(SB):AX");
    assert_eq!(prog.args.len(), 3);
    assert_eq!(prog.args[1].addr, Addr::Reg(p.reg("AX")));
    assert!(matches!(prog.args[2].addr, Addr::Mem(Mem { offset: 4, .. })));
    let (p, prog) = one("SHLQ CX, R11:AX");
    assert_eq!(
        prog.args.iter().map(|a| a.addr.clone()).collect::<Vec<_>>(),
        [Addr::Reg(p.reg("CX")), Addr::Reg(p.reg("AX")), Addr::Reg(p.reg("R11"))]
    );
    for (src, want) in [
        ("SHLQ CX, R11:AX:BX", "E0203 invalid ':' in operand"),
        ("SHLQ CX, R11:", "E0203 missing operand after ':'"),
        ("SHLQ CX, :AX", "E0203 missing operand before ':'"),
    ] {
        let (_, errs) = parse_lists(&format!("\t{src}"));
        assert_eq!(errs.len(), 1, "{src}: {errs:?}");
        assert!(errs[0].starts_with(want), "{src}: {errs:?}");
    }
}

#[test]
fn operand_counts_and_placement() {
    let (_, prog) = one("RET");
    assert!(prog.args.is_empty());
    let (p, prog) = one("IMUL3Q $3, AX, BX");
    assert_eq!(
        prog.args.iter().map(|a| a.addr.clone()).collect::<Vec<_>>(),
        [Addr::Imm(3), Addr::Reg(p.reg("AX")), Addr::Reg(p.reg("BX"))]
    );
}

#[test]
fn jump_aliases_and_targets() {
    let p = parse("TEXT f(SB), 0, $0\n\tCMPQ CX, $32\n\tJA 3(PC)\n\tJHI l\n\tJMP AX\nl: RET\n");
    let b = p.body();
    assert_eq!(b[1].op, b[2].op, "JA is JHI");
    assert_eq!(b[1].args[0].addr, Addr::Branch(5));
    assert_eq!(b[2].args[0].addr, Addr::Branch(5));
    assert_eq!(b[3].args[0].addr, Addr::Reg(p.reg("AX")));
}

#[test]
fn the_stub_file_parses() {
    let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../stubs/asm_amd64.s")).unwrap();
    let p = parse(&src);
    // reflect·call, ·reflectcall, callRet<> and 26 CALLFN functions
    assert_eq!(p.program.funcs.len(), 29);
    let names: Vec<&str> = p.program.funcs.iter().map(|f| p.syms.name(f.sym)).collect();
    assert_eq!(&names[..3], ["reflect.call", "\"\".reflectcall", "callRet"]);
    for (k, f) in p.program.funcs[3..].iter().enumerate() {
        let n = 32i64 << k;
        assert_eq!(p.syms.name(f.sym), format!("\"\".call{n}"));
        assert_eq!((f.flags, f.frame, f.args), (32, n, 32));
        assert_eq!(f.progs.len(), 20);
    }
    // the DISPATCH jumps skip to the next CMPQ
    let rc = &p.program.funcs[1];
    assert_eq!(rc.progs[3].args[0].addr, Addr::Branch(6));
}

/// amd64 with one change: general-purpose registers may appear in register lists, numbered
/// as their hardware encoding. ARM-family parsers work this way; no shipped amd64 form takes a
/// list, so this is how the arch-neutral list syntax is checked before those back ends land.
struct ListArch(&'static dyn Arch);

impl Arch for ListArch {
    fn goarch(&self) -> GoArch {
        self.0.goarch()
    }
    fn register(&self, name: &str) -> Option<Reg> {
        self.0.register(name)
    }
    fn register_list_bit(&self, r: Reg) -> Option<u32> {
        ["AX", "CX", "DX", "BX", "SP", "BP", "SI", "DI"]
            .iter()
            .position(|n| self.0.register(n) == Some(r))
            .map(|i| i as u32)
    }
    fn opcode(&self, name: &str) -> Option<Op> {
        self.0.opcode(name)
    }
    fn op_name(&self, op: Op) -> &'static str {
        self.0.op_name(op)
    }
    fn preprocess(&self, f: &mut Func, cx: &mut p9asm::arch::Ctx) {
        self.0.preprocess(f, cx)
    }
    fn assemble(&self, f: &mut Func, cx: &mut p9asm::arch::Ctx) -> p9asm::arch::Code {
        self.0.assemble(f, cx)
    }
    fn elf(&self) -> p9asm::arch::ElfTarget {
        self.0.elf()
    }
    fn fixup_kinds(&self) -> &'static [p9asm::emit::fixup::FixupKindInfo] {
        self.0.fixup_kinds()
    }
    fn reloc(&self, fx: &p9asm::emit::fixup::Fixup) -> Result<p9asm::emit::fixup::ElfRelocs, String> {
        self.0.reloc(fx)
    }
    fn dwarf(&self) -> &dyn p9asm::frame::cfi::RegisterMapper {
        self.0.dwarf()
    }
}

impl p9asm::frame::FrameIsa for ListArch {
    fn register_name(&self, r: Reg) -> std::borrow::Cow<'static, str> {
        self.0.register_name(r)
    }
    fn is_jump(&self, op: Op) -> bool {
        self.0.is_jump(op)
    }
    fn frame_pointer(&self) -> Option<Reg> {
        self.0.frame_pointer()
    }
    fn writes_register(&self, p: &Prog, r: Reg) -> bool {
        self.0.writes_register(p, r)
    }
}

static LIST_ARCH: std::sync::LazyLock<ListArch> = std::sync::LazyLock::new(|| ListArch(for_goarch(GoArch::Amd64)));

/// Parses with [`ListArch`]; returns the Progs of the one function and the rendered diagnostics.
fn parse_lists(body: &str) -> (Vec<Prog>, Vec<String>) {
    let mut sm = SourceMap::new();
    let mut diags = Diagnostics::default();
    let opts = Options { goarch: Some("amd64".into()), goos: Some("linux".into()), ..Options::default() };
    let src = format!("TEXT f(SB), 0, $0\n{body}\n");
    let exp = preprocess_bytes("t.s".into(), None, src.into_bytes(), &opts, &mut sm, &mut diags);
    let (program, _) = syntax::parse(&exp.tokens, &sm, &*LIST_ARCH, Symbols::new(), &mut diags);
    let msgs = diags.list.iter().map(|d| format!("{} {}", d.code, d.message)).collect();
    (program.funcs.first().map(|f| f.progs[1..].to_vec()).unwrap_or_default(), msgs)
}

#[test]
fn register_lists() {
    let (progs, errs) = parse_lists("\tMOVQ [AX,DX-BX,DI], CX\n\tMOVQ [ SI ], CX");
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(progs[0].arg(0), &Addr::RegList(0b1000_1101));
    assert_eq!(progs[1].arg(0), &Addr::RegList(1 << 6));

    for (src, want) in [
        ("MOVQ [AX,BX-DX], CX", "E0203 register range runs backwards"),
        ("MOVQ [AX,AX], CX", "E0203 register appears twice in the list"),
        ("MOVQ [AX-BX,CX], CX", "E0203 register appears twice in the list"),
        ("MOVQ [AX,R8], CX", "E0203 register R8 cannot appear in a register list on this architecture"),
        ("MOVQ [AX,,BX], CX", "E0214 expected register"),
        ("MOVQ [AX BX], CX", "E0203 expected ',' or ']' in register list"),
        ("MOVQ [AX, CX", "E0203 expected ',' or ']' in register list"),
        ("MOVQ $[AX], CX", "E0203 a register list cannot take a '$' or '*' prefix"),
    ] {
        let (_, errs) = parse_lists(&format!("\t{src}"));
        assert_eq!(errs.len(), 1, "{src}: {errs:?}");
        assert!(errs[0].starts_with(want), "{src}: {errs:?}");
    }
}

#[test]
fn register_pairs() {
    let (p, prog) = one("MOVQ (AX, R9), CX");
    assert_eq!(prog.arg(0), &Addr::RegPair(p.reg("AX"), p.reg("R9")));
    let (p, prog) = one("MOVQ CX, (SI,DI)");
    assert_eq!(prog.arg(1), &Addr::RegPair(p.reg("SI"), p.reg("DI")));
    for (src, want) in [
        ("MOVQ 8(AX, BX), CX", "E0203 a register pair takes no offset or prefix"),
        ("MOVQ $(AX, BX), CX", "E0203 a register pair takes no offset or prefix"),
        ("MOVQ (AX, BX, CX), CX", "E0203 expected ')' after register pair"),
        ("MOVQ (AX, 1), CX", "E0214"),
    ] {
        let (_, errs) = parse_lists(&format!("\t{src}"));
        assert_eq!(errs.len(), 1, "{src}: {errs:?}");
        assert!(errs[0].starts_with(want), "{src}: {errs:?}");
    }
}
