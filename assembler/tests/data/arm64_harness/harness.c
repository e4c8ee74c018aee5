// Calls reflectcall (p9asm's arm64 stubs) through every DISPATCH size class up to 1<<argv[1] (default 24): the
// argument bytes are copied into the callN frame, sum runs there, and its results come back
// through callRet and the write-barrier callback reflectcallmove.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern void c_reflectcall(void *argtype, void *fn, void *arg, uint32_t argsize, uint32_t retoffset);
extern void *sumfn;

static int moves;
static void *last_typ, *last_dst, *last_src;
static uintptr_t last_size;

void c_reflectcallmove(void *typ, void *dst, void *src, uintptr_t size) {
	moves++;
	last_typ = typ, last_dst = dst, last_src = src, last_size = size;
	memmove(dst, src, size);
}

static int check(uint32_t argsize, int cls) {
	uint64_t *arg = calloc(argsize / 8, 8);
	uint32_t retoffset = argsize - 16;
	uint64_t n = (retoffset - 16) / 8, want = 0;
	arg[0] = n;
	arg[1] = retoffset;
	for (uint64_t i = 0; i < n; i++) {
		arg[2 + i] = i * 0x9e3779b97f4a7c15ull + argsize;
		want += arg[2 + i];
	}
	int before = moves;
	void *typ = (void *)(uintptr_t)(0x1000 + cls);
	c_reflectcall(typ, &sumfn, arg, argsize, retoffset);
	int ok = moves == before + 1 && last_typ == typ && last_dst == (char *)arg + retoffset &&
	         last_size == argsize - retoffset && arg[retoffset / 8] == want && arg[retoffset / 8 + 1] == ~want &&
	         arg[0] == n && arg[1] == retoffset;
	printf("argsize %u: %s\n", argsize, ok ? "ok" : "FAIL");
	free(arg);
	return ok;
}

int main(int argc, char **argv) {
	int top = argc > 1 ? atoi(argv[1]) : 24;
	int bad = 0, classes = 0;
	for (uint32_t max = 32; max <= (1u << top); max <<= 1, classes++) {
		// the largest argument frame of the class, and the smallest (just past the class before)
		bad += !check(max, classes);
		if (max > 32)
			bad += !check(max / 2 + 24, classes);
	}
	printf("%d size classes, %d failures\n", classes, bad);
	return bad != 0;
}
