// The Plan 9 half of the arm64 runtime tests (runtime.c is the C half, tests/common/runtime.rs runs them): glue between AAPCS64 and
// Go's ABI0 (arguments on the stack) around stubs/asm_arm64.s, and the callees reflectcall calls.
// Go code calls C with the arguments in R0-R7 and RSP 16-byte aligned (every frame here is);
// C keeps R19-R28, so g (R28) survives.
#include "textflag.h"

DATA runtime·no_pointers_stackmap+0(SB)/4, $2
DATA runtime·no_pointers_stackmap+4(SB)/4, $0
GLOBL runtime·no_pointers_stackmap(SB), RODATA, $8

// a g: stackguard0 at 16 (0: the split check never fails), _panic at 32 (nil)
GLOBL rtg<>(SB), NOPTR, $64

// c_reflectcall(argtype, fn, arg, argsize, retoffset) from C: R0-R4. Go code does not keep
// C's callee-saved registers, so they are saved here.
TEXT c_reflectcall(SB), NOSPLIT, $128-0
	STP	(R19, R20), 48(RSP)
	STP	(R21, R22), 64(RSP)
	STP	(R23, R24), 80(RSP)
	STP	(R25, R26), 96(RSP)
	STP	(R27, g), 112(RSP)
	MOVD	$rtg<>(SB), g
	MOVD	R0, 8(RSP)
	MOVD	R1, 16(RSP)
	MOVD	R2, 24(RSP)
	MOVW	R3, 32(RSP)
	MOVW	R4, 36(RSP)
	BL	runtime·reflectcall(SB)
	LDP	48(RSP), (R19, R20)
	LDP	64(RSP), (R21, R22)
	LDP	80(RSP), (R23, R24)
	LDP	96(RSP), (R25, R26)
	LDP	112(RSP), (R27, g)
	RET

// reflectcallmove(typ, dst, src, size), called by callRet: c_reflectcallmove(typ, dst, src,
// size, sp) does the copy and the (modelled) write barrier
TEXT runtime·reflectcallmove(SB), NOSPLIT, $0-32
	MOVD	typ+0(FP), R0
	MOVD	dst+8(FP), R1
	MOVD	src+16(FP), R2
	MOVD	size+24(FP), R3
	MOVD	RSP, R4
	BL	c_reflectcallmove(SB)
	RET

// badreflectcall: reflectcall jumped here with its own arguments in place (they are ours)
// and LR pointing into c_reflectcall; c_badreflectcall(argtype, f, argsize, lr, sp) reports
// and does not return
TEXT runtime·badreflectcall(SB), NOSPLIT, $0-32
	MOVD	argtype+0(FP), R0
	MOVD	f+8(FP), R1
	MOVWU	argsize+24(FP), R2
	MOVD	R30, R3
	MOVD	RSP, R4
	BL	c_badreflectcall(SB)
	RET

TEXT runtime·morestack_noctxt(SB), NOSPLIT, $0-0
	MOVD	R3, R0
	BL	c_morestack(SB)
	RET

// fill(argsize, retoff, words...): hashes the whole words in [16, retoff) (h = rotl(h, 5) ^ w),
// overwrites every byte of its argument frame below retoff (callN must not copy those back),
// writes byte i of [retoff, argsize) as the low byte of h+i, and leaves h, argsize and retoff in
// fill_seen for the C side.
TEXT ·fill(SB), NOSPLIT, $0-16
	MOVD	argsize+0(FP), R0
	MOVD	retoff+8(FP), R1
	MOVD	$argsize+0(FP), R2
	MOVD	$0, R3
	MOVD	$16, R4
	LSR	$3, R1, R5
	LSL	$3, R5
words:
	CMP	R5, R4
	BHS	tail
	ADD	R2, R4, R7
	MOVD	(R7), R6
	ROR	$59, R3
	EOR	R6, R3
	MVN	R6, R6
	MOVD	R6, (R7)
	ADD	$8, R4
	B	words
tail:
	CMP	R1, R4
	BHS	head
	ADD	R2, R4, R7
	MOVBU	(R7), R6
	MVN	R6, R6
	MOVB	R6, (R7)
	ADD	$1, R4
	B	tail
head:
	MOVD	$fill_seen(SB), R7
	MOVD	R3, 0(R7)
	MOVD	R0, 8(R7)
	MOVD	R1, 16(R7)
	MVN	R0, R6
	MOVD	R6, 0(R2)
	MVN	R1, R6
	MOVD	R6, 8(R2)
results:
	CMP	R0, R1
	BHS	done
	ADD	R3, R1, R6
	ADD	R2, R1, R7
	MOVB	R6, (R7)
	ADD	$1, R1
	B	results
done:
	RET

// fail(code): an error deep in Go code, reported through C: c_fail(code, sp) unwinds to the
// C caller of reflectcall and does not return. Not NOSPLIT: it has the stack check.
TEXT ·fail(SB), $32-8
	MOVD	code+0(FP), R0
	MOVD	RSP, R1
	BL	c_fail(SB)
	RET

GLOBL fill_seen(SB), NOPTR, $24

DATA fillfn+0(SB)/8, $·fill(SB)
GLOBL fillfn(SB), RODATA, $8
DATA failfn+0(SB)/8, $·fail(SB)
GLOBL failfn(SB), RODATA, $8
