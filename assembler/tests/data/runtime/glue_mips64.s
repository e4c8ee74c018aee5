// The Plan 9 half of the mips64 and mips64le runtime tests (runtime.c is the C half,
// tests/common/runtime.rs runs them): glue between the n64 C ABI and Go's ABI0 (arguments on
// the stack) around stubs/asm_mips64x.s, and the callees reflectcall calls.
//
// Go code calls C with the arguments in R4-R11, the callee's address in R25 (t9: n64 PIC code
// computes its gp from it) and R29 16-byte aligned: every frame is sized so (c_reflectcall's
// autosize is 8 mod 16, callN's, callRet's, reflectcallmove's and badreflectcall's are 8 mod
// 16, fail's 0 mod 16). C keeps R16-R23, R28 and R30, so g (R30) and RSB (R28) survive its
// calls; Go code keeps none of them, so c_reflectcall saves C's.
#include "textflag.h"

DATA runtime·no_pointers_stackmap+0(SB)/4, $2
DATA runtime·no_pointers_stackmap+4(SB)/4, $0
GLOBL runtime·no_pointers_stackmap(SB), RODATA, $8

// a g: stackguard0 at 16 (0: the split check never fails), _panic at 32 (nil)
GLOBL rtg<>(SB), NOPTR, $64

// c_reflectcall(argtype, fn, arg, argsize, retoffset) from C: R4-R8.
TEXT c_reflectcall(SB), NOSPLIT, $128-0
	MOVV	R16, 48(R29)
	MOVV	R17, 56(R29)
	MOVV	R18, 64(R29)
	MOVV	R19, 72(R29)
	MOVV	R20, 80(R29)
	MOVV	R21, 88(R29)
	MOVV	R22, 96(R29)
	MOVV	R23, 104(R29)
	MOVV	RSB, 112(R29)
	MOVV	g, 120(R29)
	// RSB is the high half of the text's addresses, as Go's rt0 sets it (symbol addresses
	// are LUI + DADDU RSB + the low half); R31 returns into C's text
	SRLV	$32, R31, RSB
	SLLV	$32, RSB
	MOVV	$rtg<>(SB), g
	MOVV	R4, 8(R29)
	MOVV	R5, 16(R29)
	MOVV	R6, 24(R29)
	MOVW	R7, 32(R29)
	MOVW	R8, 36(R29)
	JAL	runtime·reflectcall(SB)
	MOVV	48(R29), R16
	MOVV	56(R29), R17
	MOVV	64(R29), R18
	MOVV	72(R29), R19
	MOVV	80(R29), R20
	MOVV	88(R29), R21
	MOVV	96(R29), R22
	MOVV	104(R29), R23
	MOVV	112(R29), RSB
	MOVV	120(R29), g
	RET

// reflectcallmove(typ, dst, src, size), called by callRet: c_reflectcallmove(typ, dst, src,
// size, sp) does the copy and the (modelled) write barrier
TEXT runtime·reflectcallmove(SB), NOSPLIT, $0-32
	MOVV	typ+0(FP), R4
	MOVV	dst+8(FP), R5
	MOVV	src+16(FP), R6
	MOVV	size+24(FP), R7
	MOVV	R29, R8
	MOVV	$c_reflectcallmove(SB), R25
	JAL	(R25)
	RET

// badreflectcall: reflectcall jumped here with its own arguments in place (they are ours)
// and R31 pointing into c_reflectcall; c_badreflectcall(argtype, f, argsize, lr, sp) reports
// and does not return
TEXT runtime·badreflectcall(SB), NOSPLIT, $0-32
	MOVV	argtype+0(FP), R4
	MOVV	f+8(FP), R5
	MOVWU	argsize+24(FP), R6
	MOVV	R31, R7
	MOVV	R29, R8
	MOVV	$c_badreflectcall(SB), R25
	JAL	(R25)
	RET

TEXT runtime·morestack_noctxt(SB), NOSPLIT, $0-0
	MOVV	R3, R4
	MOVV	$c_morestack(SB), R25
	JAL	(R25)
	RET

// fill(argsize, retoff, words...): hashes the whole words in [16, retoff) (h = rotl(h, 5) ^ w),
// overwrites every byte of its argument frame below retoff (callN must not copy those back),
// writes byte i of [retoff, argsize) as the low byte of h+i, and leaves h, argsize and retoff in
// fill_seen for the C side. (SGTU A, B, C sets C to A > B, unsigned.)
TEXT ·fill(SB), NOSPLIT, $0-16
	MOVV	argsize+0(FP), R1
	MOVV	retoff+8(FP), R2
	MOVV	$argsize+0(FP), R3
	MOVV	R0, R4
	MOVV	$16, R5
	SRLV	$3, R2, R6
	SLLV	$3, R6
words:
	SGTU	R6, R5, R8
	BEQ	R8, tail
	ADDV	R3, R5, R9
	MOVV	(R9), R10
	SLLV	$5, R4, R11
	SRLV	$59, R4, R12
	OR	R11, R12, R4
	XOR	R10, R4
	NOR	R10, R0, R10
	MOVV	R10, (R9)
	ADDV	$8, R5
	JMP	words
tail:
	SGTU	R2, R5, R8
	BEQ	R8, head
	ADDV	R3, R5, R9
	MOVBU	(R9), R10
	NOR	R10, R0, R10
	MOVB	R10, (R9)
	ADDV	$1, R5
	JMP	tail
head:
	MOVV	$fill_seen(SB), R9
	MOVV	R4, 0(R9)
	MOVV	R1, 8(R9)
	MOVV	R2, 16(R9)
	NOR	R1, R0, R10
	MOVV	R10, 0(R3)
	NOR	R2, R0, R10
	MOVV	R10, 8(R3)
results:
	SGTU	R1, R2, R8
	BEQ	R8, done
	ADDV	R4, R2, R10
	ADDV	R3, R2, R9
	MOVB	R10, (R9)
	ADDV	$1, R2
	JMP	results
done:
	RET

// fail(code): an error deep in Go code, reported through C: c_fail(code, sp) unwinds to the
// C caller of reflectcall and does not return. Not NOSPLIT: it has the stack check.
TEXT ·fail(SB), $40-8
	MOVV	code+0(FP), R4
	MOVV	R29, R5
	MOVV	$c_fail(SB), R25
	JAL	(R25)
	RET

GLOBL fill_seen(SB), NOPTR, $24

DATA fillfn+0(SB)/8, $·fill(SB)
GLOBL fillfn(SB), RODATA, $8
DATA failfn+0(SB)/8, $·fail(SB)
GLOBL failfn(SB), RODATA, $8
