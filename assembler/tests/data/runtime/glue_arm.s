// The Plan 9 half of the arm runtime tests (runtime.c is the C half, tests/common/runtime.rs runs
// them): glue between AAPCS and Go's ABI0 (arguments on the stack above the saved LR) around
// stubs/asm_arm.s, and the callees reflectcall calls. C keeps R4-R11, so g (R10) survives calls
// into C. AAPCS puts a fifth argument at 0(SP), where a Go frame keeps its saved LR: the glue
// hands it over in p9_arg5 instead (runtime.c, P9_ARG5_IN_GLOBAL). Frame sizes keep SP 8-byte
// aligned at every call into C: c_reflectcall's 64 bytes and reflectcallmove's and
// badreflectcall's 8, callN's MAXSIZE+4 and callRet's 20, fail's 36.
#include "textflag.h"

DATA runtime·no_pointers_stackmap+0(SB)/4, $2
DATA runtime·no_pointers_stackmap+4(SB)/4, $0
GLOBL runtime·no_pointers_stackmap(SB), RODATA, $8

// a g: stackguard0 at 8 (0: the split check never fails), _panic at 16 (nil)
GLOBL rtg<>(SB), NOPTR, $64

// c_reflectcall(argtype, fn, arg, argsize, retoffset) from C: R0-R3 and the fifth at the
// caller's SP. Go code does not keep C's callee-saved registers, so they are saved here.
TEXT c_reflectcall(SB), NOSPLIT, $60-0
	MOVW	R4, 24(R13)
	MOVW	R5, 28(R13)
	MOVW	R6, 32(R13)
	MOVW	R7, 36(R13)
	MOVW	R8, 40(R13)
	MOVW	R9, 44(R13)
	MOVW	g, 48(R13)
	MOVW	R11, 52(R13)
	MOVW	64(R13), R4
	MOVW	$rtg<>(SB), g
	MOVW	R0, 4(R13)
	MOVW	R1, 8(R13)
	MOVW	R2, 12(R13)
	MOVW	R3, 16(R13)
	MOVW	R4, 20(R13)
	BL	runtime·reflectcall(SB)
	MOVW	24(R13), R4
	MOVW	28(R13), R5
	MOVW	32(R13), R6
	MOVW	36(R13), R7
	MOVW	40(R13), R8
	MOVW	44(R13), R9
	MOVW	48(R13), g
	MOVW	52(R13), R11
	RET

// reflectcallmove(typ, dst, src, size), called by callRet: c_reflectcallmove(typ, dst, src,
// size, sp) does the copy and the (modelled) write barrier
TEXT runtime·reflectcallmove(SB), NOSPLIT, $4-16
	MOVW	typ+0(FP), R0
	MOVW	dst+4(FP), R1
	MOVW	src+8(FP), R2
	MOVW	size+12(FP), R3
	MOVW	$p9_arg5(SB), R5
	MOVW	R13, (R5)
	BL	c_reflectcallmove(SB)
	RET

// badreflectcall: reflectcall jumped here with its own arguments in place (they are ours)
// and LR pointing into c_reflectcall; c_badreflectcall(argtype, f, argsize, lr, sp) reports
// and does not return
TEXT runtime·badreflectcall(SB), NOSPLIT, $4-20
	MOVW	argtype+0(FP), R0
	MOVW	f+4(FP), R1
	MOVW	argsize+12(FP), R2
	MOVW	R14, R3
	MOVW	$p9_arg5(SB), R5
	MOVW	R13, (R5)
	BL	c_badreflectcall(SB)
	RET

TEXT runtime·morestack_noctxt(SB), NOSPLIT|NOFRAME, $0-0
	MOVW	R3, R0
	BL	c_morestack(SB)
	RET

// fill(argsize, retoff, words...): hashes the whole words in [8, retoff) (h = rotl(h, 5) ^ w),
// overwrites every byte of its argument frame below retoff (callN must not copy those back),
// writes byte i of [retoff, argsize) as the low byte of h+i, and leaves h, argsize and retoff in
// fill_seen for the C side.
TEXT ·fill(SB), NOSPLIT, $0-8
	MOVW	argsize+0(FP), R0
	MOVW	retoff+4(FP), R1
	MOVW	$argsize+0(FP), R2
	MOVW	$0, R3
	MOVW	$8, R4
	MOVW	R1>>2, R5
	MOVW	R5<<2, R5
words:
	CMP	R5, R4
	BHS	tail
	ADD	R2, R4, R7
	MOVW	(R7), R6
	MOVW	R3@>27, R3
	EOR	R6, R3
	MVN	R6, R6
	MOVW	R6, (R7)
	ADD	$4, R4
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
	MOVW	$fill_seen(SB), R7
	MOVW	R3, 0(R7)
	MOVW	R0, 4(R7)
	MOVW	R1, 8(R7)
	MVN	R0, R6
	MOVW	R6, 0(R2)
	MVN	R1, R6
	MOVW	R6, 4(R2)
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
TEXT ·fail(SB), $32-4
	MOVW	code+0(FP), R0
	MOVW	R13, R1
	BL	c_fail(SB)
	RET

GLOBL fill_seen(SB), NOPTR, $12

DATA fillfn+0(SB)/4, $·fill(SB)
GLOBL fillfn(SB), RODATA, $4
DATA failfn+0(SB)/4, $·fail(SB)
GLOBL failfn(SB), RODATA, $4
