//! CFI placeholder (filled in by the frame work).
use crate::prog::Reg;

/// Maps an architecture's registers to DWARF register numbers.
pub trait RegisterMapper: Sync {
    fn map(&self, r: Reg) -> Option<u16>;
    fn sp(&self) -> u16;
    fn return_address(&self) -> u16;
    fn callee_saved(&self) -> &'static [Reg];
}
