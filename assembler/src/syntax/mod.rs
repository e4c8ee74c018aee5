//! The front end: expanded tokens to an arch-neutral [`Program`].
//!
//! The statement-level driver is hand-written so it can recover after an error and report every
//! bad line (Go reports one error per line, too); operands and expressions are nom parsers over
//! the token stream ([`operand`], [`expr`]). Registers and mnemonics come from the [`Arch`]
//! tables; nothing here knows an instruction set.

pub mod expr;
pub mod input;
pub mod operand;

use p9asm_macros::{Diag, Diagnostics, Kind, Origin, SourceMap, Token};
use rustc_hash::FxHashMap;
use smallvec::SmallVec;

use self::expr::ExprCx;
use self::input::{PErr, Toks, into_err};
use self::operand::{OperandCx, Parsed, tokens_origin};
use crate::arch::Arch;
use crate::prog::{
    ARGS_SIZE_UNKNOWN, Addr, DataInit, DataSym, FrameLayout, Func, Mem, Name, Op, Operand, Prog, Program,
};
use crate::sym::{SymId, Symbols};

/// Parses an expanded token stream.
pub fn parse(
    tokens: &[Token],
    src: &SourceMap,
    arch: &dyn Arch,
    syms: Symbols,
    diags: &mut Diagnostics,
) -> (Program, Symbols) {
    let mut funcs = Vec::new();
    let mut program = parse_each(tokens, src, arch, &syms, diags, &mut |f, _| funcs.push(f));
    program.funcs = funcs;
    (program, syms)
}

/// Called with each function as soon as its TEXT block ends (the diagnostics are the parser's,
/// lent for the call).
pub type OnFunc<'f> = dyn FnMut(Func, &mut Diagnostics) + 'f;

/// Parses, handing each finished function to `on_func` instead of keeping it: a caller that
/// assembles functions one at a time never holds the whole program's instructions.
/// The returned program holds the data symbols only.
pub fn parse_each(
    tokens: &[Token],
    src: &SourceMap,
    arch: &dyn Arch,
    syms: &Symbols,
    diags: &mut Diagnostics,
    on_func: &mut OnFunc,
) -> Program {
    let mut p = Parser::new(src, arch, syms, diags, on_func);
    // No early stop at the error cap: errors past it are counted (not kept), so the closing
    // "too many errors (N in all, 10 shown)" line tells the truth. Parsing is linear anyway.
    for stmt in p9asm_macros::expand::statements(tokens) {
        p.statement(stmt);
    }
    p.finish()
}

/// Like [`parse_each`], reading statements from the preprocessor as it produces them, a chunk
/// at a time: the expanded program never exists as a whole. The preprocessor's diagnostics are
/// moved into `diags` as it goes (so they come before the parser's for the same lines).
pub fn parse_stream(
    pp: &mut p9asm_macros::preprocess::Preprocessor,
    src: &SourceMap,
    arch: &dyn Arch,
    syms: &Symbols,
    diags: &mut Diagnostics,
    on_func: &mut OnFunc,
) -> Program {
    let mut buf = Vec::with_capacity(2 * p9asm_macros::preprocess::CHUNK_TOKENS);
    let mut p = Parser::new(src, arch, syms, diags, on_func);
    p.file(pp, &mut buf);
    p.finish()
}

/// [`parse_stream`] over several files, one after another, into one program (as `go tool asm
/// a.s b.s` makes one object): each file has its own macros, a TEXT block or a label ends with
/// its file, and symbols (`<>` statics too, as in Go) are shared.
pub fn parse_streams<'s>(
    next: &mut dyn FnMut() -> Option<p9asm_macros::preprocess::Preprocessor<'s>>,
    src: &SourceMap,
    arch: &dyn Arch,
    syms: &Symbols,
    diags: &mut Diagnostics,
    on_func: &mut OnFunc,
) -> Program {
    let mut buf = Vec::with_capacity(2 * p9asm_macros::preprocess::CHUNK_TOKENS);
    let mut p = Parser::new(src, arch, syms, diags, on_func);
    while let Some(mut pp) = next() {
        p.file(&mut pp, &mut buf);
    }
    p.finish()
}

struct FuncBuilder<'a> {
    func: Func,
    labels: FxHashMap<&'a str, (u32, Token)>,
    /// (prog, operand, label) to resolve at the end of the TEXT block.
    label_refs: Vec<(u32, usize, Token)>,
    /// (prog, operand, target index, origin) for `n(PC)`.
    pc_refs: Vec<(u32, usize, i64, Origin)>,
    /// Opened by a TEXT directive that had errors: its body is checked, then dropped.
    rejected: bool,
}

struct Parser<'a, 'd> {
    on_func: &'d mut OnFunc<'d>,
    src: &'a SourceMap,
    arch: &'a dyn Arch,
    syms: &'a Symbols,
    diags: &'d mut Diagnostics,
    program: Program,
    cur: Option<FuncBuilder<'a>>,
    pending_labels: Vec<Token>,
    /// By canonical symbol: the DATA/GLOBL entry in `program.data`.
    data_index: FxHashMap<SymId, usize>,
    /// By canonical symbol: every TEXT and GLOBL definition, so that one object name is defined
    /// once however it is spelled (`·f`, `pkg·f`) and whichever directive defines it.
    defined: FxHashMap<SymId, Origin>,
    /// The text of the file the last token looked up came from: a token's text is then a
    /// slice of it, without finding the file in the source map again.
    file_text: std::cell::Cell<(p9asm_macros::FileId, &'a str)>,
}

/// Go's limit on one symbol's size (cmd/internal/obj: "symbol too large").
pub const MAX_SYMBOL_SIZE: i64 = 2_000_000_000;

impl<'a, 'd> Parser<'a, 'd> {
    fn new(
        src: &'a SourceMap,
        arch: &'a dyn Arch,
        syms: &'a Symbols,
        diags: &'d mut Diagnostics,
        on_func: &'d mut OnFunc<'d>,
    ) -> Self {
        Parser {
            on_func,
            src,
            arch,
            syms,
            diags,
            program: Program::default(),
            cur: None,
            pending_labels: Vec::new(),
            data_index: FxHashMap::default(),
            defined: FxHashMap::default(),
            file_text: std::cell::Cell::new((u32::MAX, "")),
        }
    }

    /// Ends the last function and checks what only the whole file can tell.
    /// Parses one input file to its end.
    fn file(&mut self, pp: &mut p9asm_macros::preprocess::Preprocessor, buf: &mut Vec<p9asm_macros::Token>) {
        loop {
            buf.clear();
            let more = pp.next_chunk(buf);
            let pp_diags = std::mem::replace(&mut pp.diags, Diagnostics::new(self.diags.max_errors));
            self.diags.extend(pp_diags);
            for stmt in p9asm_macros::expand::statements(buf) {
                self.statement(stmt);
            }
            if !more {
                break;
            }
        }
        self.end_file();
    }

    /// The end of one input file: its last TEXT block ends, and a label left over labels nothing.
    fn end_file(&mut self) {
        self.finish_func();
        if let Some(l) = self.pending_labels.first() {
            let name = self.src.text(l.span).to_string();
            self.diags.push(Diag::error(
                "E0207",
                l.origin(),
                format!("label {name} at the end of the file labels no instruction"),
            ));
        }
        self.pending_labels.clear();
    }

    fn finish(mut self) -> Program {
        self.end_file();
        let mut program = std::mem::take(&mut self.program);
        for d in &mut program.data {
            let name = self.syms.name(d.sym);
            let Some(first) = d.inits.first() else { continue };
            if !d.declared {
                // Go 1.19 accepts it: the symbol is as large as its DATA writes reach, writable
                // data with pointers (Go 1.19's own runtime/asm_s390x.s has one, a typo)
                let size = d.inits.iter().map(|i| i.offset.saturating_add(i.size as i64)).max().unwrap_or(0);
                self.diags.push(
                    Diag::warning("W0201", d.origin, format!("DATA for {name} but no GLOBL declares it")).with_note(
                        format!("assembled as Go does: {size} bytes of writable data, the extent of its DATA"),
                    ),
                );
                d.size = size;
                d.declared = true;
                // the DATA is its definition (for the check of file-local references below)
                self.defined.entry(self.syms.canon(d.sym)).or_insert(d.origin);
            } else if d.flags & crate::prog::textflag::TLSBSS != 0 {
                self.diags.push(
                    Diag::error("E0211", first.origin, format!("cannot supply data for TLSBSS symbol {name}"))
                        .with_label(d.origin.span, "declared TLSBSS here"),
                );
            } else if let Some(past) = d.inits.iter().find(|i| i.offset.saturating_add(i.size as i64) > d.size) {
                self.diags.push(
                    Diag::error(
                        "E0211",
                        past.origin,
                        format!("DATA past the end of the {}-byte symbol {name}", d.size),
                    )
                    .with_label(d.origin.span, "declared here"),
                );
            }
        }
        program.data.retain(|d| d.declared);
        for (sym, origin) in self.syms.static_refs() {
            if !self.defined.contains_key(&sym) {
                let name = self.syms.name(sym);
                self.diags.push(
                    Diag::error(
                        "E0217",
                        origin,
                        format!("file-local symbol {name}<> is used but not defined in this object's files"),
                    )
                    .with_note(
                        "a <> symbol names a TEXT or GLOBL of the files assembled together; drop <> to refer to \
                         another object's symbol",
                    ),
                );
            }
        }
        program
    }

    /// Records the definition of `sym` by `what` (TEXT or GLOBL) at `at`; false (and E0215) if
    /// its object name is already defined.
    fn define(&mut self, sym: SymId, what: &str, at: Origin) -> bool {
        let canon = self.syms.canon(sym);
        if let Some(prev) = self.defined.get(&canon) {
            let prev = prev.span;
            let name = self.syms.object_name(sym);
            self.diags.push(
                Diag::error("E0215", at, format!("{what} {name}: symbol already defined"))
                    .with_label(prev, "first defined here"),
            );
            return false;
        }
        self.defined.insert(canon, at);
        true
    }

    fn text(&self, t: Token) -> &'a str {
        let (file, text) = self.file_text.get();
        if file == t.span.file
            && let Some(s) = text.get(t.span.range())
        {
            return s;
        }
        let text: &'a str = &self.src.file(t.span.file).text;
        self.file_text.set((t.span.file, text));
        &text[t.span.range()]
    }
    fn ocx(&self) -> OperandCx<'_> {
        OperandCx { src: self.src, arch: self.arch, syms: self.syms, file_text: self.file_text.get() }
    }
    fn err(&mut self, code: &'static str, at: Origin, msg: impl Into<String>) {
        self.diags.push(Diag::error(code, at, msg));
    }
    fn perr(&mut self, e: PErr, fallback: Origin) {
        self.diags.push(Diag::error(e.code, e.at.unwrap_or(fallback), e.msg));
    }

    fn statement(&mut self, stmt: &[Token]) {
        if stmt.iter().any(|t| t.kind == Kind::Error) {
            return; // the lexer already reported it
        }
        let mut i = 0;
        while i + 1 < stmt.len() && stmt[i].kind == Kind::Ident && stmt[i + 1].is(b':') {
            self.pending_labels.push(stmt[i]);
            i += 2;
        }
        if i == stmt.len() {
            return;
        }
        let word = stmt[i];
        if word.kind != Kind::Ident {
            let msg = format!("expected an instruction, found {:?}", self.text(word));
            self.err("E0201", word.origin(), msg);
            return;
        }
        i += 1;
        let mut suffixes: Vec<Token> = Vec::new();
        while i < stmt.len() && stmt[i].is(b'.') {
            match stmt.get(i + 1) {
                Some(t) if t.kind == Kind::Ident => {
                    suffixes.push(*t);
                    i += 2;
                }
                other => {
                    self.err(
                        "E0216",
                        other.copied().unwrap_or(stmt[i]).origin(),
                        "instruction suffix must be an identifier",
                    );
                    return;
                }
            }
        }
        // operands, split at top-level commas
        let mut operands: SmallVec<[&[Token]; 4]> = SmallVec::new();
        let rest = &stmt[i..];
        let mut depth = 0i32;
        let mut start = 0;
        // Go's old x86 "register pair" syntax `A:B` is the two operands `B, A` (Go's parser
        // swaps them as soon as the second is read; `A:B:C` is an error)
        let mut colon: Option<usize> = None;
        fn push<'t>(operands: &mut SmallVec<[&'t [Token]; 4]>, op: &'t [Token], colon: &mut Option<usize>) {
            operands.push(op);
            if let Some(c) = *colon
                && operands.len() == c + 2
            {
                operands.swap(c, c + 1);
                *colon = None;
            }
        }
        for (k, t) in rest.iter().enumerate() {
            match t.kind {
                Kind::Punct(b'(' | b'[') => depth += 1,
                Kind::Punct(b')' | b']') => depth -= 1,
                Kind::Punct(c @ (b',' | b':')) if depth == 0 => {
                    if c == b':' {
                        if colon.is_some() {
                            self.err("E0203", t.origin(), "invalid ':' in operand");
                            return;
                        }
                        colon = Some(operands.len());
                    }
                    if k == start {
                        self.err("E0203", t.origin(), format!("missing operand before '{}'", c as char));
                        return;
                    }
                    push(&mut operands, &rest[start..k], &mut colon);
                    start = k + 1;
                }
                _ => {}
            }
        }
        if start < rest.len() {
            push(&mut operands, &rest[start..], &mut colon);
        } else if !rest.is_empty() {
            let c = rest[rest.len() - 1];
            let what = if c.is(b':') { ':' } else { ',' };
            self.err("E0203", c.origin(), format!("missing operand after '{what}'"));
            return;
        }
        let ops = &operands[..];
        let name = self.text(word);
        match name {
            "TEXT" => self.asm_text(word, ops),
            "DATA" => self.asm_data(word, ops),
            "GLOBL" => self.asm_globl(word, ops),
            "PCDATA" => self.asm_pcdata(word, ops),
            "FUNCDATA" => self.asm_funcdata(word, ops),
            _ => self.instruction(word, &suffixes, ops),
        }
    }

    fn need_func(&mut self, word: Token) -> bool {
        if self.cur.is_none() {
            let msg =
                format!("{} outside a TEXT block: every instruction must follow a TEXT directive", self.text(word));
            self.err("E0209", word.origin(), msg);
            return false;
        }
        true
    }

    /// Appends a Prog to the current function, binding pending labels to it.
    fn append(&mut self, p: Prog) -> u32 {
        let fb = self.cur.as_mut().expect("append outside TEXT");
        let idx = fb.func.progs.len() as u32;
        fb.func.progs.push(p);
        for l in std::mem::take(&mut self.pending_labels) {
            let name = self.src.text(l.span);
            let fb = self.cur.as_mut().expect("append outside TEXT");
            if let Some((_, prev)) = fb.labels.get(name) {
                let prev = prev.span;
                self.diags.push(
                    Diag::error("E0206", l.origin(), format!("label {name} defined twice in this TEXT block"))
                        .with_label(prev, "first defined here"),
                );
            } else {
                fb.labels.insert(name, (idx, l));
            }
        }
        idx
    }

    fn parse_operand(&mut self, toks: &[Token], is_jump: bool) -> Option<Parsed> {
        match self.ocx().operand(toks, is_jump) {
            Ok(p) => Some(p),
            Err(e) => {
                self.perr(e, tokens_origin(toks));
                None
            }
        }
    }

    fn instruction(&mut self, word: Token, suffixes: &[Token], ops: &[&[Token]]) {
        let name = self.text(word);
        let op = match self.arch.opcode(name).or_else(|| pseudo_op(name)) {
            Some(op) => op,
            None => {
                let msg = format!("unrecognized instruction {name:?} for {}", self.arch.goarch());
                self.err("E0202", word.origin(), msg);
                return;
            }
        };
        if !self.need_func(word) {
            return;
        }
        let mut prog = Prog::new(op, word.origin());
        if !suffixes.is_empty() {
            let parts: SmallVec<[&str; 4]> = suffixes.iter().map(|s| self.text(*s)).collect();
            match self.arch.suffixes(op, &parts) {
                Ok(bits) => prog.suffix |= bits,
                Err(msg) => {
                    // at the first suffix that is wrong by itself, else at the first
                    let at =
                        suffixes.iter().find(|s| self.arch.suffix(op, self.text(**s)).is_err()).unwrap_or(&suffixes[0]);
                    self.err("E0216", at.origin(), msg);
                    return;
                }
            }
        }
        let is_jump = matches!(op, Op::JMP | Op::CALL) || self.arch.is_jump(op);
        let mut label_refs = Vec::new();
        let mut pc_refs = Vec::new();
        for (k, toks) in ops.iter().enumerate() {
            let origin = tokens_origin(toks);
            let Some(parsed) = self.parse_operand(toks, is_jump) else {
                return;
            };
            let addr = match parsed {
                Parsed::Addr(a) => a,
                // Go's getConstant: the symbol is discarded, its offset is the value (an address
                // without a base, as Go has it: TYPE_MEM)
                Parsed::Label(_, off) if self.arch.jump_operand_is_constant(op, k, ops.len()) => {
                    Addr::Mem(crate::prog::Mem { offset: off, ..Default::default() })
                }
                Parsed::Label(t, 0) => {
                    label_refs.push((k, t));
                    Addr::Branch(u32::MAX)
                }
                Parsed::Label(t, _) => {
                    let name = self.text(t).to_string();
                    self.err(
                        "E0203",
                        t.origin(),
                        format!(
                            "illegal or missing addressing mode for symbol {name}: write {name}(SB), {name}+off(FP) or {name}-off(SP)"
                        ),
                    );
                    return;
                }
                Parsed::PcRel(n) => {
                    if !is_jump {
                        self.err(
                            "E0213",
                            origin,
                            format!("{name} is not a branch: n(PC) is only allowed as a jump target"),
                        );
                        return;
                    }
                    pc_refs.push((k, n, origin));
                    Addr::Branch(u32::MAX)
                }
            };
            prog.args.push(Operand::new(addr, origin));
        }
        let idx = self.append(prog);
        let fb = self.cur.as_mut().expect("instruction outside TEXT");
        for (k, t) in label_refs {
            fb.label_refs.push((idx, k, t));
        }
        for (k, n, o) in pc_refs {
            fb.pc_refs.push((idx, k, (idx as i64).saturating_add(n), o));
        }
    }

    fn finish_func(&mut self) {
        let Some(mut fb) = self.cur.take() else {
            return;
        };
        if let Some(l) = self.pending_labels.first().copied() {
            let name = self.text(l);
            self.err("E0207", l.origin(), format!("label {name} at the end of the TEXT block labels no instruction"));
            self.pending_labels.clear();
        }
        let n = fb.func.progs.len() as i64;
        for (p, k, t) in std::mem::take(&mut fb.label_refs) {
            let name = self.src.text(t.span);
            match fb.labels.get(name) {
                Some(&(target, _)) => fb.func.progs[p as usize].args[k].addr = Addr::Branch(target),
                None => self.diags.push(
                    Diag::error("E0207", t.origin(), format!("undefined label {name}"))
                        .with_note("labels are local to their TEXT block"),
                ),
            }
        }
        for (p, k, target, origin) in std::mem::take(&mut fb.pc_refs) {
            if target <= 0 || target >= n {
                self.diags.push(Diag::error(
                    "E0208",
                    origin,
                    format!(
                        "branch target out of range: the TEXT block has {} instructions and this targets number {}",
                        n - 1,
                        target
                    ),
                ));
                continue;
            }
            fb.func.progs[p as usize].args[k].addr = Addr::Branch(target as u32);
        }
        if !fb.rejected {
            (self.on_func)(fb.func, self.diags);
        }
    }

    /// A symbol operand `sym(SB)` / `sym<>(SB)` with no offset.
    fn symbol_operand(&mut self, what: &str, toks: &[Token], allow_offset: bool) -> Option<(SymId, Mem)> {
        let origin = tokens_origin(toks);
        match self.parse_operand(toks, false)? {
            Parsed::Addr(Addr::Mem(m)) if matches!(m.name, Name::Extern | Name::Static) => {
                if !allow_offset && m.offset != 0 {
                    self.err("E0210", origin, format!("{what}: symbol must have no offset"));
                    return None;
                }
                if m.base.0 != 0 || m.index.0 != 0 {
                    self.err("E0210", origin, format!("{what}: symbol must be name(SB)"));
                    return None;
                }
                Some((m.sym.expect("SB reference has a symbol"), m))
            }
            _ => {
                self.err("E0210", origin, format!("{what} needs a symbol written name(SB) or name<>(SB)"));
                None
            }
        }
    }

    /// An integer expression operand without `$` (TEXT/GLOBL flags).
    /// The `sym(SB), [flags,]` that TEXT and GLOBL start with; the last operand is the caller's.
    fn symbol_and_flags(
        &mut self,
        word: Token,
        ops: &[&[Token]],
        code: &'static str,
        usage: &str,
    ) -> Option<(SymId, Mem, i64)> {
        if ops.len() != 2 && ops.len() != 3 {
            self.err(code, word.origin(), usage);
            return None;
        }
        let (sym, mem) = self.symbol_operand(self.text(word), ops[0], false)?;
        let flags = if ops.len() == 3 { self.flags_operand(ops[1])? } else { 0 };
        Some((sym, mem, flags))
    }

    fn flags_operand(&mut self, toks: &[Token]) -> Option<i64> {
        let cx = ExprCx { src: self.src };
        match cx.expr(Toks::new(toks)) {
            Ok((rest, v)) if rest.is_empty() => Some(v as i64),
            Ok((rest, _)) => {
                let t = rest.first().expect("nonempty");
                let msg = format!("unexpected {:?} in flags", self.text(t));
                self.err("E0210", t.origin(), msg);
                None
            }
            Err(e) => {
                self.perr(into_err(e), tokens_origin(toks));
                None
            }
        }
    }

    fn asm_text(&mut self, word: Token, ops: &[&[Token]]) {
        self.finish_func();
        let Some((sym, mem, flags, frame, args)) = self.text_header(word, ops) else {
            // The block still opens, so that its lines are checked as usual and not each
            // reported as outside a TEXT block; no object is written after the error.
            let sym = self.syms.intern_go("<rejected TEXT>", true);
            self.open_func(word, sym, 0, 0, ARGS_SIZE_UNKNOWN);
            self.cur.as_mut().expect("opened").rejected = true;
            self.append(Prog::new(Op::TEXT, word.origin()));
            return;
        };
        let origin = tokens_origin(ops[ops.len() - 1]);
        let mut text = Prog::new(Op::TEXT, word.origin());
        text.args.push(Operand::new(Addr::Mem(mem), tokens_origin(ops[0])));
        text.args
            .push(Operand::new(Addr::Imm(flags), if ops.len() == 3 { tokens_origin(ops[1]) } else { word.origin() }));
        text.args.push(Operand::new(Addr::TextSize { frame, args }, origin));
        self.open_func(word, sym, flags, frame, args);
        self.append(text);
    }

    /// TEXT's operands: symbol, flags, frame and argument sizes; `None` after an error.
    fn text_header(&mut self, word: Token, ops: &[&[Token]]) -> Option<(SymId, Mem, i64, i64, i64)> {
        let (sym, mem, flags) = self.symbol_and_flags(
            word,
            ops,
            "E0210",
            "TEXT takes two or three operands: TEXT name(SB), [flags,] $frame[-args]",
        )?;
        // $frame[-args]: two literals, not an expression (Go's asmText)
        let size = ops[ops.len() - 1];
        let sname = self.syms.name(sym).to_string();
        // Go's asmText: the back end lays out no stack check for an ABIInternal function
        if self.syms.get(sym).abi == crate::sym::Abi::Internal && flags & crate::prog::textflag::NOSPLIT == 0 {
            self.err("E0210", tokens_origin(ops[0]), format!("TEXT {sname:?}: ABIInternal requires NOSPLIT"));
            return None;
        }
        let bad = |p: &mut Self, at: Origin, what: &str| p.err("E0210", at, format!("TEXT {sname}: {what}"));
        let origin = tokens_origin(size);
        let mut t = size;
        if t.len() < 2 || !t[0].is(b'$') {
            bad(self, origin, "frame size must be an immediate constant: $frame or $frame-args");
            return None;
        }
        t = &t[1..];
        let negative = t[0].is(b'-');
        if negative {
            t = &t[1..];
        }
        let cx = ExprCx { src: self.src };
        let frame = match t.first() {
            Some(tok) if tok.kind == Kind::Int => match cx.int(*tok) {
                Ok(v) if v <= i32::MAX as u64 * 2 => v as i64,
                _ => {
                    bad(self, tok.origin(), "frame size too large");
                    return None;
                }
            },
            _ => {
                bad(self, origin, "frame size must be an immediate constant (an integer literal, not an expression)");
                return None;
            }
        };
        let frame = if negative { -frame } else { frame };
        t = &t[1..];
        let args = match t {
            [] => ARGS_SIZE_UNKNOWN,
            [m, n] if m.is(b'-') && n.kind == Kind::Int => match cx.int(*n) {
                Ok(v) if v <= i32::MAX as u64 => v as i64,
                _ => {
                    bad(self, n.origin(), "argument size too large");
                    return None;
                }
            },
            _ => {
                bad(self, origin, "argument size must be of the form -integer");
                return None;
            }
        };
        if !self.define(sym, "TEXT", tokens_origin(ops[0])) {
            return None;
        }
        Some((sym, mem, flags, frame, args))
    }

    fn open_func(&mut self, word: Token, sym: SymId, flags: i64, frame: i64, args: i64) {
        self.cur = Some(FuncBuilder {
            func: Func {
                sym,
                flags,
                frame,
                args,
                progs: Vec::with_capacity(64),
                origin: word.origin(),
                layout: FrameLayout::default(),
            },
            labels: FxHashMap::default(),
            label_refs: Vec::new(),
            pc_refs: Vec::new(),
            rejected: false,
        });
        // labels before TEXT would bind to it: Go does that silently; it is surely a mistake
        if let Some(l) = self.pending_labels.first().copied() {
            let name = self.text(l);
            self.err("E0207", l.origin(), format!("label {name} labels a TEXT directive, not an instruction"));
            self.pending_labels.clear();
        }
    }

    fn data_sym(&mut self, sym: SymId, origin: Origin) -> &mut DataSym {
        let sym = self.syms.canon(sym);
        let idx = *self.data_index.entry(sym).or_insert_with(|| {
            self.program.data.push(DataSym { sym, flags: 0, size: 0, inits: Vec::new(), origin, declared: false });
            self.program.data.len() - 1
        });
        &mut self.program.data[idx]
    }

    fn asm_data(&mut self, word: Token, ops: &[&[Token]]) {
        if ops.len() != 2 {
            self.err("E0211", word.origin(), "DATA takes two operands: DATA sym+off(SB)/size, value");
            return;
        }
        let op0 = ops[0];
        let n = op0.len();
        if n < 3 || !op0[n - 2].is(b'/') || op0[n - 1].kind != Kind::Int {
            self.err("E0211", tokens_origin(op0), "DATA needs /size after its symbol: DATA sym+off(SB)/size, value");
            return;
        }
        let size_tok = op0[n - 1];
        let size = match self.text(size_tok).parse::<u8>() {
            Ok(s @ (1 | 2 | 4 | 8)) => s,
            Ok(s) if s > 0 => s, // strings may be any length up to 255
            _ => {
                self.err("E0211", size_tok.origin(), "DATA size must be between 1 and 255");
                return;
            }
        };
        let Some((sym, mem)) = self.symbol_operand("DATA", &op0[..n - 2], true) else {
            return;
        };
        let value_origin = tokens_origin(ops[1]);
        let value = match self.parse_operand(ops[1], false) {
            Some(Parsed::Addr(a @ (Addr::Imm(_) | Addr::Float(_) | Addr::Str(_) | Addr::AddrOf(_)))) => a,
            Some(_) => {
                self.err(
                    "E0211",
                    value_origin,
                    "DATA value must be an immediate constant ($1, $1.5, $\"s\") or address ($sym(SB))",
                );
                return;
            }
            None => return,
        };
        let ok = match &value {
            Addr::Imm(_) => matches!(size, 1 | 2 | 4 | 8),
            Addr::Float(_) => matches!(size, 4 | 8),
            Addr::Str(s) => s.len() <= size as usize,
            _ => true,
        };
        if !ok {
            self.err("E0211", size_tok.origin(), format!("size {size} does not fit this DATA value"));
            return;
        }
        if mem.offset < 0 {
            self.err("E0211", tokens_origin(op0), "DATA offset must not be negative");
            return;
        }
        let origin = tokens_origin(op0);
        let d = self.data_sym(sym, origin);
        if let Some(last) = d.inits.last()
            && mem.offset < last.offset.saturating_add(last.size as i64)
        {
            let prev = last.origin.span;
            let name = self.syms.name(sym).to_string();
            self.diags.push(
                Diag::error("E0211", origin, format!("overlapping DATA entry for {name}"))
                    .with_label(prev, "previous entry"),
            );
            return;
        }
        d.inits.push(DataInit { offset: mem.offset, size, value, origin });
    }

    fn asm_globl(&mut self, word: Token, ops: &[&[Token]]) {
        let Some((sym, _, flags)) = self.symbol_and_flags(
            word,
            ops,
            "E0211",
            "GLOBL takes two or three operands: GLOBL sym(SB), [flags,] $size",
        ) else {
            return;
        };
        let size_origin = tokens_origin(ops[ops.len() - 1]);
        let size = match self.parse_operand(ops[ops.len() - 1], false) {
            Some(Parsed::Addr(Addr::Imm(v))) if (0..=MAX_SYMBOL_SIZE).contains(&v) => v,
            Some(Parsed::Addr(Addr::Imm(v))) if v > MAX_SYMBOL_SIZE => {
                let name = self.syms.object_name(sym);
                self.err(
                    "E0211",
                    size_origin,
                    format!("{name}: symbol too large ({v} bytes > {MAX_SYMBOL_SIZE} bytes)"),
                );
                return;
            }
            Some(_) => {
                self.err("E0211", size_origin, "GLOBL size must be a non-negative immediate: $size");
                return;
            }
            None => return,
        };
        let origin = tokens_origin(ops[0]);
        if !self.define(sym, "GLOBL", origin) {
            return;
        }
        let d = self.data_sym(sym, origin);
        d.declared = true;
        d.flags = flags;
        d.size = size;
        d.origin = origin;
    }

    fn imm_operand(&mut self, what: &str, toks: &[Token]) -> Option<i64> {
        let origin = tokens_origin(toks);
        match self.parse_operand(toks, false)? {
            Parsed::Addr(Addr::Imm(v)) => Some(v),
            _ => {
                self.err("E0212", origin, format!("{what} operand must be an immediate constant: $n"));
                None
            }
        }
    }

    /// PCDATA and FUNCDATA: inside a TEXT block, exactly two operands.
    fn table_directive(&mut self, word: Token, ops: &[&[Token]], usage: &str) -> bool {
        if !self.need_func(word) {
            return false;
        }
        if ops.len() != 2 {
            self.err("E0212", word.origin(), format!("{} takes two operands: {usage}", self.text(word)));
            return false;
        }
        true
    }

    fn asm_pcdata(&mut self, word: Token, ops: &[&[Token]]) {
        if !self.table_directive(word, ops, "PCDATA $index, $value") {
            return;
        }
        let Some(key) = self.imm_operand("PCDATA", ops[0]) else {
            return;
        };
        let Some(value) = self.imm_operand("PCDATA", ops[1]) else {
            return;
        };
        if !(0..=1000).contains(&key) {
            self.err("E0212", tokens_origin(ops[0]), format!("PCDATA index {key} out of range 0..1000"));
            return;
        }
        if i32::try_from(value).is_err() {
            self.err("E0212", tokens_origin(ops[1]), format!("PCDATA value {value} does not fit in 32 bits"));
            return;
        }
        let mut p = Prog::new(Op::PCDATA, word.origin());
        p.args.push(Operand::new(Addr::Imm(key), tokens_origin(ops[0])));
        p.args.push(Operand::new(Addr::Imm(value), tokens_origin(ops[1])));
        self.append(p);
    }

    fn asm_funcdata(&mut self, word: Token, ops: &[&[Token]]) {
        if !self.table_directive(word, ops, "FUNCDATA $index, sym(SB)") {
            return;
        }
        let Some(key) = self.imm_operand("FUNCDATA", ops[0]) else {
            return;
        };
        if !(0..=255).contains(&key) {
            self.err("E0212", tokens_origin(ops[0]), format!("FUNCDATA index {key} out of range 0..255"));
            return;
        }
        let Some((_, mem)) = self.symbol_operand("FUNCDATA", ops[1], true) else {
            return;
        };
        let mut p = Prog::new(Op::FUNCDATA, word.origin());
        p.args.push(Operand::new(Addr::Imm(key), tokens_origin(ops[0])));
        p.args.push(Operand::new(Addr::Mem(mem), tokens_origin(ops[1])));
        self.append(p);
    }
}

/// Pseudo-instructions every architecture has.
fn pseudo_op(name: &str) -> Option<Op> {
    Some(match name {
        "NOP" => Op::NOP,
        "RET" => Op::RET,
        "CALL" => Op::CALL,
        "JMP" => Op::JMP,
        "UNDEF" => Op::UNDEF,
        "PCALIGN" => Op::PCALIGN,
        _ => return None,
    })
}
