#![cfg(p9stubs)]
use linker_tests::*;

#[test]
fn smoke_add() {
    let mut args = [0u8; 40];
    args[0..8].copy_from_slice(&5i64.to_le_bytes());
    args[8..16].copy_from_slice(&7i64.to_le_bytes());
    args[16..24].copy_from_slice(&11i64.to_le_bytes());
    reflectcall(None, &callees::add(), &mut args, 24).unwrap();
    let sum = i64::from_le_bytes(args[24..32].try_into().unwrap());
    let diff = i64::from_le_bytes(args[32..40].try_into().unwrap());
    assert_eq!((sum, diff), (23, -13));
    for f in stackmap::funcs() {
        eprintln!(
            "{:#x} {} {} args={} frame={} auto={} flags={:#x} npcdata={} fd={:x?}",
            f.entry,
            f.size,
            f.name,
            f.args,
            f.frame,
            f.autosize,
            f.flags,
            f.pcdata.len(),
            f.funcdata
        );
    }
}
