// The Plan 9 half of the 386 runtime tests (runtime.c is the C half, tests/common/runtime.rs runs them): glue between the i386
// System V ABI (cdecl: arguments on the stack at 4(SP), EBX, ESI, EDI, EBP callee-saved) and
// Go's ABI0 (also on the stack) around stubs/asm_386.s, and the callees reflectcall calls.
// g lives in the TLS slot runtime·tlsg (local exec from the thread pointer glibc keeps at
// %gs:0), set by c_reflectcall. The frames keep the stack 16-byte aligned at every call into
// C (i386 gcc assumes it): C calls with ESP = 12 mod 16 at entry.
#include "textflag.h"
#include "go_tls.h"

GLOBL runtime·tlsg(SB), TLSBSS, $4

DATA runtime·no_pointers_stackmap+0(SB)/4, $2
DATA runtime·no_pointers_stackmap+4(SB)/4, $0
GLOBL runtime·no_pointers_stackmap(SB), RODATA, $8

// a g: stackguard0 at 8 (0: the split check never fails), _panic at 16 (nil)
GLOBL rtg<>(SB), NOPTR, $64

// c_reflectcall(argtype, fn, arg, argsize, retoffset) from C. Go code does not keep C's
// callee-saved registers, so they are saved here.
TEXT c_reflectcall(SB), NOSPLIT, $44-20
	MOVL	BX, 20(SP)
	MOVL	SI, 24(SP)
	MOVL	DI, 28(SP)
	MOVL	BP, 32(SP)
	get_tls(CX)
	LEAL	rtg<>(SB), AX
	MOVL	AX, g(CX)
	MOVL	argtype+0(FP), AX
	MOVL	AX, 0(SP)
	MOVL	fn+4(FP), AX
	MOVL	AX, 4(SP)
	MOVL	arg+8(FP), AX
	MOVL	AX, 8(SP)
	MOVL	argsize+12(FP), AX
	MOVL	AX, 12(SP)
	MOVL	retoffset+16(FP), AX
	MOVL	AX, 16(SP)
	CALL	runtime·reflectcall(SB)
	MOVL	20(SP), BX
	MOVL	24(SP), SI
	MOVL	28(SP), DI
	MOVL	32(SP), BP
	RET

// reflectcallmove(typ, dst, src, size), called by callRet: c_reflectcallmove(typ, dst, src,
// size, sp) does the copy and the (modelled) write barrier
TEXT runtime·reflectcallmove(SB), NOSPLIT, $20-16
	MOVL	typ+0(FP), AX
	MOVL	AX, 0(SP)
	MOVL	dst+4(FP), AX
	MOVL	AX, 4(SP)
	MOVL	src+8(FP), AX
	MOVL	AX, 8(SP)
	MOVL	size+12(FP), AX
	MOVL	AX, 12(SP)
	MOVL	SP, 16(SP)
	CALL	c_reflectcallmove(SB)
	RET

// badreflectcall: reflectcall jumped here with its own arguments in place (they are ours)
// and the return address into c_reflectcall at 0(SP) on entry; c_badreflectcall(argtype, f,
// argsize, return address, sp) reports and does not return
TEXT runtime·badreflectcall(SB), NOSPLIT, $28-20
	MOVL	argtype+0(FP), AX
	MOVL	AX, 0(SP)
	MOVL	f+4(FP), AX
	MOVL	AX, 4(SP)
	MOVL	argsize+12(FP), AX
	MOVL	AX, 8(SP)
	MOVL	28(SP), AX
	MOVL	AX, 12(SP)
	MOVL	SP, 16(SP)
	CALL	c_badreflectcall(SB)
	RET

TEXT runtime·morestack_noctxt(SB), NOSPLIT, $12-0
	MOVL	12(SP), AX
	MOVL	AX, 0(SP)
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
TEXT ·fail(SB), $24-4
	MOVL	code+0(FP), AX
	MOVL	AX, 0(SP)
	MOVL	SP, 4(SP)
	CALL	c_fail(SB)
	RET

GLOBL fill_seen(SB), NOPTR, $12

DATA fillfn+0(SB)/4, $·fill(SB)
GLOBL fillfn(SB), RODATA, $4
DATA failfn+0(SB)/4, $·fail(SB)
GLOBL failfn(SB), RODATA, $4
