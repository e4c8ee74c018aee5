// Glue between the C harness (harness.c, AAPCS64) and the arm64 stubs (Go's ABI0, arguments on
// the stack): c_reflectcall sets up g and calls reflectcall; reflectcallmove hands its stack
// arguments to the C write-barrier callback; sum is the function reflectcall calls.
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

// reflectcallmove(typ, dst, src, size): the write-barrier callback, in C
TEXT runtime·reflectcallmove(SB), NOSPLIT, $0-32
	MOVD	typ+0(FP), R0
	MOVD	dst+8(FP), R1
	MOVD	src+16(FP), R2
	MOVD	size+24(FP), R3
	BL	c_reflectcallmove(SB)
	RET

TEXT runtime·badreflectcall(SB), NOSPLIT, $0-0
	MOVD	$3, R0
	MOVD	$93, R8
	SVC
	RET

TEXT runtime·morestack_noctxt(SB), NOSPLIT, $0-0
	MOVD	$4, R0
	MOVD	$93, R8
	SVC
	RET

// sum(n, retoff, words...): adds the n words after the first two and writes the sum and its
// complement at retoff(FP) and retoff+8(FP)
TEXT ·sum(SB), NOSPLIT, $0-24
	MOVD	n+0(FP), R0
	MOVD	retoff+8(FP), R1
	MOVD	$words+16(FP), R2
	MOVD	$0, R3
loop:
	CBZ	R0, done
	MOVD.P	8(R2), R4
	ADD	R4, R3
	SUB	$1, R0
	B	loop
done:
	MOVD	$n+0(FP), R2
	ADD	R1, R2
	MOVD	R3, (R2)
	MVN	R3, R3
	MOVD	R3, 8(R2)
	RET

DATA sumfn+0(SB)/8, $·sum(SB)
GLOBL sumfn(SB), RODATA, $8
