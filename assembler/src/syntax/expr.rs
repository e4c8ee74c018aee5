//! Go's constant expressions (cmd/asm `Parser.expr/term/factor`), evaluated in uint64 as Go does:
//!
//! ```text
//! expr   = term { ('+' | '-' | '|' | '^') term }
//! term   = factor { ('*' | '/' | '%' | '<<' | '>>' | '&' | '&^') factor }
//! factor = int | char | '+' factor | '-' factor | '~' factor | '(' expr ')'
//! ```
//!
//! Go's quirks are kept: `<<` ends the term (`1<<2*3` is `(1<<2)`, then `*3` is an error left to the
//! caller), `>>` takes a whole term on its right. Where Go silently wraps, p9asm reports: literals
//! that do not fit 64 bits, shift counts of 64 or more, division and modulo by zero or of values
//! with the high bit set. `&^` is an extension.

use nom::Input;
use p9asm_macros::{Kind, SourceMap, Token};

use super::input::{PErr, PResult, Toks, fail};

pub struct ExprCx<'a> {
    pub src: &'a SourceMap,
}

/// How deeply parentheses, unary operators and `>>` right operands may nest. The parsers recurse,
/// so without a limit `$((((...` (or `$----...1`) a few thousand deep overflows the stack.
pub const MAX_EXPR_DEPTH: u32 = 200;

fn too_deep<'t, O>(t: Option<Token>) -> PResult<'t, O> {
    fail(PErr::at_tok(t, "E0204", format!("expression nested more than {MAX_EXPR_DEPTH} deep")))
}

impl<'a> ExprCx<'a> {
    pub fn expr<'t>(&self, i: Toks<'t>) -> PResult<'t, u64> {
        self.expr_d(i, 0)
    }

    fn expr_d<'t>(&self, i: Toks<'t>, depth: u32) -> PResult<'t, u64> {
        let (mut i, mut v) = self.term(i, depth)?;
        loop {
            let Some(t) = i.first() else {
                return Ok((i, v));
            };
            let op = match t.kind {
                Kind::Punct(c @ (b'+' | b'-' | b'|' | b'^')) => c,
                _ => return Ok((i, v)),
            };
            let (rest, r) = self.term(i.take_from(1), depth)?;
            v = match op {
                b'+' => v.wrapping_add(r),
                b'-' => v.wrapping_sub(r),
                b'|' => v | r,
                _ => v ^ r,
            };
            i = rest;
        }
    }

    fn term<'t>(&self, i: Toks<'t>, depth: u32) -> PResult<'t, u64> {
        if depth > MAX_EXPR_DEPTH {
            return too_deep(i.first());
        }
        let (mut i, mut v) = self.factor(i, depth)?;
        loop {
            let Some(t) = i.first() else {
                return Ok((i, v));
            };
            match t.kind {
                Kind::Punct(b'*') => {
                    let (r, x) = self.factor(i.take_from(1), depth)?;
                    v = v.wrapping_mul(x);
                    i = r;
                }
                Kind::Punct(c @ (b'/' | b'%')) => {
                    let what = if c == b'/' { "divide" } else { "modulo" };
                    if (v as i64) < 0 {
                        return fail(PErr::at_tok(Some(t), "E0204", format!("{what} of value with high bit set")));
                    }
                    let (r, x) = self.factor(i.take_from(1), depth)?;
                    if x == 0 {
                        return fail(PErr::at_tok(Some(t), "E0204", format!("{what} by zero")));
                    }
                    v = if c == b'/' { v / x } else { v % x };
                    i = r;
                }
                Kind::Lsh => {
                    let (r, x) = self.factor(i.take_from(1), depth)?;
                    self.shift_count(t, x)?;
                    return Ok((r, v << x));
                }
                Kind::Rsh => {
                    let (r, x) = self.term(i.take_from(1), depth + 1)?;
                    self.shift_count(t, x)?;
                    if (v as i64) < 0 {
                        return fail(PErr::at_tok(Some(t), "E0204", "right shift of value with high bit set"));
                    }
                    v >>= x;
                    i = r;
                }
                Kind::Punct(b'&') => {
                    let (r, x) = self.factor(i.take_from(1), depth)?;
                    v &= x;
                    i = r;
                }
                Kind::AndNot => {
                    let (r, x) = self.factor(i.take_from(1), depth)?;
                    v &= !x;
                    i = r;
                }
                _ => return Ok((i, v)),
            }
        }
    }

    fn shift_count(&self, t: Token, x: u64) -> Result<(), nom::Err<PErr>> {
        if (x as i64) < 0 {
            return Err(nom::Err::Failure(PErr::at_tok(Some(t), "E0204", "negative shift count")));
        }
        if x >= 64 {
            return Err(nom::Err::Failure(PErr::at_tok(Some(t), "E0205", format!("shift count {x} is 64 or more"))));
        }
        Ok(())
    }

    fn factor<'t>(&self, i: Toks<'t>, depth: u32) -> PResult<'t, u64> {
        if depth > MAX_EXPR_DEPTH {
            return too_deep(i.first());
        }
        let Some(t) = i.first() else {
            return Err(nom::Err::Error(PErr::new(None, "E0204", "expression ends too early")));
        };
        let rest = i.take_from(1);
        match t.kind {
            Kind::Int => Ok((rest, self.int(t).map_err(nom::Err::Failure)?)),
            Kind::Char => match p9asm_macros::lexer::char_value(self.src.text(t.span)) {
                Ok(c) => Ok((rest, c as u64)),
                Err(e) => fail(PErr::at_tok(Some(t), "E0135", e)),
            },
            Kind::Punct(b'+') => self.factor(rest, depth + 1),
            Kind::Punct(b'-') => self.factor(rest, depth + 1).map(|(r, v)| (r, v.wrapping_neg())),
            Kind::Punct(b'~') => self.factor(rest, depth + 1).map(|(r, v)| (r, !v)),
            Kind::Punct(b'(') => {
                let (r, v) = self.expr_d(rest, depth + 1).map_err(hard)?;
                match r.first() {
                    Some(c) if c.is(b')') => Ok((r.take_from(1), v)),
                    other => fail(PErr::at_tok(other.or(Some(t)), "E0204", "missing ')' in expression")),
                }
            }
            Kind::Ident => Err(nom::Err::Error(PErr::at_tok(
                Some(t),
                "E0204",
                format!("{} is not a constant (undefined macro?)", self.src.text(t.span)),
            ))),
            _ => Err(nom::Err::Error(PErr::at_tok(
                Some(t),
                "E0204",
                format!("unexpected {:?} in expression", self.src.text(t.span)),
            ))),
        }
    }

    /// Parses an integer literal as Go's `strconv.ParseUint(s, 0, 64)` does.
    pub fn int(&self, t: Token) -> Result<u64, PErr> {
        parse_int(self.src.text(t.span)).ok_or_else(|| {
            PErr::at_tok(Some(t), "E0205", format!("integer {} does not fit in 64 bits", self.src.text(t.span)))
        })
    }
}

/// Parses a Go integer literal (decimal, 0x, 0o, 0b, leading-0 octal, `_` separators).
pub fn parse_int(s: &str) -> Option<u64> {
    // the common case, a plain decimal literal, without allocating
    let b = s.as_bytes();
    if !b.is_empty() && b.iter().all(u8::is_ascii_digit) && (b[0] != b'0' || b.len() == 1) {
        let mut v: u64 = 0;
        for &d in b {
            v = v.checked_mul(10)?.checked_add((d - b'0') as u64)?;
        }
        return Some(v);
    }
    let s: String = s.chars().filter(|&c| c != '_').collect();
    let (digits, radix) = if let Some(r) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        (r, 16)
    } else if let Some(r) = s.strip_prefix("0o").or_else(|| s.strip_prefix("0O")) {
        (r, 8)
    } else if let Some(r) = s.strip_prefix("0b").or_else(|| s.strip_prefix("0B")) {
        (r, 2)
    } else if s.len() > 1 && s.starts_with('0') {
        (&s[1..], 8)
    } else {
        (s.as_str(), 10)
    };
    u64::from_str_radix(digits, radix).ok()
}

fn hard(e: nom::Err<PErr>) -> nom::Err<PErr> {
    match e {
        nom::Err::Error(e) => nom::Err::Failure(e),
        e => e,
    }
}

/// Go's `floatExpr`: literal, unary sign, parentheses.
pub fn float_expr<'t>(src: &SourceMap, i: Toks<'t>) -> PResult<'t, f64> {
    float_expr_d(src, i, 0)
}

fn float_expr_d<'t>(src: &SourceMap, i: Toks<'t>, depth: u32) -> PResult<'t, f64> {
    if depth > MAX_EXPR_DEPTH {
        return too_deep(i.first());
    }
    let Some(t) = i.first() else {
        return fail(PErr::new(None, "E0204", "float expression ends too early"));
    };
    let rest = i.take_from(1);
    match t.kind {
        Kind::Float | Kind::Int => {
            let txt: String = src.text(t.span).chars().filter(|&c| c != '_').collect();
            let v = if txt.starts_with("0x") || txt.starts_with("0X") {
                parse_hex_float(&txt)
            } else {
                txt.parse::<f64>().ok()
            };
            match v {
                // Go's strconv.ParseFloat rejects values out of range; Rust's parse gives inf
                Some(v) if v.is_finite() => Ok((rest, v)),
                _ => fail(PErr::at_tok(Some(t), "E0204", "malformed or out-of-range floating-point constant")),
            }
        }
        Kind::Punct(b'+') => float_expr_d(src, rest, depth + 1),
        Kind::Punct(b'-') => float_expr_d(src, rest, depth + 1).map(|(r, v)| (r, -v)),
        Kind::Punct(b'(') => {
            let (r, v) = float_expr_d(src, rest, depth + 1)?;
            match r.first() {
                Some(c) if c.is(b')') => Ok((r.take_from(1), v)),
                other => fail(PErr::at_tok(other.or(Some(t)), "E0204", "missing ')' in float expression")),
            }
        }
        _ => fail(PErr::at_tok(Some(t), "E0204", "unexpected token in float expression")),
    }
}

fn parse_hex_float(s: &str) -> Option<f64> {
    let s = &s[2..];
    let (mant, exp) = match s.find(['p', 'P']) {
        Some(i) => (&s[..i], s[i + 1..].parse::<i32>().ok()?),
        None => (s, 0),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    let mut v = 0f64;
    for c in int.chars() {
        v = v * 16.0 + c.to_digit(16)? as f64;
    }
    let mut scale = 1.0 / 16.0;
    for c in frac.chars() {
        v += c.to_digit(16)? as f64 * scale;
        scale /= 16.0;
    }
    Some(v * 2f64.powi(exp))
}

#[cfg(test)]
mod tests {
    use super::*;
    use p9asm_macros::{Diagnostics, lexer};

    fn eval(s: &str) -> Result<u64, String> {
        let sm = SourceMap::new();
        let f = sm.add_file("t".into(), None, s.to_string(), None);
        let mut d = Diagnostics::default();
        let (toks, _) = lexer::tokenize(&sm.file(f).text, f, &mut d);
        let toks: Vec<Token> = toks.into_iter().filter(|t| t.kind != Kind::Eof).collect();
        let cx = ExprCx { src: &sm };
        match cx.expr(Toks::new(&toks)) {
            Ok((rest, v)) if rest.is_empty() => Ok(v),
            Ok((rest, _)) => Err(format!("trailing {:?}", rest.first())),
            Err(e) => Err(super::super::input::into_err(e).msg),
        }
    }

    #[test]
    fn go_semantics() {
        assert_eq!(eval("8-1"), Ok(7));
        assert_eq!(eval("(8-1)"), Ok(7));
        assert_eq!(eval("~0"), Ok(u64::MAX));
        assert_eq!(eval("1<<4|3"), Ok(19));
        assert_eq!(eval("-8"), Ok((-8i64) as u64));
        assert_eq!(eval("0x10&^0x1f"), Ok(0));
        assert_eq!(eval("'a'"), Ok(97));
        assert_eq!(eval("7%4*2"), Ok(6));
        assert_eq!(eval("256>>2*2"), Ok(16)); // >> takes a whole term on its right
        assert_eq!(eval("256>>2+2"), Ok(66));
        assert_eq!(eval("0b101+0o7+010"), Ok(5 + 7 + 8));
        assert!(eval("-7/2").unwrap_err().contains("high bit"));
        assert!(eval("-8>>1").unwrap_err().contains("high bit"));
        assert!(eval("1/0").unwrap_err().contains("zero"));
        assert!(eval("1<<64").unwrap_err().contains("64 or more"));
        assert!(eval("99999999999999999999").unwrap_err().contains("64 bits"));
    }
}
