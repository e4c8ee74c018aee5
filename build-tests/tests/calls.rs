//! The functions `p9asm::Build` assembled link and compute what they should.

use p9asm_build_tests::{md5, scaled_sum};

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn go_md5_block_gives_the_rfc_1321_digests() {
    // RFC 1321's test suite, from one block to several
    let cases = [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        (
            "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
            "57edf4a22be3c955ac49da2e2107b67a",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(hex(&md5(input.as_bytes())), want, "md5({input:?})");
        #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
        assert_eq!(
            hex(&p9asm_build_tests::md5_via_runtime(input.as_bytes()).unwrap()),
            want,
            "md5({input:?}) through the runtime crate"
        );
    }
}

#[test]
fn defines_reach_the_assembly() {
    assert_eq!(scaled_sum(2, 5), 21);
    assert_eq!(scaled_sum(-4, 1), -9);
}
