//! The layout (span) driver every architecture's encoder runs: lay the function out, let the
//! architecture's policy grow what does not fit (x86 long branches, arm64 far-branch veneers and
//! literal pools), and repeat until nothing changes, with a cap. Go's span loops converge because
//! instructions only grow; the cap turns a policy that never settles into a diagnostic instead of
//! a hang.

use p9asm_macros::{Diag, Origin};

/// Rounds of layout before giving up; Go's functions settle in a handful.
pub const MAX_ROUNDS: u32 = 1000;

/// Runs `round(r)` for r = 0, 1, ... until it reports that nothing changed (`false`), at most
/// `max_rounds` times. Returns the number of rounds run, or `Err(max_rounds)` if the layout
/// never settled.
pub fn converge(max_rounds: u32, mut round: impl FnMut(u32) -> bool) -> Result<u32, u32> {
    for r in 0..max_rounds {
        if !round(r) {
            return Ok(r + 1);
        }
    }
    Err(max_rounds)
}

/// The diagnostic for a layout that did not settle in `rounds` rounds.
pub fn diverged(origin: Origin, rounds: u32) -> Diag {
    Diag::error("E0307", origin, format!("branch layout did not settle in {rounds} rounds"))
        .with_note("a branch or literal pool kept growing the function; this is a bug in p9asm's layout policy for this architecture")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settles_or_gives_up() {
        let mut grow = 3;
        assert_eq!(
            converge(10, |_| {
                grow -= 1;
                grow > 0
            }),
            Ok(3)
        );
        assert_eq!(converge(5, |_| true), Err(5));
        assert_eq!(converge(5, |_| false), Ok(1));
    }
}
