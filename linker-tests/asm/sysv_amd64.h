// The System V callee-saved registers, in the order the glue saves them on entry from C and
// restores them before returning to it. p9asm describes PUSHes at the start of a body in
// .eh_frame, so unwinders restore these registers too.
#define PUSH_CALLEE_SAVED PUSHQ BP; PUSHQ BX; PUSHQ R12; PUSHQ R13; PUSHQ R14; PUSHQ R15
#define POP_CALLEE_SAVED POPQ R15; POPQ R14; POPQ R13; POPQ R12; POPQ BX; POPQ BP
