// VEX and EVEX in 32-bit mode, assembled by p9asm for 386 and run natively by harness.c
// (tests/i386_avx_runtime.rs). ABI0: the arguments are at 4(SP)... as cdecl has them; only the
// caller-saved AX, CX, DX are written.

#include "textflag.h"

// vadd8(a, b, c *[8]int32): c = a + b (VEX, 256 bits)
TEXT ·vadd8(SB), NOSPLIT, $0-12
	MOVL a+0(FP), AX
	MOVL b+4(FP), DX
	MOVL c+8(FP), CX
	VMOVDQU (AX), Y1
	VPADDD (DX), Y1, Y2
	VMOVDQU Y2, (CX)
	VZEROUPPER
	RET

// vadd16hi(a, b, c *[16]int32): c[8:16] = a[8:16] + b[8:16], c[0:8] left alone (EVEX, 512
// bits, a store under the opmask K1), then c[16] = a[0] + b[0] broadcast to 16 lanes, the
// first of which is stored (EVEX .BCST with a disp8*4 displacement)
TEXT ·vadd16hi(SB), NOSPLIT, $0-12
	MOVL a+0(FP), AX
	MOVL b+4(FP), DX
	MOVL c+8(FP), CX
	VMOVDQU32 (AX), Z3
	VPADDD (DX), Z3, Z4
	MOVL $0xff00, AX
	KMOVW AX, K1
	VMOVDQU32 Z4, K1, (CX)
	MOVL a+0(FP), AX
	VPBROADCASTD (AX), Z5
	VPADDD.BCST (DX), Z5, Z6
	VMOVD X6, 64(CX)
	VZEROUPPER
	RET
