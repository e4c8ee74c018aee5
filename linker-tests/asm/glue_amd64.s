// Glue between Rust (System V C ABI) and the Go ABI0 stubs in stubs/asm_amd64.s, and what those
// stubs expect the runtime to provide: the g TLS slot, morestack, badreflectcall,
// reflectcallmove and no_pointers_stackmap.
//
// Assembled by p9asm with package "runtime", so `·x` and `runtime·x` both name `runtime.x`.
// Names without a middle dot (p9_reflectcall) are plain C symbols.
//
// Stack alignment is static. Rust (C ABI) calls with SP ≡ 0 (mod 16), so a function is entered
// with SP ≡ 8. The Go stubs keep that: reflectcall is frameless, callN allocates N+8 bytes (N is
// a multiple of 16, +8 for the saved BP), callRet 32+8. Every CALL into Rust below happens with
// SP ≡ 0 and passes its SP so Rust can check that at run time. p9asm derives the unwind tables
// from SP deltas, so SP moves only by PUSHQ/POPQ, SUBQ/ADDQ $n, SP and the frames TEXT declares.

#include "textflag.h"
#include "funcdata.h"
#include "sysv_amd64.h"

// Offsets in G (linker-tests/src/g.rs): Go's layout, then p9 fields.
#define g_stackguard0 16
#define g_p9_entry_sp 112

// func p9_reflectcall(argtype *_type, f *funcval, arg *byte, argsize, retoffset uint32)
// C ABI: DI, SI, DX, CX, R8. Saves the C callee-saved registers (the Go code below uses all
// registers), builds reflectcall's argument frame and calls it. p9asm describes the PUSHes of
// callee-saved registers at the start of the body in .eh_frame, so unwinders restore them.
//
// SP: entry ≡ 8, six pushes → ≡ 8, SUBQ $40 → ≡ 0 at the CALL.
TEXT p9_reflectcall(SB), NOSPLIT, $0-0
	PUSH_CALLEE_SAVED
	SUBQ	$40, SP
	MOVQ	DI, 0(SP)	// argtype+0(FP)
	MOVQ	SI, 8(SP)	// f+8(FP)
	MOVQ	DX, 16(SP)	// arg+16(FP)
	MOVL	CX, 24(SP)	// argsize+24(FP)
	MOVL	R8, 28(SP)	// retoffset+28(FP)
	// record where the Go frames start (tests measure callN's frame from here)
	MOVQ	(TLS), AX
	MOVQ	SP, g_p9_entry_sp(AX)
	CALL	·reflectcall(SB)
	ADDQ	$40, SP
	POP_CALLEE_SAVED
	RET

// func reflectcallmove(typ *_type, dst, src unsafe.Pointer, size uintptr)
// Called by callRet (Go ABI0) to copy the results back with write barriers. Forwards to Rust.
// SP: entry ≡ 8, frame 16+8 (saved BP) → ≡ 0 at the CALL.
TEXT runtime·reflectcallmove(SB), NOSPLIT, $16-32
	NO_LOCAL_POINTERS
	MOVQ	typ+0(FP), DI
	MOVQ	dst+8(FP), SI
	MOVQ	src+16(FP), DX
	MOVQ	size+24(FP), CX
	MOVQ	SP, R8
	CALL	p9_reflectcallmove(SB)
	RET

// morestack is called from the prologue of a function f whose frame does not fit above
// g.stackguard0, before f's frame exists: 0(SP) is the PC in f's prologue, 8(SP) f's return
// address. f was entered with SP ≡ 8, so SP ≡ 0 here. This runtime cannot grow stacks: Rust
// reports it (a panic that unwinds through these frames to the caller of p9_reflectcall).
// func p9_morestack(pc, callerpc, ctxt, sp, callsp uintptr, hasctxt bool) (C ABI)
TEXT runtime·morestack(SB), NOSPLIT|NOFRAME, $0-0
	MOVQ	0(SP), DI
	MOVQ	8(SP), SI
	// DX: f's closure context, passed on as is
	LEAQ	8(SP), CX
	MOVQ	SP, R8
	MOVL	$1, R9
	CALL	p9_morestack(SB)
	UNDEF

TEXT runtime·morestack_noctxt(SB), NOSPLIT|NOFRAME, $0-0
	MOVQ	0(SP), DI
	MOVQ	8(SP), SI
	MOVL	$0, DX
	LEAQ	8(SP), CX
	MOVQ	SP, R8
	MOVL	$0, R9
	CALL	p9_morestack(SB)
	UNDEF

// reflectcall jumps here when argsize is over 1 GiB, with reflectcall's arguments in place
// (0(SP) is the return address into p9_reflectcall).
// SP: entry ≡ 8, frame 16+8 → ≡ 0 at the CALL.
TEXT runtime·badreflectcall(SB), NOSPLIT, $16-32
	MOVQ	argtype+0(FP), DI
	MOVQ	f+8(FP), SI
	MOVLQZX	argsize+24(FP), DX
	MOVQ	SP, CX
	CALL	p9_badreflectcall(SB)
	UNDEF

// The TLS slot holding g. build.rs assembles with -shared, so the prologue's g load is
// initial-exec (MOVQ TLS, R14 loads runtime.tlsg's offset from the GOT, R_X86_64_GOTTPOFF;
// MOVQ (R14)(TLS*2), R14 reads it at %fs): the objects link into executables (where the linker
// relaxes it to local-exec) and into cdylibs alike. The runtime defines the slot: here.
GLOBL	runtime·tlsg(SB), TLSBSS, $8

// func p9_setg(g *G) (C ABI). A store to g goes through a register as Go's save_g does
// (get_tls(AX); MOVQ DI, g(AX)); -shared has no form of MOVQ DI, (TLS).
TEXT p9_setg(SB), NOSPLIT, $0-0
	MOVQ	TLS, AX
	MOVQ	DI, 0(AX)(TLS*1)
	RET

// func p9_getg() *G (C ABI)
TEXT p9_getg(SB), NOSPLIT, $0-0
	MOVQ	(TLS), AX
	RET

// What NO_LOCAL_POINTERS references: a stack map with two (n=2) zero-length bitmaps.
DATA	runtime·no_pointers_stackmap+0(SB)/4, $2
DATA	runtime·no_pointers_stackmap+4(SB)/4, $0
GLOBL	runtime·no_pointers_stackmap(SB), RODATA, $8
