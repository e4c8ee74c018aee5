// The Plan 9 half of the s390x runtime tests (runtime.c is the C half, tests/common/runtime.rs
// runs them): glue between the s390x ELF ABI and Go's ABI0 (arguments on the stack) around
// stubs/asm_s390x.s, and the callees reflectcall calls. C takes its arguments in R2-R6 and may
// use the 160 bytes at 0..159(R15) of its caller's frame as its register save area: every
// function here that calls C has a frame of at least 160 bytes and keeps nothing there but the
// saved LR at 0(R15), which gcc's code leaves alone (no -mbackchain). C keeps R6-R13 and R15,
// so g (R13) survives.
#include "textflag.h"

DATA runtime·no_pointers_stackmap+0(SB)/4, $2
DATA runtime·no_pointers_stackmap+4(SB)/4, $0
GLOBL runtime·no_pointers_stackmap(SB), RODATA, $8

// a g: stackguard0 at 16 (0: the split check never fails), _panic at 32 (nil)
GLOBL rtg<>(SB), NOPTR, $64

// c_reflectcall(argtype, fn, arg, argsize, retoffset) from C: R2-R6. Go code does not keep
// C's callee-saved registers, so they are saved here (at 40..103(R15), above the arguments).
TEXT c_reflectcall(SB), NOSPLIT, $104-0
	STMG	R6, g, 40(R15)
	MOVD	$rtg<>(SB), g
	MOVD	R2, 8(R15)
	MOVD	R3, 16(R15)
	MOVD	R4, 24(R15)
	MOVW	R5, 32(R15)
	MOVW	R6, 36(R15)
	BL	runtime·reflectcall(SB)
	LMG	40(R15), R6, g
	RET

// reflectcallmove(typ, dst, src, size), called by callRet: c_reflectcallmove(typ, dst, src,
// size, sp) does the copy and the (modelled) write barrier
TEXT runtime·reflectcallmove(SB), NOSPLIT, $160-32
	MOVD	typ+0(FP), R2
	MOVD	dst+8(FP), R3
	MOVD	src+16(FP), R4
	MOVD	size+24(FP), R5
	MOVD	R15, R6
	BL	c_reflectcallmove(SB)
	RET

// badreflectcall: reflectcall jumped here with its own arguments in place (they are ours)
// and LR pointing into c_reflectcall; c_badreflectcall(argtype, f, argsize, lr, sp) reports
// and does not return
TEXT runtime·badreflectcall(SB), NOSPLIT, $160-32
	MOVD	argtype+0(FP), R2
	MOVD	f+8(FP), R3
	MOVWZ	argsize+24(FP), R4
	MOVD	R14, R5
	MOVD	R15, R6
	BL	c_badreflectcall(SB)
	RET

// the stack check's slow path: the LR of the function that needed more stack is in R5
TEXT runtime·morestack_noctxt(SB), NOSPLIT, $160-0
	MOVD	R5, R2
	BL	c_morestack(SB)
	RET

// fill(argsize, retoff, words...): hashes the whole words in [16, retoff) (h = rotl(h, 5) ^ w),
// overwrites every byte of its argument frame below retoff (callN must not copy those back),
// writes byte i of [retoff, argsize) as the low byte of h+i, and leaves h, argsize and retoff in
// fill_seen for the C side.
TEXT ·fill(SB), NOSPLIT, $0-16
	MOVD	argsize+0(FP), R2
	MOVD	retoff+8(FP), R3
	MOVD	$argsize+0(FP), R4
	MOVD	$0, R5
	MOVD	$16, R6
	MOVD	R3, R7
	SRD	$3, R7
	SLD	$3, R7
words:
	CMPUBGE	R6, R7, tail
	MOVD	R4, R8
	ADD	R6, R8
	MOVD	(R8), R9
	RLLG	$5, R5, R5
	XOR	R9, R5
	XOR	$-1, R9
	MOVD	R9, (R8)
	ADD	$8, R6
	BR	words
tail:
	CMPUBGE	R6, R3, head
	MOVD	R4, R8
	ADD	R6, R8
	MOVBZ	(R8), R9
	XOR	$-1, R9
	MOVB	R9, (R8)
	ADD	$1, R6
	BR	tail
head:
	MOVD	$fill_seen(SB), R8
	MOVD	R5, 0(R8)
	MOVD	R2, 8(R8)
	MOVD	R3, 16(R8)
	MOVD	R2, R9
	XOR	$-1, R9
	MOVD	R9, 0(R4)
	MOVD	R3, R9
	XOR	$-1, R9
	MOVD	R9, 8(R4)
results:
	CMPUBGE	R3, R2, done
	MOVD	R5, R9
	ADD	R3, R9
	MOVD	R4, R8
	ADD	R3, R8
	MOVB	R9, (R8)
	ADD	$1, R3
	BR	results
done:
	RET

// fail(code): an error deep in Go code, reported through C: c_fail(code, sp) unwinds to the
// C caller of reflectcall and does not return. Not NOSPLIT: it has the stack check.
TEXT ·fail(SB), $160-8
	MOVD	code+0(FP), R2
	MOVD	R15, R3
	BL	c_fail(SB)
	RET

GLOBL fill_seen(SB), NOPTR, $24

DATA fillfn+0(SB)/8, $·fill(SB)
GLOBL fillfn(SB), RODATA, $8
DATA failfn+0(SB)/8, $·fail(SB)
GLOBL failfn(SB), RODATA, $8
