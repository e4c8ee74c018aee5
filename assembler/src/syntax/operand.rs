//! Operands: Go's `Parser.operand` grammar, as nom parsers over the expanded tokens.
//!
//! ```text
//! operand  = ['$' | '*'] ( symref | register | constant | indirect )
//! symref   = ident ['<>'] [('+'|'-') expr] ['(' ('SB'|'FP'|'SP'|'PC') ')'] [index]
//! register = ident | ident '(' int ')'                      (per-arch table)
//! constant = expr ['(' ... ')' ...]  |  float  |  string
//! indirect = '(' reg ['*' scale] ')' [index]
//! index    = '(' reg '*' scale ')'
//! ```
//!
//! The parser knows no instruction set: register names come from the [`Arch`] table.

use nom::Input;
use p9asm_macros::{Kind, Origin, SourceMap, Span, Token};

use super::expr::{ExprCx, float_expr};
use super::input::{PErr, PResult, Toks, fail, into_err, kind, punct};
use crate::arch::{Arch, ShiftCount, ShiftOp};
use crate::prog::{Addr, Mem, Name, Reg};
use crate::sym::{Abi, Symbols, go_name};

/// A parsed operand before branch targets are resolved.
#[derive(Clone, Debug, PartialEq)]
pub enum Parsed {
    Addr(Addr),
    /// A bare identifier on a jump: a label in this TEXT block, or (`name+off`, where the
    /// architecture reads the operand as a constant: [`Arch::jump_operand_is_constant`]) Go's
    /// discarded symbol with its offset.
    Label(Token, i64),
    /// `n(PC)`: n Progs after this one.
    PcRel(i64),
}

pub struct OperandCx<'a> {
    pub src: &'a SourceMap,
    pub arch: &'a dyn Arch,
    pub syms: &'a Symbols,
    /// The parser's current file and its text (see `Parser::text`).
    pub file_text: (p9asm_macros::FileId, &'a str),
}

impl<'a> OperandCx<'a> {
    fn expr(&self) -> ExprCx<'a> {
        ExprCx { src: self.src }
    }
    fn text(&self, t: Token) -> &'a str {
        let (file, text) = self.file_text;
        if file == t.span.file
            && let Some(s) = text.get(t.span.range())
        {
            return s;
        }
        self.src.text(t.span)
    }

    fn is_register_start(&self, i: Toks) -> bool {
        let Some(t) = i.first() else { return false };
        if t.kind != Kind::Ident {
            return false;
        }
        let name = self.text(t);
        if self.arch.register(name).is_some() {
            return true;
        }
        // R(10)
        i.t.get(1).is_some_and(|p| p.is(b'('))
            && i.t.get(2).is_some_and(|n| n.kind == Kind::Int)
            && self.arch.register_prefix(name, 0).is_some()
    }

    /// A register name or `R(n)`.
    fn register<'t>(&self, i: Toks<'t>) -> PResult<'t, (Reg, Token)> {
        let Some(t) = i.first().filter(|t| t.kind == Kind::Ident) else {
            let found = i.first().map_or("end of operand", |t| self.text(t));
            return Err(nom::Err::Error(PErr::at_tok(i.first(), "E0214", format!("expected register; found {found}"))));
        };
        let i = i.take_from(1);
        let name = self.text(t);
        if let Some(r) = self.arch.register(name) {
            return Ok((i, (r, t)));
        }
        if i.at(b'(') {
            let (i2, _) = punct(b'(')(i)?;
            let (i2, n) = kind(Kind::Int)(i2)?;
            let (i2, _) = punct(b')')(i2)?;
            let v = self.expr().int(n).map_err(nom::Err::Failure)?;
            return match self.arch.register_prefix(name, v as i64) {
                Some(r) => Ok((i2, (r, t))),
                None => fail(PErr::at_tok(Some(t), "E0214", format!("illegal register {name}({v})"))),
            };
        }
        Err(nom::Err::Error(PErr::at_tok(Some(t), "E0214", format!("expected register; found {name}"))))
    }

    /// Parses one whole operand (the tokens between commas).
    pub fn operand(&self, toks: &[Token], is_jump: bool) -> Result<Parsed, PErr> {
        let all = Toks::new(toks);
        let end_origin = toks.last().map(|t| t.origin());
        let res = self.operand_inner(all, is_jump);
        match res {
            Ok((rest, p)) => match rest.first() {
                None => Ok(p),
                Some(t) => Err(PErr::at_tok(Some(t), "E0203", format!("unexpected {:?} after operand", self.text(t)))),
            },
            Err(e) => {
                let mut e = into_err(e);
                if e.at.is_none() {
                    e.at = end_origin;
                }
                Err(e)
            }
        }
    }

    fn operand_inner<'t>(&self, i: Toks<'t>, is_jump: bool) -> PResult<'t, Parsed> {
        let (i, prefix) = match i.first() {
            Some(t) if t.is(b'$') || t.is(b'*') => (i.take_from(1), Some(t)),
            _ => (i, None),
        };
        let pfx = prefix.map(|t| if t.is(b'$') { b'$' } else { b'*' });
        let Some(first) = i.first() else {
            return fail(PErr::at_tok(prefix, "E0203", "missing operand after prefix"));
        };

        // register list `[R0,R2-R5]`
        if first.is(b'[') {
            if let Some(p) = prefix {
                return fail(PErr::at_tok(Some(p), "E0203", "a register list cannot take a '$' or '*' prefix"));
            }
            return self.register_list(i);
        }

        // plain register (one table lookup decides the common case)
        let plain = if first.kind == Kind::Ident { self.arch.register(self.text(first)) } else { None };
        if plain.is_some() || self.is_register_start(i) {
            let (rest, (r, t)) = match plain {
                Some(r) => (i.take_from(1), (r, first)),
                None => self.register(i)?,
            };
            if rest.at(b'(') || rest.at(b'*') || rest.at(b':') || rest.at(b'+') {
                return fail(PErr::at_tok(rest.first(), "E0203", "unexpected token after register"));
            }
            if pfx == Some(b'$') {
                return fail(PErr::at_tok(
                    prefix,
                    "E0203",
                    format!("'$' not allowed before a register: ${}", self.text(t)),
                ));
            }
            if shift_op(rest.first()).is_some() {
                return self.register_shift(rest, r, t);
            }
            if rest.at(b'.') {
                let (rest, a) = self.register_extension(rest, r, t)?;
                return Ok((rest, Parsed::Addr(a)));
            }
            return Ok((rest, Parsed::Addr(Addr::Reg(r))));
        }

        // a named operand of the architecture (arm64 `EQ`, `PLDL1KEEP`): alone in its operand
        if first.kind == Kind::Ident
            && i.t.len() == 1
            && pfx.is_none()
            && let Some(v) = self.arch.special_operand(self.text(first))
        {
            return Ok((i.take_from(1), Parsed::Addr(Addr::Special(v))));
        }

        // symbol reference
        if first.kind == Kind::Ident {
            return self.symbol_reference(i, pfx, is_jump);
        }

        // constants
        let starts_constant = match first.kind {
            Kind::Int | Kind::Float | Kind::Str | Kind::Char => true,
            Kind::Punct(b'+' | b'-' | b'~') => true,
            Kind::Punct(b'(') => {
                let inner = i.take_from(1);
                !(self.is_register_start(inner)
                    || inner.first().is_some_and(|t| t.kind == Kind::Ident && is_pseudo(self.text(t))))
            }
            _ => false,
        };
        if starts_constant {
            // as Go's `p.have(scanner.Float)`: a float anywhere makes it a float expression
            // (`$-1.5`, `$(1.5)`, `$--1.5`)
            if i.t.iter().any(|t| t.kind == Kind::Float) {
                if pfx != Some(b'$') {
                    return fail(PErr::at_tok(
                        Some(first),
                        "E0203",
                        "floating-point constant must be an immediate ($)",
                    ));
                }
                let (rest, v) = float_expr(self.src, i)?;
                return Ok((rest, Parsed::Addr(Addr::Float(v))));
            }
            if first.kind == Kind::Str {
                if pfx != Some(b'$') {
                    return fail(PErr::at_tok(Some(first), "E0203", "string constant must be an immediate ($)"));
                }
                let s = p9asm_macros::lexer::unquote(self.text(first))
                    .map_err(|e| nom::Err::Failure(PErr::at_tok(Some(first), "E0203", e)))?;
                return Ok((i.take_from(1), Parsed::Addr(Addr::Str(s.into_boxed_slice()))));
            }
            let (rest, v) = self.expr().expr(i).map_err(to_failure)?;
            let v = v as i64;
            if !rest.at(b'(') {
                return match pfx {
                    Some(b'$') => Ok((rest, Parsed::Addr(Addr::Imm(v)))),
                    Some(_) => fail(PErr::at_tok(prefix, "E0203", "'*' before a constant")),
                    None => Ok((rest, Parsed::Addr(Addr::Mem(Mem { offset: v, ..Mem::default() })))),
                };
            }
            return self.indirect(rest, v, pfx, prefix, is_jump);
        }
        if first.is(b'(') {
            return self.indirect(i, 0, pfx, prefix, is_jump);
        }
        fail(PErr::at_tok(Some(first), "E0203", format!("unexpected {:?} at start of operand", self.text(first))))
    }

    fn symbol_reference<'t>(&self, i: Toks<'t>, pfx: Option<u8>, is_jump: bool) -> PResult<'t, Parsed> {
        let (mut i, name_tok) = kind(Kind::Ident)(i)?;
        let name = self.text(name_tok);
        let mut is_static = false;
        let mut abi = Abi::Abi0;
        if i.at(b'<') {
            let lt = i.first();
            i = i.take_from(1);
            match i.first() {
                Some(t) if t.is(b'>') => {
                    is_static = true;
                    i = i.take_from(1);
                }
                Some(t) if t.kind == Kind::Ident => {
                    // Go's symRefAttrs: a selector only with -compiling-runtime, and only ABI0
                    // or ABIInternal
                    let sel = self.text(t);
                    if !self.syms.compiling_runtime() {
                        return fail(PErr::at_tok(
                            Some(t),
                            "E0218",
                            format!(
                                "ABI selector only permitted when compiling runtime, reference was to {:?}",
                                go_name(name)
                            ),
                        ));
                    }
                    abi = match Abi::parse(sel) {
                        Some(abi) => abi,
                        None => {
                            return fail(PErr::at_tok(
                                Some(t),
                                "E0218",
                                format!("malformed ABI selector {sel:?} in reference to {:?}", go_name(name)),
                            ));
                        }
                    };
                    i = i.take_from(1);
                    match i.first() {
                        Some(g) if g.is(b'>') => i = i.take_from(1),
                        other => {
                            return fail(PErr::at_tok(other.or(Some(t)), "E0218", "expected '>' after ABI selector"));
                        }
                    }
                }
                _ => return fail(PErr::at_tok(lt, "E0203", "expected <> after symbol name")),
            }
        }
        let mut offset = 0i64;
        if i.at(b'+') || i.at(b'-') {
            let (r, v) = self.expr().expr(i).map_err(to_failure)?;
            offset = v as i64;
            i = r;
        }
        if i.is_empty() {
            if pfx.is_none() && is_jump && !is_static && (offset == 0 || !is_pseudo(name)) {
                return Ok((i, Parsed::Label(name_tok, offset)));
            }
            if is_pseudo(name) {
                return fail(PErr::at_tok(Some(name_tok), "E0213", format!("illegal use of pseudo-register {name}")));
            }
            return fail(PErr::at_tok(
                Some(name_tok),
                "E0203",
                format!(
                    "illegal or missing addressing mode for symbol {name}: write {name}(SB), {name}+off(FP) or {name}-off(SP)"
                ),
            ));
        }
        let (r, open) = punct(b'(')(i).map_err(to_failure)?;
        let (r, reg) = kind(Kind::Ident)(r).map_err(|_| {
            nom::Err::Failure(PErr::at_tok(
                r.first().or(Some(open)),
                "E0213",
                "expected (SB), (FP), (SP) or (PC) after symbol",
            ))
        })?;
        let (r, _) = punct(b')')(r).map_err(to_failure)?;
        let mut mem = Mem { offset, ..Mem::default() };
        match self.text(reg) {
            "SB" => {
                mem.name = if is_static { Name::Static } else { Name::Extern };
                mem.sym = Some(self.syms.intern_abi_at(name, is_static, abi, name_tok.origin()));
            }
            "FP" => {
                mem.name = Name::Param;
            }
            "SP" => {
                mem.name = Name::Auto;
            }
            "PC" => {
                return fail(PErr::at_tok(
                    Some(reg),
                    "E0213",
                    "a symbol cannot be PC-relative; write n(PC) or a label",
                ));
            }
            other => {
                return fail(PErr::at_tok(
                    Some(reg),
                    "E0213",
                    format!("expected pseudo-register SB, FP, SP or PC; found {other}"),
                ));
            }
        }
        if is_static && mem.name != Name::Static {
            return fail(PErr::at_tok(Some(name_tok), "E0213", "<> (file-local) applies only to (SB) symbols"));
        }
        let (r, mem) = self.index_suffix(r, mem)?;
        Ok((r, self.wrap(mem, pfx, true)?))
    }

    /// The operand a memory reference is with its prefix. Go's `symbolReference` makes
    /// `*sym(SB)` a `TYPE_INDIR`; its `registerIndirect` (a `(R)` part, also an index after a
    /// symbol) makes any reference `TYPE_MEM` again, so `*(AX)` is `(AX)` and `*4(SP)` is
    /// `4(SP)`.
    fn wrap(&self, mem: Mem, pfx: Option<u8>, symbolic: bool) -> Result<Parsed, nom::Err<PErr>> {
        match pfx {
            Some(b'$') => Ok(Parsed::Addr(Addr::AddrOf(mem))),
            Some(_) if symbolic && mem.base.is_none() && mem.index.is_none() => Ok(Parsed::Addr(Addr::Indir(mem))),
            _ => Ok(Parsed::Addr(Addr::Mem(mem))),
        }
    }

    /// `(reg)`, `(reg*scale)`, `(PC)`, `(SB)`... with `offset` already read.
    /// `[R0,R2-R5]`: a set of registers as a bit mask, each bit chosen by the architecture.
    fn register_list<'t>(&self, i: Toks<'t>) -> PResult<'t, Parsed> {
        let (mut i, open) = punct(b'[')(i)?;
        // `[V1.B16, V2.B16]`: registers with arrangements, which the architecture encodes whole
        if i.t.get(1).is_some_and(|t| t.is(b'.')) {
            return self.vector_list(i, open);
        }
        let mut bits = 0u64;
        loop {
            let (r, (lo, lo_tok)) = self.register(i).map_err(to_failure)?;
            let (r, hi) = if r.at(b'-') {
                let (r, (hi, hi_tok)) = self.register(r.take_from(1)).map_err(to_failure)?;
                (r, Some((hi, hi_tok)))
            } else {
                (r, None)
            };
            // `[X0-X3]`: a range the architecture encodes whole (x86's multi-source operands)
            if bits == 0
                && let Some((hi, _)) = hi
                && r.at(b']')
                && let Some(v) = self.arch.register_range(lo, hi)
            {
                let v = v.map_err(|e| nom::Err::Failure(PErr::at_tok(Some(lo_tok), "E0203", e)))?;
                return Ok((r.take_from(1), Parsed::Addr(Addr::RegList(v))));
            }
            let bit = |reg: Reg, t: Token| match self.arch.register_list_bit(reg) {
                Some(b) if b < 64 => Ok(b),
                _ => Err(nom::Err::Failure(PErr::at_tok(
                    Some(t),
                    "E0203",
                    format!("register {} cannot appear in a register list on this architecture", self.text(t)),
                ))),
            };
            let lo_bit = bit(lo, lo_tok)?;
            let hi_bit = match hi {
                Some((hi, hi_tok)) => {
                    let b = bit(hi, hi_tok)?;
                    if b < lo_bit {
                        return fail(PErr::at_tok(Some(hi_tok), "E0203", "register range runs backwards"));
                    }
                    b
                }
                None => lo_bit,
            };
            for b in lo_bit..=hi_bit {
                if bits & (1 << b) != 0 {
                    return fail(PErr::at_tok(Some(lo_tok), "E0203", "register appears twice in the list"));
                }
                bits |= 1 << b;
            }
            match r.first() {
                Some(t) if t.is(b',') => i = r.take_from(1),
                Some(t) if t.is(b']') => return Ok((r.take_from(1), Parsed::Addr(Addr::RegList(bits)))),
                other => {
                    return fail(PErr::at_tok(other.or(Some(open)), "E0203", "expected ',' or ']' in register list"));
                }
            }
        }
    }

    fn indirect<'t>(
        &self,
        i: Toks<'t>,
        offset: i64,
        pfx: Option<u8>,
        prefix: Option<Token>,
        _is_jump: bool,
    ) -> PResult<'t, Parsed> {
        let (r, open) = punct(b'(')(i).map_err(to_failure)?;
        if let Some(t) = r.first().filter(|t| t.kind == Kind::Ident) {
            let name = self.text(t);
            if is_pseudo(name) && self.arch.register(name).is_none() {
                let (r2, _) = punct(b')')(r.take_from(1)).map_err(to_failure)?;
                return match name {
                    "PC" => {
                        if pfx.is_some() {
                            return fail(PErr::at_tok(prefix, "E0213", "illegal addressing mode for PC"));
                        }
                        Ok((r2, Parsed::PcRel(offset)))
                    }
                    "SP" => fail(PErr::at_tok(
                        Some(t),
                        "E0213",
                        "cannot reference SP without a symbol on this architecture",
                    )),
                    _ => fail(PErr::at_tok(Some(t), "E0213", format!("cannot reference {name} without a symbol"))),
                };
            }
        }
        let (r, (base, base_tok)) = self.register(r).map_err(|e| match e {
            nom::Err::Error(e) => {
                nom::Err::Failure(PErr { msg: format!("indirect through non-register: {}", e.msg), ..e })
            }
            e => e,
        })?;
        let _ = open;
        if r.at(b',') {
            // `(R1, R2)`: a register pair
            if offset != 0 || pfx.is_some() {
                return fail(PErr::at_tok(
                    prefix.or(Some(base_tok)),
                    "E0203",
                    "a register pair takes no offset or prefix",
                ));
            }
            let (r, (second, second_tok)) = self.register(r.take_from(1)).map_err(to_failure)?;
            let (r, _) = punct(b')')(r).map_err(|_| {
                nom::Err::Failure(PErr::at_tok(
                    r.first().or(Some(second_tok)),
                    "E0203",
                    "expected ')' after register pair",
                ))
            })?;
            return Ok((r, Parsed::Addr(Addr::RegPair(base, second))));
        }
        let mut mem = Mem { offset, ..Mem::default() };
        let r = if r.at(b'*') {
            // (R*scale): index only
            let (r, scale) = self.scale(r.take_from(1))?;
            mem.index = base;
            mem.scale = scale;
            r
        } else if r.at(b'+') && r.t.get(1).is_some_and(|t| t.kind == Kind::Ident) {
            // ppc64's `(R1+R2)`: base plus index register, as the architecture takes it
            if !self.arch.register_sum() {
                return fail(PErr::at_tok(
                    r.first(),
                    "E0203",
                    "(register+register) not supported on this architecture",
                ));
            }
            let (r2, (idx, idx_tok)) = self.register(r.take_from(1)).map_err(to_failure)?;
            let (idx, scale) = self
                .arch
                .memory_index(&Addr::Reg(idx), None)
                .map_err(|e| nom::Err::Failure(PErr::at_tok(Some(idx_tok), "E0203", e)))?;
            mem.base = base;
            mem.index = idx;
            // Go: "(R1+R2); alias for (R1)(R2*1)"
            mem.scale = scale.max(1);
            r2
        } else {
            mem.base = base;
            r
        };
        let (r, _) = punct(b')')(r)
            .map_err(|_| nom::Err::Failure(PErr::at_tok(r.first().or(Some(base_tok)), "E0203", "expected ')'")))?;
        let (r, mem) = if mem.scale == 0 { self.index_suffix(r, mem)? } else { (r, mem) };
        Ok((r, self.wrap(mem, pfx, false)?))
    }

    /// Optional `(index*scale)` after a base.
    fn index_suffix<'t>(&self, i: Toks<'t>, mut mem: Mem) -> PResult<'t, Mem> {
        if !i.at(b'(') {
            return Ok((i, mem));
        }
        let (r, _) = punct(b'(')(i)?;
        let (r, (idx, idx_tok)) = self.register(r).map_err(to_failure)?;
        // arm64's shifted or extended index: `(R2<<3)` is `R2.LSL<<3`, then `(R2.UXTW<<2)`
        let (r, index) = if r.at_kind(Kind::Lsh) || r.at(b'.') {
            self.register_extension(r, idx, idx_tok)?
        } else {
            (r, Addr::Reg(idx))
        };
        let (r, scale) = if r.at(b'*') { self.scale(r.take_from(1)).map(|(r, s)| (r, Some(s)))? } else { (r, None) };
        // a missing scale is reported where it should have been
        let at = if scale.is_none() { r.first().or(Some(idx_tok)) } else { Some(idx_tok) };
        let (idx, scale) =
            self.arch.memory_index(&index, scale).map_err(|e| nom::Err::Failure(PErr::at_tok(at, "E0203", e)))?;
        let (r, _) = punct(b')')(r).map_err(to_failure)?;
        mem.index = idx;
        mem.scale = scale;
        Ok((r, mem))
    }

    /// `R1<<2`, `R1->R2`, `R1@>(2*3)` after the register (Go's `registerShift`).
    fn register_shift<'t>(&self, i: Toks<'t>, r: Reg, reg_tok: Token) -> PResult<'t, Parsed> {
        let op = shift_op(i.first()).expect("a shift operator");
        let op_tok = i.first();
        let i = i.take_from(1);
        let (rest, count) = match i.first() {
            Some(t) if t.kind == Kind::Ident => {
                let (rest, (r2, _)) = self.register(i).map_err(|_| {
                    nom::Err::Failure(PErr::at_tok(
                        Some(t),
                        "E0203",
                        format!("rhs of shift must be register or integer: {}", self.text(t)),
                    ))
                })?;
                (rest, ShiftCount::Reg(r2))
            }
            Some(t) if t.kind == Kind::Int || t.is(b'(') => {
                let (rest, v) = self.expr().expr(i).map_err(to_failure)?;
                (rest, ShiftCount::Const(v as i64))
            }
            other => {
                return fail(PErr::at_tok(
                    other.or(op_tok),
                    "E0203",
                    "expected a shift count after the shift operator",
                ));
            }
        };
        let v = self
            .arch
            .register_shift(r, op, count)
            .map_err(|e| nom::Err::Failure(PErr::at_tok(Some(reg_tok), "E0203", e)))?;
        // `R1<<2(R3)`: a memory address with a shifted index (arm); Go reads one register
        if rest.at(b'(') {
            let open = rest.first();
            let (r2, (base, base_tok)) = self.register(rest.take_from(1)).map_err(|_| {
                nom::Err::Failure(PErr::at_tok(rest.t.get(1).copied().or(open), "E0203", "expected register after '('"))
            })?;
            let (r2, _) = punct(b')')(r2).map_err(to_failure)?;
            let v = self
                .arch
                .shift_base(v, base)
                .map_err(|e| nom::Err::Failure(PErr::at_tok(Some(base_tok), "E0203", e)))?;
            return Ok((r2, Parsed::Addr(Addr::Shift(v))));
        }
        Ok((rest, Parsed::Addr(Addr::Shift(v))))
    }

    /// `.EXT`, `.EXT<<n`, `.T[i]`, or just `<<n` (an `LSL` index) after a register (Go's
    /// `registerExtension`); the architecture folds it into the operand.
    fn register_extension<'t>(&self, i: Toks<'t>, r: Reg, reg_tok: Token) -> PResult<'t, Addr> {
        let (mut i, ext) = if i.at_kind(Kind::Lsh) {
            (i, "LSL")
        } else {
            let (i, _) = punct(b'.')(i).map_err(to_failure)?;
            let (i, t) = kind(Kind::Ident)(i).map_err(|_| {
                nom::Err::Failure(PErr::at_tok(
                    i.first().or(Some(reg_tok)),
                    "E0203",
                    "expected a register extension after '.'",
                ))
            })?;
            (i, self.text(t))
        };
        let (mut amount, mut index) = (None, None);
        if i.at_kind(Kind::Lsh) {
            let (r, t) = kind(Kind::Int)(i.take_from(1))
                .map_err(|_| nom::Err::Failure(PErr::at_tok(i.first(), "E0203", "expected a shift amount after <<")))?;
            amount = Some(self.expr().int(t).map_err(nom::Err::Failure)? as i64);
            i = r;
        } else if i.at(b'[') {
            let (r, t) = kind(Kind::Int)(i.take_from(1)).map_err(|_| {
                nom::Err::Failure(PErr::at_tok(i.first(), "E0203", "expected an element index after ["))
            })?;
            let (r, _) = punct(b']')(r).map_err(to_failure)?;
            index = Some(self.expr().int(t).map_err(nom::Err::Failure)? as i64);
            i = r;
        }
        let a = self
            .arch
            .register_extension(r, ext, amount, index)
            .map_err(|e| nom::Err::Failure(PErr::at_tok(Some(reg_tok), "E0203", e)))?;
        Ok((i, a))
    }

    /// `[V1.B16, V2.B16, ...]` after its `[`.
    fn vector_list<'t>(&self, mut i: Toks<'t>, open: Token) -> PResult<'t, Parsed> {
        let mut regs = Vec::new();
        loop {
            let (r, (reg, reg_tok)) = self.register(i).map_err(to_failure)?;
            let (r, a) = self.register_extension(r, reg, reg_tok)?;
            match a {
                Addr::Reg(x) => regs.push(x),
                _ => {
                    return fail(PErr::at_tok(Some(reg_tok), "E0203", "a register list holds registers, not elements"));
                }
            }
            match r.first() {
                Some(t) if t.is(b',') => i = r.take_from(1),
                Some(t) if t.is(b']') => {
                    let v = self
                        .arch
                        .vector_list(&regs)
                        .map_err(|e| nom::Err::Failure(PErr::at_tok(Some(open), "E0203", e)))?;
                    return Ok((r.take_from(1), Parsed::Addr(Addr::RegList(v))));
                }
                other => {
                    return fail(PErr::at_tok(other.or(Some(open)), "E0203", "expected ',' or ']' in register list"));
                }
            }
        }
    }

    fn scale<'t>(&self, i: Toks<'t>) -> PResult<'t, u8> {
        let (r, t) = kind(Kind::Int)(i)
            .map_err(|_| nom::Err::Failure(PErr::at_tok(i.first(), "E0203", "expected scale 1, 2, 4 or 8")))?;
        match self.text(t) {
            "1" => Ok((r, 1)),
            "2" => Ok((r, 2)),
            "4" => Ok((r, 4)),
            "8" => Ok((r, 8)),
            s => fail(PErr::at_tok(Some(t), "E0203", format!("bad scale {s}: must be 1, 2, 4 or 8"))),
        }
    }
}

fn shift_op(t: Option<Token>) -> Option<ShiftOp> {
    match t?.kind {
        Kind::Lsh => Some(ShiftOp::Lsl),
        Kind::Rsh => Some(ShiftOp::Lsr),
        Kind::Arrow => Some(ShiftOp::Asr),
        Kind::Rot => Some(ShiftOp::Ror),
        _ => None,
    }
}

pub fn is_pseudo(name: &str) -> bool {
    matches!(name, "SB" | "FP" | "PC" | "SP")
}

fn to_failure(e: nom::Err<PErr>) -> nom::Err<PErr> {
    match e {
        nom::Err::Error(e) => nom::Err::Failure(e),
        e => e,
    }
}

/// Origin covering a run of tokens (same file), for operand spans.
pub fn tokens_origin(toks: &[Token]) -> Origin {
    let first = toks[0];
    let mut span: Span = first.span;
    for t in &toks[1..] {
        if t.span.file == span.file && t.expansion == first.expansion {
            span = span.to(t.span);
        }
    }
    Origin { span, expansion: first.expansion }
}
