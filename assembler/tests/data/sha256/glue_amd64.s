// Glue between a C test harness and Go 1.19's crypto/sha256 block function (ABI0, arguments
// on the stack), assembled by p9asm in package crypto/sha256.

#include "textflag.h"

// The flag block reads to pick the AVX2 path (Go sets it from cpu.X86.HasAVX2 && HasBMI2).
GLOBL ·useAVX2(SB), NOPTR, $1

// The prologue of block (frame $536) checks the stack: MOVQ (TLS), CX loads g from this
// local-exec TLS slot and compares SP with g.stackguard0 (offset 16).
GLOBL runtime·tlsg(SB), TLSBSS, $8

// Never reached: the harness's g has stackguard0 = 0.
TEXT runtime·morestack_noctxt(SB), NOSPLIT, $0-0
	UNDEF

// p9_setg(g *G) (C ABI): stores g in the TLS slot.
TEXT p9_setg(SB), NOSPLIT, $0-0
	MOVQ	DI, (TLS)
	RET

// p9_set_avx2(on uint8) (C ABI).
TEXT p9_set_avx2(SB), NOSPLIT, $0-0
	MOVB	DI, ·useAVX2(SB)
	RET

// p9_block(h *[8]uint32, p *byte, n uintptr) (C ABI): block(dig, p[:n]). Go's ABI0 code may
// clobber every register, so the C callee-saved ones are saved here; SP ≡ 8 (mod 16) at entry,
// six pushes and the 40-byte argument area leave it ≡ 0 at the CALL.
TEXT p9_block(SB), NOSPLIT, $0-0
	PUSHQ	BX
	PUSHQ	BP
	PUSHQ	R12
	PUSHQ	R13
	PUSHQ	R14
	PUSHQ	R15
	SUBQ	$40, SP
	MOVQ	DI, 0(SP)
	MOVQ	SI, 8(SP)
	MOVQ	DX, 16(SP)
	MOVQ	DX, 24(SP)
	CALL	·block(SB)
	ADDQ	$40, SP
	POPQ	R15
	POPQ	R14
	POPQ	R13
	POPQ	R12
	POPQ	BP
	POPQ	BX
	RET
