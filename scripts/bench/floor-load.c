// SPDX-License-Identifier: GPL-2.0-only
/*
 * make bench: load and attach one family of .output/bench_floor.bpf.o
 * (empty programs on the tracer's hooks), say "attached", and hold them
 * until SIGTERM or SIGINT.
 *   floor-load OBJECT fentry|kprobe
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static bool in_family(const char *sec, bool fentry)
{
	if (fentry)
		return !strncmp(sec, "fentry/", 7) || !strncmp(sec, "fexit/", 6);
	return !strncmp(sec, "kprobe/", 7) || !strncmp(sec, "kretprobe/", 10);
}

int main(int argc, char **argv)
{
	struct bpf_object *obj = NULL;
	struct bpf_program *prog;
	bool fentry;
	int err = 0, n = 0;

	if (argc != 3 || (strcmp(argv[2], "fentry") && strcmp(argv[2], "kprobe"))) {
		fprintf(stderr, "usage: floor-load OBJECT fentry|kprobe\n");
		return 2;
	}
	fentry = !strcmp(argv[2], "fentry");
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "floor-load: cannot open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, in_family(bpf_program__section_name(prog), fentry));
	err = bpf_object__load(obj);
	if (err) {
		fprintf(stderr, "floor-load: cannot load %s: %s\n", argv[1], strerror(-err));
		goto cleanup;
	}
	bpf_object__for_each_program(prog, obj) {
		if (!bpf_program__autoload(prog))
			continue;
		/* Links stay with the process: they go when it exits. */
		if (!bpf_program__attach(prog)) {
			err = -errno;
			fprintf(stderr, "floor-load: cannot attach %s: %s\n",
				bpf_program__section_name(prog), strerror(-err));
			goto cleanup;
		}
		n++;
	}
	printf("attached %d %s programs\n", n, argv[2]);
	fflush(stdout);
	while (!stop)
		pause();
cleanup:
	bpf_object__close(obj);
	return err ? 1 : 0;
}
