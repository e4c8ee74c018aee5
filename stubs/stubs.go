// Go declarations of the functions in this directory's assembly files.
// p9asm build reads the package clause (the symbols become runtime.reflectcall,
// runtime.call32, ...); the declarations document the argument frames the
// assembly reads with name+offset(FP).

package runtime

import "unsafe"

// reflectcall calls fn with a copy of the n argument bytes pointed at by arg.
// After fn returns, reflectcall copies n-retoffset result bytes back into
// arg+retoffset before returning, using reflectcallmove so the copy has the
// write barriers the garbage collector needs.
func reflectcall(argtype *_type, fn, arg unsafe.Pointer, argsize uint32, retoffset uint32)

// call32 ... call1073741824: reflectcall dispatches to the smallest of these
// whose frame holds argsize bytes.
func call32(typ, fn, arg unsafe.Pointer, n, retoffset uint32)

// reflectcallmove is called by callRet; it copies size bytes from src to dst
// and runs the bulk write barrier when typ has pointers.
func reflectcallmove(typ *_type, dst, src unsafe.Pointer, size uintptr)

// badreflectcall is reached when argsize exceeds the largest call size.
func badreflectcall()

type _type struct{}
