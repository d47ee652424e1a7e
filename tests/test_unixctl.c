// SPDX-License-Identifier: GPL-2.0-only
/*
 * ovs-vswitchd's control socket. The replies under tests/fixtures/unixctl/
 * are the bytes real daemons sent (OVS 2.15, 3.1, 3.5, 4.0; recorded by
 * scripts/vm/capture-unixctl.sh through a proxy between ovs-appctl and the
 * socket), and so is ovs-appctl's own request, which ours must equal as
 * JSON. The calls run over a socketpair whose far end holds the reply.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <json-c/json.h>

#include "unixctl.h"

static const char *const versions[] = { "2.15", "3.1", "3.5", "4.0" };

/* A fixture file, NUL-terminated; *len without the NUL. */
static char *fixture(const char *ver, const char *name, size_t *len)
{
	char path[256];
	char *buf;
	long n;
	FILE *f;

	snprintf(path, sizeof(path), "tests/fixtures/unixctl/%s/%s", ver, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (run from the repository's top)", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void test_request_is_appctls(void **state)
{
	const char *params[] = { "br0", "in_port=1" };
	struct strbuf sb = STRBUF_INIT;
	json_object *ours, *theirs;
	size_t len;
	char *raw;

	(void)state;
	assert_int_equal(unixctl_request_format(&sb, 0, "ofproto/trace", params, 2), 0);
	ours = json_tokener_parse(strbuf_cstr(&sb));
	assert_non_null(ours);
	for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
		raw = fixture(versions[i], "request-appctl.json", &len);
		theirs = json_tokener_parse(raw);
		assert_non_null(theirs);
		if (!json_object_equal(ours, theirs))
			fail_msg("OVS %s's ovs-appctl sent %s, we send %s", versions[i], raw, strbuf_cstr(&sb));
		json_object_put(theirs);
		free(raw);
	}
	json_object_put(ours);
	strbuf_free(&sb);
}

/* Every real reply parses whole, and each shorter prefix asks for more. */
static void test_real_replies(void **state)
{
	static const char *const names[] = { "reply-trace.json", "reply-error.json" };
	struct unixctl_reply r;
	char why[160];
	size_t len, used, cut;
	char *raw;

	(void)state;
	for (size_t v = 0; v < sizeof(versions) / sizeof(versions[0]); v++) {
		for (size_t i = 0; i < 2; i++) {
			raw = fixture(versions[v], names[i], &len);
			assert_int_equal(unixctl_reply_parse(raw, len, 0, &r, &used, why, sizeof(why)), 0);
			assert_int_equal(used, len);
			assert_int_equal(r.is_error, i == 1);
			if (i == 0)
				assert_non_null(strstr(r.text, "Datapath actions: "));
			else
				assert_non_null(strstr(r.text, "nosuchbridge"));
			unixctl_reply_free(&r);
			for (cut = 0; cut < len; cut++) {
				/* Exactly the bytes so far: ASan sees a read past them. */
				char *part = malloc(cut ? cut : 1);
				int err;

				assert_non_null(part);
				memcpy(part, raw, cut);
				err = unixctl_reply_parse(part, cut, 0, &r, &used, why, sizeof(why));
				free(part);

				if (err != -EAGAIN)
					fail_msg("OVS %s %s cut at %zu of %zu: %d (%s)", versions[v], names[i],
						 cut, len, err, why);
			}
			free(raw);
		}
	}
}

static void expect_bad(const char *text, unsigned int id, int want, const char *why_has)
{
	struct unixctl_reply r;
	char why[160] = "";
	size_t used = 0;

	assert_int_equal(unixctl_reply_parse(text, strlen(text), id, &r, &used, why, sizeof(why)), want);
	assert_null(r.text);
	if (!strstr(why, why_has))
		fail_msg("'%s': why is '%s', want '%s' in it", text, why, why_has);
}

static void test_bad_replies(void **state)
{
	(void)state;
	expect_bad("{\"id\":0,\"result\":\"x\"", 0, -EAGAIN, "");
	expect_bad("   \n", 0, -EAGAIN, "");
	{
		/* A NUL is not whitespace between messages. */
		struct unixctl_reply r;
		size_t used;
		char why[160];

		assert_int_equal(unixctl_reply_parse(" \0{}", 4, 0, &r, &used, why, sizeof(why)), -EBADMSG);
	}
	expect_bad("{\"id\":0,\"result\":x}", 0, -EBADMSG, "not JSON");
	expect_bad("[1,2]", 0, -EBADMSG, "JSON array, not an object");
	expect_bad("{\"result\":\"x\",\"error\":null}", 0, -EBADMSG, "no integer id");
	expect_bad("{\"id\":\"0\",\"result\":\"x\"}", 0, -EBADMSG, "no integer id");
	expect_bad("{\"id\":0,\"error\":null}", 0, -EBADMSG, "neither result nor error");
	expect_bad("{\"id\":0,\"method\":\"echo\",\"params\":[]}", 0, -EBADMSG, "a request, not a reply");
	expect_bad("{\"id\":3,\"result\":\"x\",\"error\":null}", 2, -EPROTO, "reply to request 3, not to 2");
}

static void test_replies_back_to_back(void **state)
{
	const char *two = "{\"id\":5,\"result\":{\"a\":[1]},\"error\":null}\n{\"id\":6,\"result\":\"b\"}";
	struct unixctl_reply r;
	char why[160];
	size_t used;

	(void)state;
	assert_int_equal(unixctl_reply_parse(two, strlen(two), 5, &r, &used, why, sizeof(why)), 0);
	/* A result that is not a string comes as its JSON text. */
	assert_string_equal(r.text, "{\"a\":[1]}");
	unixctl_reply_free(&r);
	assert_int_equal(unixctl_reply_parse(two + used, strlen(two) - used, 6, &r, &used, why, sizeof(why)), 0);
	assert_string_equal(r.text, "b");
	assert_false(r.is_error);
	unixctl_reply_free(&r);
}

/* A client whose daemon is the far end of a socketpair. */
static int pair(struct unixctl *c)
{
	int sv[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	assert_int_equal(fcntl(sv[0], F_SETFL, O_NONBLOCK), 0);
	unixctl_init(c);
	c->fd = sv[0];
	return sv[1];
}

static void test_call(void **state)
{
	const char *reply = "{\"id\":0,\"result\":\"3.1.0\\n\",\"error\":null}";
	const char *params[] = { "a b", "\"q\"" };
	struct unixctl_reply r;
	struct unixctl c;
	char req[256];
	ssize_t n;
	int far;

	(void)state;
	far = pair(&c);
	assert_int_equal(write(far, reply, strlen(reply)), (ssize_t)strlen(reply));
	assert_int_equal(unixctl_call(&c, "version", params, 2, 1000, &r), 0);
	assert_string_equal(r.text, "3.1.0\n");
	unixctl_reply_free(&r);
	n = read(far, req, sizeof(req) - 1);
	assert_true(n > 0);
	req[n] = '\0';
	assert_string_equal(req, "{\"method\":\"version\",\"params\":[\"a b\",\"\\\"q\\\"\"],\"id\":0}");

	/* An error reply keeps the connection; the next id is 1. */
	reply = "{\"id\":1,\"error\":\"\\\"nosuch\\\" is not a valid command\",\"result\":null}";
	assert_int_equal(write(far, reply, strlen(reply)), (ssize_t)strlen(reply));
	assert_int_equal(unixctl_call(&c, "nosuch", NULL, 0, 1000, &r), 0);
	assert_true(r.is_error);
	assert_string_equal(r.text, "\"nosuch\" is not a valid command");
	unixctl_reply_free(&r);
	assert_true(c.fd >= 0);

	/* Silence times out and closes. */
	assert_int_equal(unixctl_call(&c, "version", NULL, 0, 50, &r), -ETIMEDOUT);
	assert_non_null(strstr(c.why, "version: no reply in 50 ms"));
	assert_int_equal(c.fd, -1);
	assert_int_equal(unixctl_call(&c, "version", NULL, 0, 50, &r), -ENOTCONN);
	close(far);
	unixctl_close(&c);
}

static void test_call_hangup_and_junk(void **state)
{
	const char *half = "{\"id\":0,\"res";
	const char *junk = "{\"id\":0,\"result\":\"x\",\"error\":null}{\"id\":9";
	struct unixctl_reply r;
	struct unixctl c;
	int far;

	(void)state;
	far = pair(&c);
	/* The daemon's half of a reply, then its end of the stream. */
	assert_int_equal(write(far, half, strlen(half)), (ssize_t)strlen(half));
	assert_int_equal(shutdown(far, SHUT_WR), 0);
	assert_int_equal(unixctl_call(&c, "version", NULL, 0, 1000, &r), -ECONNRESET);
	assert_non_null(strstr(c.why, "closed the socket after 12 bytes"));
	assert_null(r.text);
	close(far);
	unixctl_close(&c);

	/* A daemon gone before the request. */
	far = pair(&c);
	close(far);
	assert_int_equal(unixctl_call(&c, "version", NULL, 0, 1000, &r), -ECONNRESET);
	assert_non_null(strstr(c.why, "cannot send version"));
	unixctl_close(&c);

	far = pair(&c);
	assert_int_equal(write(far, junk, strlen(junk)), (ssize_t)strlen(junk));
	assert_int_equal(unixctl_call(&c, "version", NULL, 0, 1000, &r), -EPROTO);
	assert_non_null(strstr(c.why, "7 unexpected bytes after the reply"));
	assert_null(r.text);
	close(far);
	unixctl_close(&c);
}

static void test_path(void **state)
{
	char dir[] = "/tmp/unixctl-test.XXXXXX", path[256], buf[256];
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("OVS_RUNDIR", dir, 1);
	assert_int_equal(unixctl_vswitchd_path(buf, sizeof(buf)), -ENOENT);
	snprintf(path, sizeof(path), "%s/ovs-vswitchd.pid", dir);
	f = fopen(path, "w");
	fputs("4242\n", f);
	fclose(f);
	assert_int_equal(unixctl_vswitchd_path(buf, sizeof(buf)), 0);
	snprintf(path, sizeof(path), "%s/ovs-vswitchd.4242.ctl", dir);
	assert_string_equal(buf, path);
	assert_int_equal(unixctl_vswitchd_path(buf, 10), -ENAMETOOLONG);
	snprintf(path, sizeof(path), "%s/ovs-vswitchd.pid", dir);
	unlink(path);
	rmdir(dir);
	unsetenv("OVS_RUNDIR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_is_appctls),
		cmocka_unit_test(test_real_replies),
		cmocka_unit_test(test_bad_replies),
		cmocka_unit_test(test_replies_back_to_back),
		cmocka_unit_test(test_call),
		cmocka_unit_test(test_call_hangup_and_junk),
		cmocka_unit_test(test_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
