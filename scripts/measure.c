// runs argv[1..] and prints the child's user+sys seconds, wall seconds and peak RSS (KiB) from
// wait4; a small launcher, so the child's peak RSS is not the parent's copied at fork (Linux
// carries the old image's peak across exec: a child spawned by a test binary or Python starts
// at their 15-20 MB). `measure --null-stdout CMD...` sends the command's stdout to /dev/null.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char **argv) {
	int null_stdout = argc > 1 && strcmp(argv[1], "--null-stdout") == 0;
	if (null_stdout)
		argv++;
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid_t p = fork();
	if (p == 0) {
		if (null_stdout)
			dup2(open("/dev/null", O_WRONLY), 1);
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	int st;
	struct rusage ru;
	wait4(p, &st, 0, &ru);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%f %f %ld %d\n", ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6,
	       (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9, ru.ru_maxrss, WIFEXITED(st) ? WEXITSTATUS(st) : 128);
	return 0;
}
