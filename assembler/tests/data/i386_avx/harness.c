// Runs vadd_386.s's functions (p9asm, GOARCH=386) natively: argv[1] is "avx2" or "avx512".
#include <stdio.h>
#include <string.h>

extern void vadd8(int *a, int *b, int *c) __asm__("main.vadd8");
extern void vadd16hi(int *a, int *b, int *c) __asm__("main.vadd16hi");

int main(int argc, char **argv) {
	int a[16], b[16], c[17], bad = 0;
	for (int i = 0; i < 16; i++) {
		a[i] = i + 1;
		b[i] = 100 * i + 7;
	}
	for (int i = 0; i < 17; i++) c[i] = -1;
	if (argc > 1 && strcmp(argv[1], "avx2") == 0) {
		vadd8(a, b, c);
		for (int i = 0; i < 17; i++) {
			int want = i < 8 ? a[i] + b[i] : -1;
			if (c[i] != want) { printf("c[%d] = %d, want %d\n", i, c[i], want); bad = 1; }
		}
	} else if (argc > 1 && strcmp(argv[1], "avx512") == 0) {
		vadd16hi(a, b, c);
		for (int i = 0; i < 17; i++) {
			int want = i < 8 ? -1 : i < 16 ? a[i] + b[i] : a[0] + b[0];
			if (c[i] != want) { printf("c[%d] = %d, want %d\n", i, c[i], want); bad = 1; }
		}
	} else {
		puts("usage: harness avx2|avx512");
		return 2;
	}
	printf("%s %s\n", bad ? "FAIL" : "ok", argv[1]);
	return bad;
}
