//! Go assembly assembled by `p9asm::Build` in build.rs: Go 1.19's `crypto/md5` block function,
//! called two ways (through a hand-written trampoline from the C calling convention into Go's
//! ABI0, and on x86-64 Linux through the runtime crate's `call`, the seed's reflectcall), and a
//! scaled add whose constant came from `Build::define`.

unsafe extern "C" {
    fn md5_block(state: *mut u32, p: *const u8, len: usize);
    fn add_scaled(a: i64, b: i64) -> i64;
}

/// `(a + b) * SCALE` (SCALE is 3, defined by the build script).
pub fn scaled_sum(a: i64, b: i64) -> i64 {
    unsafe { add_scaled(a, b) }
}

/// MD5 of `data`, with Go's assembly doing every block.
pub fn md5(data: &[u8]) -> [u8; 16] {
    let mut state: [u32; 4] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
    let msg = padded(data);
    unsafe { md5_block(state.as_mut_ptr(), msg.as_ptr(), msg.len()) };
    digest(&state)
}

/// RFC 1321's padding: 0x80, zeros to 56 mod 64, the bit length.
fn padded(data: &[u8]) -> Vec<u8> {
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64) * 8).to_le_bytes());
    msg
}

fn digest(state: &[u32; 4]) -> [u8; 16] {
    let mut out = [0u8; 16];
    for (i, w) in state.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&w.to_le_bytes());
    }
    out
}

/// MD5 of `data` with Go's `block` called through the runtime crate (`linker_tests::call`, the
/// seed's reflectcall with a g describing this thread's stack), no trampoline.
#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
pub fn md5_via_runtime(data: &[u8]) -> Result<[u8; 16], linker_tests::CallError> {
    use linker_tests::{Frame, FuncVal, call};
    unsafe extern "C" {
        /// `func block(dig *digest, p []byte)` (digest starts with its state `s [4]uint32`)
        #[link_name = "crypto/md5.block"]
        fn go_md5_block();
    }
    #[repr(C)]
    struct Block {
        dig: *mut [u32; 4],
        p: *const u8,
        len: usize,
        cap: usize,
    }
    // SAFETY: Go's frame for (dig *digest, p []byte): 8 + 24 bytes, no results
    unsafe impl Frame for Block {
        const RESULTS_AT: u32 = 32;
    }
    let mut state: [u32; 4] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
    let msg = padded(data);
    // SAFETY: block reads len bytes at p (a whole number of 64-byte blocks) and updates dig.
    let f = unsafe { FuncVal::new(go_md5_block as *const () as usize) };
    call(&f, &mut Block { dig: &mut state, p: msg.as_ptr(), len: msg.len(), cap: msg.len() })?;
    Ok(digest(&state))
}

/// The C entry point of the cdylib: MD5 of `len` bytes at `data` into `out` (16 bytes), with Go's
/// block function called through the runtime crate. Returns 0, or -1 if the call failed.
///
/// # Safety
/// `data` must be valid for `len` bytes and `out` for 16.
#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn p9_md5(data: *const u8, len: usize, out: *mut u8) -> i32 {
    // SAFETY: the caller's contract
    let data = unsafe { std::slice::from_raw_parts(data, len) };
    match md5_via_runtime(data) {
        Ok(d) => {
            // SAFETY: the caller's contract
            unsafe { std::ptr::copy_nonoverlapping(d.as_ptr(), out, 16) };
            0
        }
        Err(_) => -1,
    }
}
