//! Go's `buildop` for s390x: asmz.go's `optab` (generated into [`super::aout::OPTAB`]) sorted
//! by opcode and operand classes, each opcode's range of rows, the `opset` aliases
//! ([`super::aout::OPSET`]) and Go's class-compatibility matrix `xcmp` (from `cmp`).

use std::sync::OnceLock;

use super::aout::*;
use crate::prog::Op;

pub use super::aout::{OPTAB, Optab};

/// Go's `cmp(a, b)`: an operand of class `b` is accepted where the table says `a`.
pub fn cmp(a: i64, b: i64) -> bool {
    if a == b {
        return true;
    }
    match a {
        C_DCON => b == C_LCON || b == C_ZCON || b == C_SCON || b == C_UCON || b == C_ADDCON || b == C_ANDCON,
        C_LCON => b == C_ZCON || b == C_SCON || b == C_UCON || b == C_ADDCON || b == C_ANDCON,
        C_ADDCON | C_ANDCON | C_UCON => b == C_ZCON || b == C_SCON,
        C_SCON => b == C_ZCON,
        C_LACON => b == C_SACON,
        C_LBRA => b == C_SBRA,
        C_LAUTO => b == C_SAUTO,
        C_LOREG => b == C_ZOREG || b == C_SOREG,
        C_SOREG => b == C_ZOREG,
        C_ANY => true,
        _ => false,
    }
}

pub struct Tables {
    /// The rows in Go's sorted order.
    pub sorted: Vec<Optab>,
    /// Each opcode's rows in `sorted` (start, end), indexed by `Op.0`.
    pub range: Vec<(usize, usize)>,
    /// `xcmp[b][a]`: Go's `xcmp` (class `a` of the table accepts class `b` of the operand).
    pub xcmp: Vec<[bool; C_NCLASS as usize]>,
}

pub fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let n = C_NCLASS as usize;
        let mut xcmp = vec![[false; C_NCLASS as usize]; n];
        for (i, row) in xcmp.iter_mut().enumerate() {
            for (k, v) in row.iter_mut().enumerate() {
                *v = cmp(k as i64, i as i64);
            }
        }
        // Go's ocmp order: by opcode, then the classes of a1..a4 (Go's sort is not stable;
        // rows equal in those keys differ only in a5/a6, which select among them)
        let mut sorted: Vec<Optab> = OPTAB.to_vec();
        sorted.sort_by_key(|o| (o.as_, o.a[0], o.a[1], o.a[2], o.a[3]));
        let nops = Op::FIRST_ARCH as usize + super::anames::NAMES.len();
        let mut range = vec![(0usize, 0usize); nops];
        let mut i = 0;
        while i < sorted.len() {
            let r = sorted[i].as_;
            let start = i;
            while i < sorted.len() && sorted[i].as_ == r {
                i += 1;
            }
            range[r.0 as usize] = (start, i);
        }
        // opset: in Go's loop order each alias takes its base's range (once the base is built)
        for (alias, base) in OPSET.iter() {
            range[alias.0 as usize] = range[base.0 as usize];
        }
        Tables { sorted, range, xcmp }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Go sorts optab with `sort.Sort` (not stable) on the opcode and the first four classes;
    /// p9asm's sort is stable. The order of rows equal in that key cannot change an encoding:
    /// no operand class is accepted in the last two positions by two such rows with different
    /// handlers.
    #[test]
    fn rows_go_leaves_unordered_never_compete() {
        let t = tables();
        let mut pairs = 0;
        for (k, x) in t.sorted.iter().enumerate() {
            for y in &t.sorted[k + 1..] {
                if (x.as_, x.a[0], x.a[1], x.a[2], x.a[3]) != (y.as_, y.a[0], y.a[1], y.a[2], y.a[3]) {
                    break;
                }
                pairs += 1;
                let both = |p: usize| (0..C_NCLASS).any(|c| cmp(x.a[p], c) && cmp(y.a[p], c));
                assert!(!(both(4) && both(5)) || x.i == y.i, "{x:?} and {y:?} compete");
            }
        }
        assert!(pairs > 20, "{pairs} pairs of rows equal in Go's key");
    }

    #[test]
    fn opset_aliases_share_their_base_rows() {
        let t = tables();
        for (alias, base) in OPSET.iter() {
            assert_eq!(t.range[alias.0 as usize], t.range[base.0 as usize]);
            assert!(t.range[base.0 as usize].1 > t.range[base.0 as usize].0, "{base:?} has rows");
        }
        // Go's cmp: a long constant class takes the short ones, not the reverse
        assert!(cmp(C_LCON, C_SCON) && !cmp(C_SCON, C_LCON) && cmp(C_LOREG, C_ZOREG) && cmp(C_ANY, C_VREG));
    }
}
