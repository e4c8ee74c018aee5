//! `-S` listings in exactly the format `go tool asm -S` prints (cmd/internal/obj/objfile.go
//! `writeSymDebugNamed`, util.go `WriteInstructionString`), so the two diff line by line.

use std::fmt::Write;

use p9asm_macros::{Origin, SourceMap};

use crate::arch::{Arch, Code};
use crate::prog::{ARGS_SIZE_UNKNOWN, Addr, DataSym, Func, Mem, Name, Op, Prog, textflag};
use crate::sym::Symbols;

pub struct ListCx<'a> {
    pub arch: &'a dyn Arch,
    pub syms: &'a Symbols,
    pub sources: &'a SourceMap,
}

impl ListCx<'_> {
    fn sym_name(&self, m: &Mem) -> &str {
        m.sym.map(|s| self.syms.name(s)).unwrap_or("")
    }

    fn off(v: i64) -> String {
        if v == 0 { String::new() } else { format!("{v:+}") }
    }

    /// Go's `writeNameTo`.
    fn name(&self, m: &Mem, origin: Option<Origin>, out: &mut String) {
        let reg = |dflt: &str| {
            if m.base.is_none() { dflt.to_string() } else { self.arch.register_name(m.base).into_owned() }
        };
        match m.name {
            Name::None => {
                if m.base.is_none() {
                    let _ = write!(out, "{}", { m.offset });
                } else if m.offset == 0 {
                    let _ = write!(out, "({})", self.arch.register_name(m.base));
                } else {
                    let _ = write!(out, "{}({})", { m.offset }, self.arch.register_name(m.base));
                }
            }
            Name::Extern => {
                let _ = write!(out, "{}{}({})", self.sym_name(m), Self::off(m.offset), reg("SB"));
            }
            Name::Static => {
                let _ = write!(out, "{}<>{}({})", self.sym_name(m), Self::off(m.offset), reg("SB"));
            }
            Name::Auto | Name::Param => {
                let local = origin.map(|o| local_name(self.sources.text(o.span))).unwrap_or("");
                let dflt = if m.name == Name::Auto { "SP" } else { "FP" };
                let _ = write!(out, "{}{}({})", local, Self::off(m.offset), reg(dflt));
            }
        }
    }

    /// Go's `writeDconv` for one operand.
    pub fn operand(&self, p: &Prog, a: &Addr, origin: Option<Origin>, progs: &[Prog], out: &mut String) {
        if let Some(text) = self.arch.operand_text(a) {
            out.push_str(&text);
            return;
        }
        match a {
            Addr::None => {}
            Addr::Reg(r) => out.push_str(&self.arch.register_name(*r)),
            Addr::Imm(v) => {
                let _ = write!(out, "${v}");
            }
            Addr::Float(f) => {
                let mut s = format_g17(*f);
                if !s.contains(['.', 'e']) {
                    s.push_str(".0");
                }
                let _ = write!(out, "$({s})");
            }
            Addr::Str(s) => {
                let _ = write!(out, "${}", go_quote(s));
            }
            Addr::Mem(m) => {
                // CALL/JMP/RET to a symbol print as a branch: the name without <>
                if matches!(p.op, Op::CALL | Op::JMP | Op::RET)
                    && matches!(m.name, Name::Extern | Name::Static)
                    && m.base.is_none()
                    && m.index.is_none()
                {
                    let _ = write!(out, "{}(SB)", self.sym_name(m));
                    return;
                }
                self.name(m, origin, out);
                if !m.index.is_none() {
                    if m.scale == 0 {
                        let _ = write!(out, "({})", self.arch.register_name(m.index));
                    } else {
                        let _ = write!(out, "({}*{})", self.arch.register_name(m.index), m.scale);
                    }
                }
            }
            Addr::AddrOf(m) => {
                out.push('$');
                self.name(m, origin, out);
            }
            // Go's Dconv of TYPE_INDIR: "*" and the Mconv
            Addr::Indir(m) => {
                out.push('*');
                self.name(m, origin, out);
            }
            Addr::Branch(_) if p.mark & crate::prog::mark::LISTED_AS_FUNC != 0 => {
                if let Some(m) = progs.first().and_then(|t| t.args.first()).and_then(|a| a.addr.mem()) {
                    let _ = write!(out, "{}(SB)", self.sym_name(m));
                }
            }
            Addr::Branch(t) => match progs.get(*t as usize) {
                Some(q) => {
                    let _ = write!(out, "{}", q.pc);
                }
                // no target: Go prints the branch's offset, 0
                None => out.push_str("0(PC)"),
            },
            Addr::RegList(bits) => {
                let _ = write!(out, "[{bits:#x}]");
            }
            Addr::RegPair(a, b) => {
                let _ = write!(out, "({}, {})", self.arch.register_name(*a), self.arch.register_name(*b));
            }
            // the architecture prints the forms only it has; these are its fallbacks
            Addr::Shift(v) => {
                let _ = write!(out, "shift({v})");
            }
            Addr::Element(r, i) => {
                let _ = write!(out, "{}[{i}]", self.arch.register_name(*r));
            }
            Addr::Special(v) => {
                let _ = write!(out, "special({v})");
            }
            Addr::TextSize { frame, args } => {
                if *args == ARGS_SIZE_UNKNOWN {
                    let _ = write!(out, "${frame}");
                } else {
                    let _ = write!(out, "${frame}-{args}");
                }
            }
        }
    }

    /// Go's `WriteInstructionString`.
    pub fn instruction(&self, f: &Func, p: &Prog, out: &mut String) {
        out.push_str(self.arch.op_name(p.op));
        out.push_str(self.arch.suffix_text(p));
        let mut sep = "\t";
        if p.op == Op::TEXT {
            if let Some(a) = p.args.first() {
                out.push_str(sep);
                self.operand(p, &a.addr, Some(a.origin), &f.progs, out);
                sep = ", ";
            }
            let attrs = text_attrs(f, self.syms);
            if !attrs.is_empty() {
                out.push_str(sep);
                out.push_str(&attrs);
            }
            out.push_str(", ");
            let _ = write!(
                out,
                "{}",
                if f.args == ARGS_SIZE_UNKNOWN {
                    format!("${}", f.layout.listed_frame)
                } else {
                    format!("${}-{}", f.layout.listed_frame, f.args)
                }
            );
            return;
        }
        for (k, a) in p.args.iter().enumerate() {
            out.push_str(sep);
            match self.arch.listed_operand(p, k) {
                Some(text) => out.push_str(text),
                None => self.operand(p, &a.addr, Some(a.origin), &f.progs, out),
            }
            sep = ", ";
        }
    }

    pub fn func(&self, f: &Func, code: &Code, out: &mut String) {
        self.func_streamed(f, code, &mut p9asm_macros::LineCursor::new(), out, &mut |_| {});
    }

    /// [`ListCx::func`] that hands `out` to `flush` whenever it holds [`FLUSH_AT`] bytes or
    /// more (`flush` empties it), so a huge function's listing is never in memory whole. Line
    /// numbers are counted on with `lines` from one function to the next: looked up in the
    /// file's table of line starts, they would read the whole file first and keep 4 bytes a
    /// line.
    pub fn func_streamed(
        &self,
        f: &Func,
        code: &Code,
        lines: &mut p9asm_macros::LineCursor,
        out: &mut String,
        flush: &mut dyn FnMut(&mut String),
    ) {
        let sym = self.syms.get(f.sym);
        let _ = write!(out, "{} STEXT ", sym.name);
        if sym.is_static {
            out.push_str("static ");
        }
        if f.flags & textflag::DUPOK != 0 {
            out.push_str("dupok ");
        }
        if f.layout.nosplit {
            out.push_str("nosplit ");
        }
        if f.flags & textflag::TOPFRAME != 0 {
            out.push_str("topframe ");
        }
        out.push_str("asm ");
        let funcid = if f.flags & textflag::WRAPPER != 0 { 0x15 } else { 0 };
        let _ = write!(
            out,
            "size={} args={:#x} locals={:#x} funcid={:#x} align=0x0",
            code.bytes.len(),
            f.args as i32 as i64 as u64,
            f.layout.locals as i32 as i64 as u64,
            funcid
        );
        if f.layout.leaf && self.arch.goarch().has_link_register() {
            out.push_str(" leaf");
        }
        out.push('\n');
        for p in f.progs.iter().filter(|p| p.mark & crate::prog::mark::UNLISTED == 0) {
            let span = self.sources.outermost(p.origin);
            let (file, line) = lines.line_of(self.sources, span);
            let _ = write!(out, "\t{:#06x} {:05} ({}:{})\t", p.pc, p.pc, file, line);
            self.instruction(f, p, out);
            out.push('\n');
            if out.len() >= FLUSH_AT {
                flush(out);
            }
        }
        hex_dump_streamed(&code.bytes, out, flush);
        let mut fx: Vec<_> = code.fixups.iter().collect();
        fx.sort_by_key(|r| r.offset);
        for r in fx {
            if out.len() >= FLUSH_AT {
                flush(out);
            }
            let name = match (r.sym, r.kind) {
                (Some(s), _) => self.syms.name(s).to_string(),
                (None, _) if r.go_type == crate::emit::fixup::go_reloc::R_TLS_LE => "TLS".to_string(),
                _ => String::new(),
            };
            if self.arch.goarch().has_link_register()
                && matches!(
                    self.arch.goarch(),
                    crate::target::GoArch::Arm | crate::target::GoArch::Ppc64 | crate::target::GoArch::Ppc64le
                )
            {
                let _ = writeln!(out, "\trel {}+{} t={} {}+{:x}", r.offset, r.size, r.go_type, name, r.add as u64);
            } else {
                let _ = writeln!(out, "\trel {}+{} t={} {}+{}", r.offset, r.size, r.go_type, name, r.add);
            }
        }
    }

    pub fn data(&self, d: &DataSym, bytes: &[u8], relocs: &[(u32, u8, String, i64)], out: &mut String) {
        let sym = self.syms.get(d.sym);
        let kind = data_kind(d.flags, !d.inits.is_empty());
        let _ = write!(out, "{} {} ", sym.name, kind);
        // the assembler's own constants ($f64.…) are local but not `<>`-static in Go's listing
        if sym.is_static && !sym.name.starts_with('$') {
            out.push_str("static ");
        }
        if d.flags & textflag::DUPOK != 0 {
            out.push_str("dupok ");
        }
        let _ = writeln!(out, "size={}", d.size);
        // like Go, BSS symbols (no DATA) have no contents to dump, and the dump stops at the
        // last byte a DATA wrote (Go's symbol contents grow only as DATA writes them)
        if !d.inits.is_empty() {
            let end = d.inits.iter().map(|i| i.offset.saturating_add(i.size as i64)).max().unwrap_or(0);
            hex_dump(&bytes[..(end.max(0) as usize).min(bytes.len())], out);
        }
        for (off, siz, name, add) in relocs {
            let _ = writeln!(out, "\trel {off}+{siz} t=1 {name}+{add}");
        }
    }
}

/// The name in `name+off(FP)` / `name-off(SP)`, from the operand's source text.
fn local_name(operand: &str) -> &str {
    let s = operand.trim_start_matches(['$', '*']);
    let end = s.find(['+', '-', '(', ' ', '\t']).unwrap_or(s.len());
    &s[..end]
}

/// Go's SymKind for a GLOBL symbol.
pub fn data_kind(flags: i64, has_data: bool) -> &'static str {
    if flags & textflag::TLSBSS != 0 {
        "STLSBSS"
    } else if flags & textflag::RODATA != 0 {
        "SRODATA"
    } else if has_data {
        if flags & textflag::NOPTR != 0 { "SNOPTRDATA" } else { "SDATA" }
    } else if flags & textflag::NOPTR != 0 {
        "SNOPTRBSS"
    } else {
        "SBSS"
    }
}

/// The attribute list printed after the symbol on a TEXT line, in Go's order.
fn text_attrs(f: &Func, syms: &Symbols) -> String {
    let mut v: Vec<&str> = Vec::new();
    let fl = f.flags;
    if fl & textflag::DUPOK != 0 {
        v.push("DUPOK");
    }
    if f.layout.nosplit {
        v.push("NOSPLIT");
    }
    if f.layout.leaf && f.flags & textflag::LEAF != 0 {
        v.push("LEAF");
    }
    if fl & textflag::REFLECTMETHOD != 0 {
        v.push("REFLECTMETHOD");
    }
    if fl & textflag::WRAPPER != 0 {
        v.push("WRAPPER");
    }
    if fl & textflag::NEEDCTXT != 0 {
        v.push("NEEDCTXT");
    }
    if fl & textflag::NOFRAME != 0 {
        v.push("NOFRAME");
    }
    if syms.get(f.sym).is_static {
        v.push("STATIC");
    }
    if fl & textflag::ABIWRAPPER != 0 {
        v.push("ABIWRAPPER");
    }
    // Go's Attribute.String: the ABI after the flags, before TOPFRAME
    if syms.get(f.sym).abi == crate::sym::Abi::Internal {
        v.push("ABIInternal");
    }
    if fl & textflag::TOPFRAME != 0 {
        v.push("TOPFRAME");
    }
    v.join("|")
}

/// How much listing text is collected before it is handed on (see [`ListCx::func_streamed`]).
pub const FLUSH_AT: usize = 64 * 1024;

pub fn hex_dump(b: &[u8], out: &mut String) {
    hex_dump_streamed(b, out, &mut |_| {});
}

fn hex_dump_streamed(b: &[u8], out: &mut String, flush: &mut dyn FnMut(&mut String)) {
    for (row, chunk) in b.chunks(16).enumerate() {
        if out.len() >= FLUSH_AT {
            flush(out);
        }
        let _ = write!(out, "\t{:#06x}", row * 16);
        for x in chunk {
            let _ = write!(out, " {x:02x}");
        }
        for _ in chunk.len()..16 {
            out.push_str("   ");
        }
        out.push_str("  ");
        for &x in chunk {
            out.push(if (0x20..=0x7e).contains(&x) { x as char } else { '.' });
        }
        out.push('\n');
    }
}

/// Go's `%.17g`.
fn format_g17(f: f64) -> String {
    if f == 0.0 {
        return if f.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    if !f.is_finite() {
        return if f.is_nan() {
            "NaN".into()
        } else if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    let exp = f.abs().log10().floor() as i32;
    if !(-4..17).contains(&exp) {
        let s = format!("{f:.16e}");
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let m = m.trim_end_matches('0').trim_end_matches('.');
        let e: i32 = e.parse().unwrap_or(0);
        format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
    } else {
        let s = format!("{:.*}", (16 - exp).max(0) as usize, f);
        if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
    }
}

/// Go's `%q` for a byte string.
fn go_quote(b: &[u8]) -> String {
    let mut s = String::from("\"");
    for chunk in b.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => s.push_str("\\\""),
                '\\' => s.push_str("\\\\"),
                '\n' => s.push_str("\\n"),
                '\t' => s.push_str("\\t"),
                '\r' => s.push_str("\\r"),
                '\x07' => s.push_str("\\a"),
                '\x08' => s.push_str("\\b"),
                '\x0c' => s.push_str("\\f"),
                '\x0b' => s.push_str("\\v"),
                c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                    let _ = write!(s, "\\x{:02x}", c as u32);
                }
                c => s.push(c),
            }
        }
        for x in chunk.invalid() {
            let _ = write!(s, "\\x{x:02x}");
        }
    }
    s.push('"');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn floats_and_strings() {
        assert_eq!(format_g17(1.5), "1.5");
        assert_eq!(format_g17(1.0), "1");
        assert_eq!(format_g17(0.1), "0.10000000000000001");
        assert_eq!(format_g17(1e20), "1e+20");
        assert_eq!(go_quote(b"a\n\"\x01"), "\"a\\n\\\"\\x01\"");
    }
}
