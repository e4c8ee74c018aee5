// The Plan 9 half of the amd64p32 runtime tests (runtime.c is the C half, built for x86-64 with
// P9_WORD32 and P9_LOW_STACK; tests/common/runtime.rs runs them): glue between the x86-64
// System V ABI (arguments in DI, SI, DX, CX, R8; BX, BP, R12-R15 callee-saved) and Go's ABI0
// with 4-byte slots around stubs/asm_amd64p32.s, and the callees reflectcall calls. The objects
// are x32; the harness converts them to elf64-x86-64. g lives in the TLS slot runtime·tlsg
// (local exec from %fs), set by c_reflectcall. Every pointer is below 4 GiB (the C side runs on
// a MAP_32BIT stack and allocates from brk); the frames keep RSP 16-byte aligned at every call
// into C (C calls with RSP = 8 mod 16 at entry).
#include "textflag.h"

GLOBL runtime·tlsg(SB), TLSBSS, $4

DATA runtime·no_pointers_stackmap+0(SB)/4, $2
DATA runtime·no_pointers_stackmap+4(SB)/4, $0
GLOBL runtime·no_pointers_stackmap(SB), RODATA, $8

// a g: stackguard0 at 8 (0: the split check never fails), _panic at 16 (nil)
GLOBL rtg<>(SB), NOPTR, $64

// c_reflectcall(argtype, fn, arg, argsize, retoffset) from C: DI, SI, DX, CX, R8. Go code does
// not keep C's callee-saved registers, so they are saved here.
TEXT c_reflectcall(SB), NOSPLIT, $72-0
	MOVQ	BX, 24(SP)
	MOVQ	BP, 32(SP)
	MOVQ	R12, 40(SP)
	MOVQ	R13, 48(SP)
	MOVQ	R14, 56(SP)
	MOVQ	R15, 64(SP)
	LEAL	rtg<>(SB), AX
	MOVL	AX, (TLS)
	MOVL	DI, 0(SP)
	MOVL	SI, 4(SP)
	MOVL	DX, 8(SP)
	MOVL	CX, 12(SP)
	MOVL	R8, 16(SP)
	CALL	runtime·reflectcall(SB)
	MOVQ	24(SP), BX
	MOVQ	32(SP), BP
	MOVQ	40(SP), R12
	MOVQ	48(SP), R13
	MOVQ	56(SP), R14
	MOVQ	64(SP), R15
	RET

// reflectcallmove(typ, dst, src, size), called by callRet: c_reflectcallmove(typ, dst, src,
// size, sp) does the copy and the (modelled) write barrier
TEXT runtime·reflectcallmove(SB), NOSPLIT, $8-16
	MOVL	typ+0(FP), DI
	MOVL	dst+4(FP), SI
	MOVL	src+8(FP), DX
	MOVL	size+12(FP), CX
	MOVQ	SP, R8
	CALL	c_reflectcallmove(SB)
	RET

// badreflectcall: reflectcall jumped here with its own arguments in place (they are ours)
// and the return address into c_reflectcall at 0(SP) on entry; c_badreflectcall(argtype, f,
// argsize, return address, sp) reports and does not return
TEXT runtime·badreflectcall(SB), NOSPLIT, $8-20
	MOVL	argtype+0(FP), DI
	MOVL	f+4(FP), SI
	MOVL	argsize+12(FP), DX
	MOVQ	8(SP), CX
	MOVQ	SP, R8
	CALL	c_badreflectcall(SB)
	RET

TEXT runtime·morestack_noctxt(SB), NOSPLIT, $8-0
	MOVQ	8(SP), DI
	CALL	c_morestack(SB)
	RET

// fill(argsize, retoff, words...): hashes the whole words in [8, retoff) (h = rotl(h, 5) ^ w),
// overwrites every byte of its argument frame below retoff (callN must not copy those back),
// writes byte i of [retoff, argsize) as the low byte of h+i, and leaves h, argsize and retoff in
// fill_seen for the C side.
TEXT ·fill(SB), NOSPLIT, $0-8
	MOVL	argsize+0(FP), AX
	MOVL	retoff+4(FP), BX
	LEAL	argsize+0(FP), SI
	MOVL	$0, DX
	MOVL	$8, CX
	MOVL	BX, DI
	ANDL	$~3, DI
words:
	CMPL	CX, DI
	JCC	tail
	MOVL	(SI)(CX*1), BP
	ROLL	$5, DX
	XORL	BP, DX
	NOTL	BP
	MOVL	BP, (SI)(CX*1)
	ADDL	$4, CX
	JMP	words
tail:
	CMPL	CX, BX
	JCC	head
	NOTB	(SI)(CX*1)
	INCL	CX
	JMP	tail
head:
	MOVL	DX, fill_seen+0(SB)
	MOVL	AX, fill_seen+4(SB)
	MOVL	BX, fill_seen+8(SB)
	NOTL	0(SI)
	NOTL	4(SI)
results:
	CMPL	BX, AX
	JCC	done
	LEAL	(DX)(BX*1), CX
	MOVB	CL, (SI)(BX*1)
	INCL	BX
	JMP	results
done:
	RET

// fail(code): an error deep in Go code, reported through C: c_fail(code, sp) unwinds to the
// C caller of reflectcall and does not return. Not NOSPLIT: it has the stack check.
TEXT ·fail(SB), $16-4
	MOVL	code+0(FP), DI
	MOVQ	SP, SI
	CALL	c_fail(SB)
	RET

GLOBL fill_seen(SB), NOPTR, $12

DATA fillfn+0(SB)/4, $·fill(SB)
GLOBL fillfn(SB), RODATA, $4
DATA failfn+0(SB)/4, $·fail(SB)
GLOBL failfn(SB), RODATA, $4
