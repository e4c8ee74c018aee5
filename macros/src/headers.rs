//! The headers p9asm ships, so `#include "textflag.h"` works with no `-I`. The numbers are the
//! ones Go 1.19's runtime uses (`runtime/textflag.h`, `runtime/funcdata.h`, `runtime/go_tls.h`);
//! the files are written for p9asm. A file with the same name in the including file's directory
//! or an `-I` directory wins over these.

/// Names of the built-in headers.
pub const NAMES: &[&str] = &["textflag.h", "funcdata.h", "go_tls.h"];

pub fn builtin(name: &str) -> Option<&'static str> {
    match name {
        "textflag.h" => Some(TEXTFLAG_H),
        "funcdata.h" => Some(FUNCDATA_H),
        "go_tls.h" => Some(GO_TLS_H),
        _ => None,
    }
}

pub const TEXTFLAG_H: &str = r#"// p9asm built-in textflag.h: flags for TEXT, DATA and GLOBL (values as in Go 1.19).

// Don't profile the marked routine. (Obsolete.)
#define NOPROF	1
// It is ok for the linker to get multiple of these symbols. It will pick one of the duplicates.
#define DUPOK	2
// Don't insert stack check preamble.
#define NOSPLIT	4
// Put this data in a read-only section.
#define RODATA	8
// This data contains no pointers.
#define NOPTR	16
// This is a wrapper function and should not count as disabling 'recover'.
#define WRAPPER 32
// This function uses its incoming context register.
#define NEEDCTXT 64
// Allocate a word of thread local storage and store the offset from the
// thread local base to the thread local storage in this variable.
#define TLSBSS	256
// Do not insert instructions to allocate a stack frame for this function.
// Only valid on functions that declare a frame size of 0.
#define NOFRAME 512
// Function can call reflect.Type.Method or reflect.Type.MethodByName.
#define REFLECTMETHOD 1024
// Function is the outermost frame of the call stack. Unwinders stop here.
#define TOPFRAME 2048
// Function is an ABI wrapper.
#define ABIWRAPPER 4096
"#;

pub const FUNCDATA_H: &str = r#"// p9asm built-in funcdata.h: PCDATA and FUNCDATA indexes (values as in Go 1.19).
// Go 1.7-1.13 numbered PCDATA_StackMapIndex 0; p9asm follows Go 1.19.

#define PCDATA_UnsafePoint 0
#define PCDATA_StackMapIndex 1
#define PCDATA_InlTreeIndex 2
#define PCDATA_ArgLiveIndex 3

#define FUNCDATA_ArgsPointerMaps 0 /* garbage collector blocks */
#define FUNCDATA_LocalsPointerMaps 1
#define FUNCDATA_StackObjects 2
#define FUNCDATA_InlTree 3
#define FUNCDATA_OpenCodedDeferInfo 4 /* info for func with open-coded defers */
#define FUNCDATA_ArgInfo 5
#define FUNCDATA_ArgLiveInfo 6
#define FUNCDATA_WrapInfo 7

// GO_ARGS indicates that the Go prototype for this assembly function
// defines the pointer map for the function's arguments.
#define GO_ARGS	FUNCDATA $FUNCDATA_ArgsPointerMaps, go_args_stackmap(SB)

// GO_RESULTS_INITIALIZED indicates that the assembly function
// has initialized the stack space for its results and that those results
// should be considered live for the remainder of the function.
#define GO_RESULTS_INITIALIZED	PCDATA $PCDATA_StackMapIndex, $1

// NO_LOCAL_POINTERS indicates that the assembly function stores
// no pointers to heap objects in its local stack variables.
#define NO_LOCAL_POINTERS	FUNCDATA $FUNCDATA_LocalsPointerMaps, no_pointers_stackmap(SB)

// ArgsSizeUnknown is set in Func.argsize to mark all functions
// whose argument size is unknown (C vararg functions, and
// assembly code without an explicit specification).
#define ArgsSizeUnknown 0x80000000
"#;

pub const GO_TLS_H: &str = r#"// p9asm built-in go_tls.h: how runtime assembly reaches the current g.

#ifdef GOARCH_arm
#define LR R14
#endif

#ifdef GOARCH_amd64
#define	get_tls(r)	MOVQ TLS, r
#define	g(r)	0(r)(TLS*1)
#endif

#ifdef GOARCH_amd64p32
#define	get_tls(r)	MOVL TLS, r
#define	g(r)	0(r)(TLS*1)
#endif

#ifdef GOARCH_386
#define	get_tls(r)	MOVL TLS, r
#define	g(r)	0(r)(TLS*1)
#endif
"#;
