// The Plan 9 half of the ppc64 and ppc64le runtime tests (runtime.c is the C half,
// tests/common/runtime.rs runs them): glue between the ELF ABIs (ELFv1 on ppc64, ELFv2 on
// ppc64le: arguments in R3-R10, R14-R31 and R2 kept) and Go's ABI0 (arguments at 32(R1))
// around stubs/asm_ppc64x.s, and the callees reflectcall calls.
//
// Go code keeps R0 zero (REGZERO); C does not, so it is cleared on entry from C and after every
// call into C. Two things Go code does not keep: R2 (callN reloads it from its 24(R1), which only a
// linker's TOC-saving call stub writes) and R31 (REGTMP: every prologue moves LR through it
// before a frame exists to save it in). R2 is saved at entry and reloaded before every call
// into C; runtime.c is compiled with -ffixed-r31 (tests/ppc64_runtime.rs), so C keeps nothing in
// R31 across c_reflectcall. Every frame here is a multiple of 16 bytes (R1 stays 16-aligned for
// C) and the ones that call C hold the 64-byte parameter save area ELFv1 callees may use.
#include "textflag.h"

DATA runtime·no_pointers_stackmap+0(SB)/4, $2
DATA runtime·no_pointers_stackmap+4(SB)/4, $0
GLOBL runtime·no_pointers_stackmap(SB), RODATA, $8

// a g: stackguard0 at 16 (0: the split check never fails), _panic at 32 (nil)
GLOBL rtg<>(SB), NOPTR, $64

// C's TOC pointer, for the calls back into C
GLOBL toc<>(SB), NOPTR, $8

// c_reflectcall(argtype, fn, arg, argsize, retoffset) from C: R3-R7
TEXT c_reflectcall(SB), NOSPLIT, $208-0
	MOVD	R2, 64(R1)
	MOVD	R14, 72(R1)
	MOVD	R15, 80(R1)
	MOVD	R16, 88(R1)
	MOVD	R17, 96(R1)
	MOVD	R18, 104(R1)
	MOVD	R19, 112(R1)
	MOVD	R20, 120(R1)
	MOVD	R21, 128(R1)
	MOVD	R22, 136(R1)
	MOVD	R23, 144(R1)
	MOVD	R24, 152(R1)
	MOVD	R25, 160(R1)
	MOVD	R26, 168(R1)
	MOVD	R27, 176(R1)
	MOVD	R28, 184(R1)
	MOVD	R29, 192(R1)
	MOVD	g, 200(R1)
	MOVD	$toc<>(SB), R12
	MOVD	R2, (R12)
	MOVD	$rtg<>(SB), g
	MOVD	$0, R0
	MOVD	R3, 32(R1)
	MOVD	R4, 40(R1)
	MOVD	R5, 48(R1)
	MOVW	R6, 56(R1)
	MOVW	R7, 60(R1)
	BL	runtime·reflectcall(SB)
	MOVD	64(R1), R2
	MOVD	72(R1), R14
	MOVD	80(R1), R15
	MOVD	88(R1), R16
	MOVD	96(R1), R17
	MOVD	104(R1), R18
	MOVD	112(R1), R19
	MOVD	120(R1), R20
	MOVD	128(R1), R21
	MOVD	136(R1), R22
	MOVD	144(R1), R23
	MOVD	152(R1), R24
	MOVD	160(R1), R25
	MOVD	168(R1), R26
	MOVD	176(R1), R27
	MOVD	184(R1), R28
	MOVD	192(R1), R29
	MOVD	200(R1), g
	RET

// reflectcallmove(typ, dst, src, size), called by callRet: c_reflectcallmove(typ, dst, src,
// size, sp) does the copy and the (modelled) write barrier
TEXT runtime·reflectcallmove(SB), NOSPLIT, $80-32
	MOVD	typ+0(FP), R3
	MOVD	dst+8(FP), R4
	MOVD	src+16(FP), R5
	MOVD	size+24(FP), R6
	MOVD	R1, R7
	MOVD	$toc<>(SB), R12
	MOVD	(R12), R2
	BL	c_reflectcallmove(SB)
	MOVD	$0, R0
	RET

// badreflectcall: reflectcall jumped here with its own arguments in place (they are ours)
// and LR pointing into c_reflectcall; c_badreflectcall(argtype, f, argsize, lr, sp) reports
// and does not return
TEXT runtime·badreflectcall(SB), NOSPLIT, $80-32
	MOVD	argtype+0(FP), R3
	MOVD	f+8(FP), R4
	MOVWZ	argsize+24(FP), R5
	MOVD	LR, R6
	MOVD	R1, R7
	MOVD	$toc<>(SB), R12
	MOVD	(R12), R2
	BL	c_badreflectcall(SB)
	MOVD	$0, R0
	RET

TEXT runtime·morestack_noctxt(SB), NOSPLIT, $80-0
	MOVD	R5, R3
	MOVD	$toc<>(SB), R12
	MOVD	(R12), R2
	BL	c_morestack(SB)
	MOVD	$0, R0
	RET

// fill(argsize, retoff, words...): hashes the whole words in [16, retoff) (h = rotl(h, 5) ^ w),
// overwrites every byte of its argument frame below retoff (callN must not copy those back),
// writes byte i of [retoff, argsize) as the low byte of h+i, and leaves h, argsize and retoff in
// fill_seen for the C side.
TEXT ·fill(SB), NOSPLIT, $0-16
	MOVD	argsize+0(FP), R3
	MOVD	retoff+8(FP), R4
	MOVD	$argsize+0(FP), R5
	MOVD	$0, R6
	MOVD	$16, R7
	SRD	$3, R4, R8
	SLD	$3, R8
words:
	CMPU	R7, R8
	BGE	tail
	ADD	R5, R7, R10
	MOVD	(R10), R9
	ROTL	$5, R6
	XOR	R9, R6
	NOR	R9, R9
	MOVD	R9, (R10)
	ADD	$8, R7
	BR	words
tail:
	CMPU	R7, R4
	BGE	head
	ADD	R5, R7, R10
	MOVBZ	(R10), R9
	NOR	R9, R9
	MOVB	R9, (R10)
	ADD	$1, R7
	BR	tail
head:
	MOVD	$fill_seen(SB), R10
	MOVD	R6, 0(R10)
	MOVD	R3, 8(R10)
	MOVD	R4, 16(R10)
	NOR	R3, R3, R9
	MOVD	R9, 0(R5)
	NOR	R4, R4, R9
	MOVD	R9, 8(R5)
results:
	CMPU	R4, R3
	BGE	done
	ADD	R6, R4, R9
	ADD	R5, R4, R10
	MOVB	R9, (R10)
	ADD	$1, R4
	BR	results
done:
	RET

// fail(code): an error deep in Go code, reported through C: c_fail(code, sp) unwinds to the
// C caller of reflectcall and does not return. Not NOSPLIT: it has the stack check.
TEXT ·fail(SB), $80-8
	MOVD	code+0(FP), R3
	MOVD	R1, R4
	MOVD	$toc<>(SB), R12
	MOVD	(R12), R2
	BL	c_fail(SB)
	MOVD	$0, R0
	RET

GLOBL fill_seen(SB), NOPTR, $24

DATA fillfn+0(SB)/8, $·fill(SB)
GLOBL fillfn(SB), RODATA, $8
DATA failfn+0(SB)/8, $·fail(SB)
GLOBL failfn(SB), RODATA, $8
