// The C half of the runtime tests of every architecture (glue_<arch>.s is the Plan 9 half), built
// statically with the arch's cross gcc and run (under qemu-user where the machine cannot run it)
// by tests/common/runtime.rs: `runtime MODE [TOP]` with MODE one of
//   classes TOP  every DISPATCH class from call32 to call(1<<TOP): arguments, results, barrier
//   wb           reflectcallmove and the write barrier: when it runs and when it must not
//   bad          badreflectcall beyond the largest class
//   trace        errors reported through the frames; libgcc's unwinder and the stack-map walk
// Each check prints "ok NAME detail" or "FAIL NAME detail"; frames are printed as
// "frame WALK TAG K ip sp cfa" for the test to resolve against the executable's symbols.
//
// Nothing here knows an instruction set. What differs between targets is in the macros the
// test passes (tests/common/runtime.rs, RuntimeTarget::defines):
//   P9_RA_IN_LR      1 where the return address arrives in a link register and the prologue
//                    saves it at 0(SP) (arm, arm64, mips64, ppc64, s390x); 0 where the call
//                    pushed it (386, amd64), so it is at SP+delta and the caller's SP is above it
//   P9_ARGS_AT       bytes from callN's SP to the argument frame it passes its callee
//   P9_FRAME_ALIGN   the alignment of callN's SP
//   P9_ARG5_IN_GLOBAL 1 where the glue cannot pass a fifth C argument on the stack (arm: AAPCS
//                    wants it at 0(SP), where Go's frame keeps the saved LR); the glue stores it
//                    in p9_arg5 before the call instead. 0 (the default) elsewhere.
//   P9_WORD32        (optional) Go's words are 4 bytes in a 64-bit C process: amd64p32's
//                    objects linked into the x86-64 harness; the return address a CALL pushes
//                    stays the machine's word
//   P9_LOW_STACK     (optional) every pointer the Go code sees must be below 4 GiB (amd64p32):
//                    the modes run on a MAP_32BIT stack and argument frames come from an arena
//                    in the same mapping (go_alloc), so neither can meet the other or brk
//   P9_C_CFA_BIAS    how far above the caller's SP the C ABI puts a C function's CFA (s390x:
//                    160, its register save area; 0 elsewhere, the default): libgcc reports
//                    the innermost Go frame's SP as the CFA of the C function it called
// Words are pointers (uintptr_t): the argument frame, fill's hash and fill_seen follow the
// target's pointer size, and bytes are compared through memory, so either byte order works.
//
// The glue file provides, in Go's ABI0 for its arch: c_reflectcall (C's calling convention in,
// runtime·reflectcall out, C's callee-saved registers kept), runtime·reflectcallmove (calls
// c_reflectcallmove(typ, dst, src, size, sp)), runtime·badreflectcall (calls
// c_badreflectcall(typ, fn, argsize, return address, sp)), runtime·morestack_noctxt (calls
// c_morestack), the callees ·fill and ·fail (below) with fillfn/failfn pointing at them,
// fill_seen (three words) and runtime·no_pointers_stackmap.
#ifndef P9_RA_IN_LR
#error "P9_RA_IN_LR must be defined (tests/common/runtime.rs)"
#endif
#ifndef P9_C_CFA_BIAS
#define P9_C_CFA_BIAS 0
#endif
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unwind.h>

#ifndef P9_ARG5_IN_GLOBAL
#define P9_ARG5_IN_GLOBAL 0
#endif
#if P9_ARG5_IN_GLOBAL
uintptr_t p9_arg5;
#define ARG5(x) ((void)(x), p9_arg5)
#else
#define ARG5(x) (x)
#endif

// Go's _type as of late 2016: kind at 23 (15 with 4-byte pointers)
struct gotype {
	uintptr_t size, ptrdata;
	uint32_t hash;
	uint8_t tflag, align, fieldalign, kind;
	void *alg, *gcdata;
	int32_t str, ptrtothis;
};
_Static_assert(__builtin_offsetof(struct gotype, kind) == 2 * sizeof(uintptr_t) + 7, "kind");
#define KIND_STRUCT 25
#define KIND_NO_POINTERS (1 << 7)

static struct gotype with_pointers = {64, 64, 0, 0, 8, 8, KIND_STRUCT, 0, 0, 0, 0};
static struct gotype no_pointers = {64, 0, 0, 0, 8, 8, KIND_STRUCT | KIND_NO_POINTERS, 0, 0, 0, 0};

extern void c_reflectcall(void *argtype, void *fn, void *arg, uint32_t argsize, uint32_t retoffset);
extern void *fillfn, *failfn;
#ifdef P9_WORD32
typedef uint32_t word;
#else
typedef uintptr_t word;
#endif
#define W ((uint32_t)sizeof(word))
#define WBITS (8 * W)
extern word fill_seen[3]; // what fill computed: the hash of its words, argsize, retoffset

// Argument frames the Go code sees: from malloc, or under P9_LOW_STACK from the low arena below
// the stack (one frame live at a time, which is all the modes need; a second is a harness bug).
#if P9_LOW_STACK
static char *arena, *arena_end;
static int arena_live;
static void *go_alloc(size_t n) {
	if (arena_live || n > (size_t)(arena_end - arena)) {
		printf("FAIL low-arena: %zu bytes (%d live, %zu free)\n", n, arena_live, (size_t)(arena_end - arena));
		exit(3);
	}
	arena_live = 1;
	return memset(arena, 0, n);
}
static void go_free(void *p) {
	(void)p;
	arena_live = 0;
}
#else
static void *go_alloc(size_t n) {
	void *p = calloc(1, n);
	if (!p) {
		printf("FAIL alloc: %zu bytes\n", n);
		exit(3);
	}
	return p;
}
static void go_free(void *p) {
	free(p);
}
#endif

static int failures;
#define CHECK(name, cond, ...)                                                                                    \
	do {                                                                                                      \
		int ok_ = (cond);                                                                                  \
		failures += !ok_;                                                                                  \
		printf("%s %s ", ok_ ? "ok" : "FAIL", name);                                                     \
		printf(__VA_ARGS__);                                                                               \
		printf("\n");                                                                                      \
	} while (0)

// ---- the stack-map section (book/src/frames.md) and a Go-style unwinder on it alone ----

extern const uint8_t __start_p9asm_stackmap[], __stop_p9asm_stackmap[];

struct rec {
	uintptr_t entry;
	uint32_t size, autosize, pcsplen, namelen;
	uint8_t quantum;
	const uint8_t *pcsp;
	const char *name;
};
static struct rec recs[512];
static int nrecs;

static uint32_t u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint16_t u16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static word uw(const uint8_t *p) { word v; memcpy(&v, p, W); return v; }

static void parse_stackmap(void) {
	const uint8_t *s = __start_p9asm_stackmap, *e = __stop_p9asm_stackmap;
	size_t off = 0, len = e - s;
	while (off + 8 <= len) {
		const uint8_t *r = s + off;
		if (u32(r) == 0 && u32(r + 4) == 0) { // padding between objects' sections
			off += 8;
			continue;
		}
		if (memcmp(r, "P9SM", 4) != 0 || r[4] != 1 || r[5] != W || nrecs == 512) {
			printf("FAIL stackmap-section bad record at %zu\n", off);
			exit(2);
		}
		struct rec *f = &recs[nrecs++];
		uint32_t rlen = u32(r + 8);
		f->quantum = r[6];
		f->size = u32(r + 12);
		f->entry = uw(r + 16);
		f->autosize = u32(r + 24 + W);
		unsigned npcdata = u16(r + 32 + W), nfuncdata = u16(r + 34 + W);
		f->pcsplen = u32(r + 36 + W);
		f->namelen = u32(r + 40 + W);
		size_t p = 44 + W, tables = 0;
		for (unsigned i = 0; i < npcdata; i++, p += 4)
			tables += u32(r + p);
		p = (p + W - 1) & ~(size_t)(W - 1);
		p += W * nfuncdata;
		f->pcsp = r + p;
		f->name = (const char *)r + p + f->pcsplen + tables;
		off += rlen;
	}
}

static struct rec *find_rec(uintptr_t pc) {
	for (int i = 0; i < nrecs; i++)
		if (pc >= recs[i].entry && pc < recs[i].entry + recs[i].size)
			return &recs[i];
	return 0;
}

static int uvarint(const uint8_t *t, uint32_t n, uint32_t *p, uint64_t *v) {
	*v = 0;
	for (int shift = 0; *p < n && shift < 64; shift += 7) {
		uint8_t b = t[(*p)++];
		*v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return 1;
	}
	return 0;
}

// Go's pcvalue: the value the table gives target, or INT64_MIN when it does not cover it
static int64_t pcvalue(const struct rec *f, uintptr_t target) {
	uint32_t p = 0;
	int64_t val = -1;
	uintptr_t pc = f->entry;
	for (int first = 1;; first = 0) {
		uint64_t uv, pcd;
		if (!uvarint(f->pcsp, f->pcsplen, &p, &uv) || (uv == 0 && !first))
			return INT64_MIN;
		val += (uv & 1) ? ~(int64_t)(uv >> 1) : (int64_t)(uv >> 1);
		if (!uvarint(f->pcsp, f->pcsplen, &p, &pcd))
			return INT64_MIN;
		pc += pcd * (f->quantum ? f->quantum : 1);
		if (target < pc)
			return val;
	}
}

#ifdef __arm__
#define RA_ADDR(x) ((x) & ~(uintptr_t)1)
#else
#define RA_ADDR(x) (x)
#endif

struct smframe {
	uintptr_t pc, sp, cfa, ra;
	int64_t delta;
	const struct rec *f;
};

// From (pc, sp) in the innermost function, with lr the link register there. With a link
// register: CFA = SP + the pcsp value; the return address is lr while the function has no frame
// (delta 0: a leaf, or at entry; only possible innermost), else it is saved at the bottom of the
// frame, 0(SP) (arm64's MOVD.W R30, -autosize(RSP) and its kin); the caller's SP is the CFA.
// Without one: the return address is at SP + delta, and the caller's SP is one word above it.
static int sm_unwind(uintptr_t pc, uintptr_t sp, uintptr_t lr, struct smframe *out, int max) {
	int n = 0;
	while (n < max) {
		const struct rec *f = find_rec(pc);
		if (!f && n > 0)
			f = find_rec(pc - 1);
		if (!f)
			break;
		int64_t d = pcvalue(f, pc);
		if (d == INT64_MIN && n > 0)
			d = pcvalue(f, pc - 1);
#if P9_RA_IN_LR
		if (d < 0 || (d == 0 && n > 0))
			break;
		uintptr_t ra = d == 0 ? lr : *(uintptr_t *)sp, cfa = sp + d;
#else
		(void)lr;
		if (d < 0)
			break;
		// the return address is a machine word (8 bytes on amd64p32, whose Go words are 4)
		uintptr_t ra = *(uintptr_t *)(uintptr_t)(sp + d), cfa = (uintptr_t)(sp + d + sizeof(uintptr_t));
#endif
		// a return address into Thumb code (arm) has bit 0 set; it names ra & ~1, as
		// _Unwind_GetIP says
		ra = RA_ADDR(ra);
		out[n] = (struct smframe){pc, sp, cfa, ra, d, f};
		n++;
		pc = ra;
		sp = cfa;
	}
	return n;
}

// ---- libgcc's unwinder (static libgcc_eh, reading p9asm's .eh_frame) ----

struct lgframe {
	uintptr_t ip, sp;
};
struct lgtrace {
	int n;
	struct lgframe f[64];
};

// At each callback GetCFA is still the CFA of the frame below, i.e. this frame's SP at the call.
// The ARM EHABI unwinder (libgcc's arm one) keeps no CFA in a backtrace: there the virtual
// register set's SP (r13, restored frame by frame by the unwind opcodes) is that same SP.
static uintptr_t frame_sp(struct _Unwind_Context *ctx) {
#ifdef __ARM_EABI_UNWINDER__
	return _Unwind_GetGR(ctx, 13);
#else
	return _Unwind_GetCFA(ctx);
#endif
}

static _Unwind_Reason_Code bt_cb(struct _Unwind_Context *ctx, void *arg) {
	struct lgtrace *t = arg;
	if (t->n == 64)
		return _URC_END_OF_STACK;
	t->f[t->n].ip = _Unwind_GetIP(ctx);
	t->f[t->n].sp = frame_sp(ctx);
	t->n++;
	return _URC_NO_REASON;
}

// Both walks from (ra, sp, lr) in a Go function; prints them and checks they agree frame by
// frame (same return address, same SP, and the stack map's CFA is the next libgcc frame's SP),
// and that each Go frame's SP delta at its call is its prologue's autosize.
static __attribute__((noipa)) void trace_both(const char *tag, uintptr_t ra, uintptr_t sp, uintptr_t lr) {
	struct lgtrace lg = {0};
	_Unwind_Backtrace(bt_cb, &lg);
	struct smframe sm[16];
	int n = sm_unwind(ra, sp, lr, sm, 16);
	for (int k = 0; k < lg.n; k++)
		printf("frame libgcc %s %d %#lx %#lx\n", tag, k, (unsigned long)lg.f[k].ip, (unsigned long)lg.f[k].sp);
	for (int k = 0; k < n; k++)
		// the record's name is namelen bytes, not NUL-terminated
		printf("frame stackmap %s %d %#lx %#lx %#lx %.*s\n", tag, k, (unsigned long)sm[k].pc,
		       (unsigned long)sm[k].sp, (unsigned long)sm[k].cfa, (int)sm[k].f->namelen, sm[k].f->name);
	int i = 0;
	while (i < lg.n && (n == 0 || lg.f[i].ip != sm[0].pc))
		i++;
	int agree = n > 0 && i < lg.n, bad = -1;
	for (int k = 0; agree && k < n; k++) {
		uintptr_t lgsp = lg.f[i + k].sp - (k == 0 ? P9_C_CFA_BIAS : 0);
		if (i + k + 1 >= lg.n || lg.f[i + k].ip != sm[k].pc || lgsp != sm[k].sp ||
		    lg.f[i + k + 1].sp != sm[k].cfa || lg.f[i + k + 1].ip != sm[k].ra)
			agree = 0, bad = k;
	}
	CHECK("stackmap-agrees", agree, "%s: %d stack-map frames from libgcc frame %d (first differing %d)", tag, n, i,
	      bad);
	int sizes = n > 0;
	for (int k = 0; k < n; k++)
		sizes &= sm[k].delta == (int64_t)sm[k].f->autosize;
	CHECK("stackmap-autosize", sizes, "%s: SP delta at each call is the prologue's autosize", tag);
}

// ---- what the stubs call back into ----

static int wb_enabled, moves, barriers, trace_in_move;
static struct {
	void *typ, *dst, *src;
	uintptr_t size, sp;
} last_move;
static struct {
	void *dst;
	uintptr_t size;
	int saw_results;
} last_barrier;

// Go's reflectcallmove (CL 31655): memmove, then heapBitsBulkBarrier(dst, size) when barriers
// are on, the frame type is known and has pointers, and at least a pointer's worth is copied.
void c_reflectcallmove(void *typ, void *dst, void *src, uintptr_t size, uintptr_t sp) {
	sp = ARG5(sp);
	moves++;
	last_move.typ = typ, last_move.dst = dst, last_move.src = src, last_move.size = size, last_move.sp = sp;
	memmove(dst, src, size);
	const struct gotype *t = typ;
	if (wb_enabled && t && !(t->kind & KIND_NO_POINTERS) && size >= W) {
		barriers++;
		last_barrier.dst = dst, last_barrier.size = size;
		last_barrier.saw_results = memcmp(dst, src, size) == 0;
	}
	if (trace_in_move)
		trace_both("move", (uintptr_t)__builtin_return_address(0), sp, 0);
}

void c_morestack(uintptr_t lr) {
	printf("FAIL morestack called from %#lx\n", (unsigned long)lr);
	exit(4);
}

static jmp_buf bad_jmp;
static struct {
	void *typ, *fn;
	uint32_t argsize;
	uintptr_t lr;
} bad_seen;

void c_badreflectcall(void *typ, void *fn, uint32_t argsize, uintptr_t lr, uintptr_t sp) {
	sp = ARG5(sp);
	bad_seen.typ = typ, bad_seen.fn = fn, bad_seen.argsize = argsize, bad_seen.lr = lr;
	printf("badreflectcall: argsize %u, fn %p, return address %#lx\n", argsize, fn, (unsigned long)lr);
	char tag[32];
	snprintf(tag, sizeof tag, "bad%u", argsize);
	trace_both(tag, (uintptr_t)__builtin_return_address(0), sp, 0);
	longjmp(bad_jmp, 1);
}

// c_fail unwinds (libgcc's forced unwind, phase 2 through every frame's CFI) to the first
// frame past the Go ones, the C caller of c_reflectcall, and longjmps there.
static jmp_buf fail_jmp;
static const char *fail_tag;
static int fail_code, fail_frames, fail_seen_go;

static _Unwind_Reason_Code fail_stop(int version, _Unwind_Action actions, _Unwind_Exception_Class cls,
                                     struct _Unwind_Exception *exc, struct _Unwind_Context *ctx, void *arg) {
	(void)version, (void)cls, (void)exc, (void)arg;
	uintptr_t ip = _Unwind_GetIP(ctx);
	if (actions & _UA_END_OF_STACK) {
		printf("FAIL error-reported %s: the unwind reached the end of the stack\n", fail_tag);
		exit(5);
	}
	printf("frame unwind %s %d %#lx %#lx\n", fail_tag, fail_frames++, (unsigned long)ip,
	       (unsigned long)frame_sp(ctx));
	int go = find_rec(ip) != 0 || find_rec(ip - 1) != 0;
	if (go)
		fail_seen_go = 1;
	else if (fail_seen_go)
		longjmp(fail_jmp, fail_code);
	return _URC_NO_REASON;
}

static void fail_cleanup(_Unwind_Reason_Code c, struct _Unwind_Exception *e) { (void)c, (void)e; }

void c_fail(uintptr_t code, uintptr_t sp) {
	trace_both(fail_tag, (uintptr_t)__builtin_return_address(0), sp, 0);
	static struct _Unwind_Exception exc;
	memset(&exc, 0, sizeof exc);
	memcpy(&exc.exception_class, "p9asmERR", 8);
	exc.exception_cleanup = fail_cleanup;
	fail_code = (int)code, fail_frames = 0, fail_seen_go = 0;
	_Unwind_ForcedUnwind(&exc, fail_stop, 0);
	printf("FAIL error-reported %s: _Unwind_ForcedUnwind returned\n", fail_tag);
	exit(5);
}

// ---- checks ----

// the argument frame before the call: words 0 and 1 are argsize and retoffset, word k >= 2 a
// pattern, so any byte below retoffset can be checked afterwards without a copy
static word pattern(uint64_t k, uint32_t argsize) { return (word)(k * 0x9e3779b97f4a7c15ull ^ argsize); }
static uint8_t pattern_byte(size_t i, uint32_t argsize, uint32_t retoffset) {
	word w = i < W ? argsize : i < 2 * W ? retoffset : pattern(i / W, argsize);
	uint8_t b[sizeof(word)];
	memcpy(b, &w, W);
	return b[i % W];
}

// One call of fill through reflectcall; returns 1 when every part of it checked out.
static __attribute__((noipa)) int call_fill(uint32_t argsize, uint32_t retoffset, void *typ, const char *cls) {
	size_t words = (argsize + W - 1) / W;
	word *arg = go_alloc(words * W + W);
	uint8_t *b = (uint8_t *)arg;
	arg[0] = argsize, arg[1] = retoffset;
	word h = 0;
	for (size_t k = 2; k < words + 1; k++)
		arg[k] = pattern(k, argsize);
	for (size_t k = 2; k < retoffset / W; k++)
		h = (word)(h << 5 | h >> (WBITS - 5)) ^ arg[k];
	int m0 = moves, b0 = barriers;
	memset(fill_seen, 0, sizeof fill_seen);
	c_reflectcall(typ, &fillfn, arg, argsize, retoffset);
	// bytes before retoffset: untouched (fill overwrote its copy of every one)
	size_t bad_before = (size_t)-1, bad_result = (size_t)-1;
	for (size_t k = 0; k < retoffset / W && bad_before == (size_t)-1; k++)
		if (arg[k] != (k == 0 ? argsize : k == 1 ? retoffset : pattern(k, argsize)))
			bad_before = k * W;
	for (size_t i = retoffset & ~(W - 1); i < retoffset && bad_before == (size_t)-1; i++)
		if (b[i] != pattern_byte(i, argsize, retoffset))
			bad_before = i;
	for (size_t i = retoffset; i < argsize && bad_result == (size_t)-1; i++)
		if (b[i] != (uint8_t)(h + i))
			bad_result = i;
	// and nothing after argsize
	int after = 1;
	for (size_t i = argsize; i < words * W + W; i++)
		after &= b[i] == pattern_byte(i, argsize, retoffset);
	uintptr_t size = argsize - retoffset;
	int move_ok = moves == m0 + 1 && last_move.typ == typ && last_move.dst == b + retoffset && last_move.size == size &&
	              (uintptr_t)last_move.src > last_move.sp &&
	              ((uintptr_t)last_move.src - retoffset - P9_ARGS_AT) % P9_FRAME_ALIGN == 0;
	int want_barrier = wb_enabled && typ && !(((struct gotype *)typ)->kind & KIND_NO_POINTERS) && size >= W;
	int barrier_ok = want_barrier ? barriers == b0 + 1 && last_barrier.dst == b + retoffset &&
	                                    last_barrier.size == size && last_barrier.saw_results
	                              : barriers == b0;
	char what[96];
	snprintf(what, sizeof what, "%s argsize %u retoffset %u", cls, argsize, retoffset);
	CHECK("args-intact", fill_seen[0] == h && fill_seen[1] == argsize && fill_seen[2] == retoffset,
	      "%s: the callee hashed %#lx, want %#lx", what, (unsigned long)fill_seen[0], (unsigned long)h);
	CHECK("results-from-retoffset", bad_result == (size_t)-1 && after, "%s (first wrong byte %ld)", what,
	      (long)bad_result);
	CHECK("before-retoffset-untouched", bad_before == (size_t)-1, "%s (first changed byte %ld)", what,
	      (long)bad_before);
	CHECK("reflectcallmove-once", move_ok, "%s: %d calls, typ %p dst %p src %p size %lu", what, moves - m0,
	      last_move.typ, last_move.dst, last_move.src, (unsigned long)last_move.size);
	CHECK(want_barrier ? "barrier-once" : "barrier-never", barrier_ok, "%s: %d barriers, dst %p size %lu", what,
	      barriers - b0, last_barrier.dst, (unsigned long)last_barrier.size);
	go_free(arg);
	return move_ok && barrier_ok && bad_before == (size_t)-1 && bad_result == (size_t)-1 && after;
}

// every class, at its largest argument frame and at its smallest (one byte past the class
// before), with result areas of odd sizes at unaligned retoffsets
static void run_classes(int top) {
	wb_enabled = 1;
	int classes = 0;
	for (uint64_t max = 32; max <= (1ull << top); max <<= 1, classes++) {
		char cls[32];
		snprintf(cls, sizeof cls, "call%lu", (unsigned long)max);
		uint32_t sizes[2] = {(uint32_t)max, max == 32 ? 17 : (uint32_t)(max / 2 + 1)};
		for (int s = 0; s < 2; s++) {
			uint32_t a = sizes[s], r = a - 16 < 45 ? a - 16 : 45 - classes % 8;
			call_fill(a, a - r, &with_pointers, cls);
		}
		if (max <= 65536)
			call_fill((uint32_t)max, 16, &with_pointers, cls);
	}
	printf("classes: %d, call32 to call%llu\n", classes, 1ull << top);
}

static void run_wb(void) {
	struct {
		int wb;
		void *typ;
		uint32_t argsize, retoffset;
	} cases[] = {
		{1, &with_pointers, 40, 24},  {1, &with_pointers, 40, 32}, {1, &with_pointers, 3000, 2901},
		{1, &with_pointers, 70000, 16}, {1, &with_pointers, 40 + W, 40}, // exactly a pointer's worth
		{1, 0, 40, 24},               {1, &no_pointers, 40, 24},   {1, &no_pointers, 70000, 16},
		// less than a pointer: nothing, half a word, a word less a byte
		{1, &with_pointers, 40, 40},  {1, &with_pointers, 40, 40 - W / 2}, {1, &with_pointers, 40, 40 - (W - 1)},
		{0, &with_pointers, 40, 24},  {0, 0, 3000, 100},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		wb_enabled = cases[i].wb;
		char cls[32];
		snprintf(cls, sizeof cls, "wb%d/%s", cases[i].wb,
		         !cases[i].typ ? "nil" : cases[i].typ == &no_pointers ? "nopointers" : "pointers");
		call_fill(cases[i].argsize, cases[i].retoffset, cases[i].typ, cls);
	}
}

static __attribute__((noipa)) void run_bad(void) {
	uint32_t sizes[] = {(1u << 30) + 1, 1u << 31, 0xffffffffu};
	word small[8] = {0};
	for (int i = 0; i < 3; i++) {
		memset(&bad_seen, 0, sizeof bad_seen);
		volatile int m0 = moves, reported = 0;
		if (setjmp(bad_jmp) == 0)
			c_reflectcall(&with_pointers, &fillfn, small, sizes[i], 16);
		else
			reported = 1;
		CHECK("badreflectcall", reported && bad_seen.argsize == sizes[i] && bad_seen.fn == &fillfn &&
		                            bad_seen.typ == &with_pointers && moves == m0 && small[0] == 0,
		      "argsize %u: reported %d, lr %#lx", sizes[i], reported, (unsigned long)bad_seen.lr);
		printf("badlr bad%u %#lx\n", sizes[i], (unsigned long)bad_seen.lr);
	}
}

static __attribute__((noipa)) void run_fail(uint32_t argsize, int code) {
	char tag[32];
	snprintf(tag, sizeof tag, "fail%u", argsize);
	fail_tag = tag;
	word *arg = go_alloc((size_t)(argsize + W - 1) / W * W);
	arg[0] = code;
	volatile int got = setjmp(fail_jmp);
	if (got == 0) {
		c_reflectcall(0, &failfn, arg, argsize, argsize);
		got = -1;
	}
	CHECK("error-reported", got == code, "%s: code %d reached the C caller of reflectcall", tag, got);
	go_free(arg);
}

static void run_trace(void) {
	uint32_t sizes[] = {8, 1000, 60000, 4000000};
	for (int i = 0; i < 4; i++)
		run_fail(sizes[i], 1000 + i);
	// from inside reflectcallmove: callRet's frame too
	trace_in_move = 1;
	wb_enabled = 1;
	call_fill(1000, 960, &with_pointers, "traced");
	trace_in_move = 0;
}

static int run_mode(int argc, char **argv) {
	const char *mode = argc > 1 ? argv[1] : "";
	if (!strcmp(mode, "classes"))
		run_classes(argc > 2 ? atoi(argv[2]) : 24);
	else if (!strcmp(mode, "wb"))
		run_wb();
	else if (!strcmp(mode, "bad"))
		run_bad();
	else if (!strcmp(mode, "trace"))
		run_trace();
	else {
		fprintf(stderr, "usage: runtime classes TOP | wb | bad | trace\n");
		return 2;
	}
	return 0;
}

#if P9_LOW_STACK
#include <sys/mman.h>
// on_stack(top, fn, arg): fn(arg) with RSP = top, the unwind chain kept: the CFA is defined
// from RBP, which holds the old stack, so libgcc walks from fn back into main.
extern void on_stack(void *top, void (*fn)(void *), void *arg);
__asm__(".text\n.globl on_stack\n.type on_stack,@function\non_stack:\n.cfi_startproc\n"
        "\tpush %rbp\n.cfi_def_cfa_offset 16\n.cfi_offset rbp, -16\n\tmov %rsp, %rbp\n.cfi_def_cfa_register rbp\n"
        "\tmov %rdi, %rsp\n\tmov %rdx, %rdi\n\tcall *%rsi\n\tmov %rbp, %rsp\n\tpop %rbp\n.cfi_def_cfa rsp, 8\n"
        "\tret\n.cfi_endproc\n.size on_stack, .-on_stack\n");
static struct {
	int argc, ret;
	char **argv;
} low;
static void low_main(void *unused) {
	(void)unused;
	low.ret = run_mode(low.argc, low.argv);
}
#endif

int main(int argc, char **argv) {
	setvbuf(stdout, 0, _IOLBF, 0);
	parse_stackmap();
	printf("stackmap: %d records, main at %p\n", nrecs, (void *)main);
#if P9_LOW_STACK
	// one MAP_32BIT mapping: the argument arena (the largest frame, 2^TOP plus a word; 16 MiB for the other modes, whose frames reach 4 MB)
	// at its bottom, the stack (callN's 2^TOP frame and 64 MiB for the rest) above it
	size_t top = argc > 2 && !strcmp(argv[1], "classes") ? (size_t)1 << atoi(argv[2]) : 0;
	size_t arena_size = top + (16 << 20), size = arena_size + top + (64 << 20);
	char *low_map = mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT | MAP_NORESERVE, -1, 0);
	if (low_map == MAP_FAILED) {
		printf("FAIL low-stack: no %zu bytes below 2 GiB\n", size);
		return 3;
	}
	arena = low_map, arena_end = low_map + arena_size;
	low.argc = argc, low.argv = argv;
	on_stack(low_map + size, low_main, 0);
	int ret = low.ret;
#else
	int ret = run_mode(argc, argv);
#endif
	if (ret)
		return ret;
	printf("done: %d failures\n", failures);
	return failures != 0;
}
