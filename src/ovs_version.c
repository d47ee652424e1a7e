// SPDX-License-Identifier: GPL-2.0-only
/* The host's Open vSwitch release; see ovs_version.h. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "dpctl.h"
#include "ovs_version.h"

extern char **environ;

int ovs_version_parse(const char *s, uint32_t *out)
{
	unsigned int v[3] = { 0, 0, 0 };
	int n = 0;

	for (; s && *s; s++) {
		if (*s < '0' || *s > '9')
			continue;
		/* "%n" counts only what matched: "3.1" leaves the patch 0. */
		n = 0;
		if (sscanf(s, "%3u.%3u%n", &v[0], &v[1], &n) == 2 && n > 0) {
			int m = 0;

			if (sscanf(s + n, ".%3u%n", &v[2], &m) == 1 && m > 0)
				n += m;
			break;
		}
		while (s[1] >= '0' && s[1] <= '9')
			s++;
	}
	if (!n || v[0] > 255 || v[1] > 255 || v[2] > 255)
		return -EINVAL;
	*out = DPCTL_OVS(v[0], v[1], v[2]);
	return 0;
}

void ovs_version_format(uint32_t v, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u", v >> 16 & 0xff, v >> 8 & 0xff, v & 0xff);
}

/* The first line `prog --version` prints, with stdin and stderr on
 * /dev/null. 0, or -errno when it could not be run. */
static int run_version(const char *prog, char *line, size_t len)
{
	char *argv[] = { (char *)prog, "--version", NULL };
	posix_spawn_file_actions_t fa;
	int pipefd[2] = { -1, -1 }, err, status;
	FILE *f = NULL;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	err = -posix_spawn_file_actions_init(&fa);
	if (err)
		goto cleanup;
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	err = -posix_spawnp(&pid, prog, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	pipefd[1] = -1;
	if (err)
		goto cleanup;
	f = fdopen(pipefd[0], "r");
	if (f)
		pipefd[0] = -1;
	if (!f || !fgets(line, (int)len, f))
		line[0] = '\0';
	/* Read to the end: the child must not block on a full pipe. */
	while (f && fgetc(f) != EOF)
		;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		err = -ENOENT;
cleanup:
	if (f)
		fclose(f);
	if (pipefd[0] >= 0)
		close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	return err;
}

int ovs_vswitchd_pid(const char **rundir, long *pid)
{
	const char *dir = getenv("OVS_RUNDIR");
	char path[512];
	FILE *f;
	int n;

	if (!dir || !*dir)
		dir = "/var/run/openvswitch";
	*rundir = dir;
	snprintf(path, sizeof(path), "%s/ovs-vswitchd.pid", dir);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	n = fscanf(f, "%ld", pid);
	fclose(f);
	if (n != 1 || *pid <= 0)
		return -EINVAL;
	return 0;
}

/* /proc/PID/exe of the pid in ovs-vswitchd's pidfile, into buf. */
static int running_binary(char *buf, size_t len)
{
	const char *dir;
	long pid;
	int err = ovs_vswitchd_pid(&dir, &pid);

	if (err)
		return err;
	snprintf(buf, len, "/proc/%ld/exe", pid);
	return access(buf, X_OK) ? -errno : 0;
}

int ovs_version_detect(uint32_t *out, char *from, size_t from_len)
{
	char exe[64], line[256];
	int err = -ENOENT;

	if (!running_binary(exe, sizeof(exe)) && !run_version(exe, line, sizeof(line))) {
		snprintf(from, from_len, "the running ovs-vswitchd, %s", exe);
		err = 0;
	} else if (!run_version("ovs-vswitchd", line, sizeof(line))) {
		snprintf(from, from_len, "ovs-vswitchd on PATH");
		err = 0;
	}
	if (err)
		return err;
	return ovs_version_parse(line, out);
}
