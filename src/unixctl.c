// SPDX-License-Identifier: GPL-2.0-only
/*
 * ovs-vswitchd's control socket: JSON-RPC requests and replies (unixctl.h).
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "ovs_version.h"
#include "unixctl.h"

/* A reply bigger than this is not one we asked for: ofproto/trace of a
 * long pipeline is tens of KiB. Bounds what a confused daemon can make us
 * hold. */
#define UNIXCTL_MAX_REPLY (4u << 20)

static void say(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void say(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!why || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
}

int unixctl_request_format(struct strbuf *sb, unsigned int id, const char *method,
			   const char *const *params, size_t n_params)
{
	json_object *req = json_object_new_object(), *arr = json_object_new_array();
	const char *text;
	int err = -ENOMEM;
	size_t i;

	if (!req || !arr)
		goto cleanup;
	for (i = 0; i < n_params; i++)
		if (json_object_array_add(arr, json_object_new_string(params[i])))
			goto cleanup;
	if (json_object_object_add(req, "method", json_object_new_string(method)))
		goto cleanup;
	if (json_object_object_add(req, "params", arr)) {
		goto cleanup;
	}
	arr = NULL;	/* req owns it now */
	if (json_object_object_add(req, "id", json_object_new_int64(id)))
		goto cleanup;
	text = json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!text)
		goto cleanup;
	err = strbuf_puts(sb, text);
cleanup:
	json_object_put(arr);
	json_object_put(req);
	return err;
}

/* The text of a result or error: a string as it is, anything else as JSON. */
static char *value_text(json_object *v)
{
	if (json_object_is_type(v, json_type_string))
		return strdup(json_object_get_string(v));
	return strdup(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
}

int unixctl_reply_parse(const void *buf, size_t len, unsigned int id, struct unixctl_reply *out,
			size_t *used, char *why, size_t why_len)
{
	json_tokener *tok = NULL;
	json_object *msg = NULL, *v_id, *v_result = NULL, *v_error = NULL;
	enum json_tokener_error jerr;
	size_t skip = 0;
	int err;

	out->is_error = 0;
	out->text = NULL;
	/* Whitespace between messages is not a message. */
	while (skip < len && memchr(" \t\r\n", ((const char *)buf)[skip], 4))
		skip++;
	if (skip == len)
		return -EAGAIN;
	if (len > UNIXCTL_MAX_REPLY) {
		say(why, why_len, "reply longer than %u bytes", UNIXCTL_MAX_REPLY);
		return -EMSGSIZE;
	}
	tok = json_tokener_new();
	if (!tok)
		return -ENOMEM;
	msg = json_tokener_parse_ex(tok, (const char *)buf + skip, (int)(len - skip));
	jerr = json_tokener_get_error(tok);
	if (!msg && jerr == json_tokener_continue) {
		err = -EAGAIN;
		goto cleanup;
	}
	err = -EBADMSG;
	if (!msg) {
		say(why, why_len, "reply is not JSON (%s at byte %zu)", json_tokener_error_desc(jerr),
		    skip + json_tokener_get_parse_end(tok));
		goto cleanup;
	}
	if (!json_object_is_type(msg, json_type_object)) {
		say(why, why_len, "reply is a JSON %s, not an object", json_type_to_name(json_object_get_type(msg)));
		goto cleanup;
	}
	if (json_object_object_get_ex(msg, "method", NULL)) {
		say(why, why_len, "the daemon sent a request, not a reply");
		goto cleanup;
	}
	if (!json_object_object_get_ex(msg, "id", &v_id) || !json_object_is_type(v_id, json_type_int)) {
		say(why, why_len, "reply has no integer id");
		goto cleanup;
	}
	json_object_object_get_ex(msg, "result", &v_result);
	json_object_object_get_ex(msg, "error", &v_error);
	if (json_object_is_type(v_error, json_type_null))
		v_error = NULL;
	if (!v_error && !json_object_object_get_ex(msg, "result", NULL)) {
		say(why, why_len, "reply has neither result nor error");
		goto cleanup;
	}
	if (json_object_get_int64(v_id) != (int64_t)id) {
		say(why, why_len, "reply to request %lld, not to %u", (long long)json_object_get_int64(v_id), id);
		err = -EPROTO;
		goto cleanup;
	}
	out->is_error = v_error != NULL;
	out->text = value_text(v_error ? v_error : v_result);
	if (!out->text) {
		err = -ENOMEM;
		goto cleanup;
	}
	*used = skip + json_tokener_get_parse_end(tok);
	err = 0;
cleanup:
	json_object_put(msg);
	json_tokener_free(tok);
	return err;
}

void unixctl_reply_free(struct unixctl_reply *r)
{
	free(r->text);
	r->text = NULL;
}

int unixctl_vswitchd_path(char *buf, size_t len)
{
	const char *dir;
	long pid;
	int err = ovs_vswitchd_pid(&dir, &pid);

	if (err)
		return err;
	if ((size_t)snprintf(buf, len, "%s/ovs-vswitchd.%ld.ctl", dir, pid) >= len)
		return -ENAMETOOLONG;
	return 0;
}

void unixctl_init(struct unixctl *c)
{
	c->fd = -1;
	c->next_id = 0;
	strbuf_init(&c->in);
	c->why[0] = '\0';
}

void unixctl_close(struct unixctl *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	strbuf_free(&c->in);
}

int unixctl_open(struct unixctl *c, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int err;

	unixctl_close(c);
	if (strlen(path) >= sizeof(sa.sun_path)) {
		say(c->why, sizeof(c->why), "socket path %s is too long", path);
		return -ENAMETOOLONG;
	}
	strcpy(sa.sun_path, path);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (c->fd < 0) {
		err = -errno;
		goto fail;
	}
	/* A Unix socket connects at once or not at all; EAGAIN is a full
	 * backlog: a daemon too busy to accept is one we do not wait for. */
	if (connect(c->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		err = -errno;
		goto fail;
	}
	return 0;
fail:
	say(c->why, sizeof(c->why), "cannot connect to %s: %s", path, strerror(-err));
	unixctl_close(c);
	return err;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Waits for 'events' on the socket until the deadline: 0, or -ETIMEDOUT. */
static int wait_fd(int fd, short events, long long deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	long long left;
	int n;

	for (;;) {
		left = deadline - now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		n = poll(&p, 1, (int)left);
		if (n > 0)
			return 0;
		if (n < 0 && errno != EINTR)
			return -errno;
	}
}

int unixctl_call(struct unixctl *c, const char *method, const char *const *params,
		 size_t n_params, int timeout_ms, struct unixctl_reply *out)
{
	long long deadline = now_ms() + timeout_ms;
	struct strbuf req = STRBUF_INIT;
	unsigned int id = c->next_id++;
	size_t off = 0, used = 0;
	char chunk[16384];
	ssize_t n;
	int err;

	out->is_error = 0;
	out->text = NULL;
	c->why[0] = '\0';
	if (c->fd < 0) {
		say(c->why, sizeof(c->why), "not connected");
		return -ENOTCONN;
	}
	err = unixctl_request_format(&req, id, method, params, n_params);
	if (err)
		goto cleanup;
	while (off < strbuf_len(&req)) {
		n = send(c->fd, strbuf_cstr(&req) + off, strbuf_len(&req) - off, MSG_NOSIGNAL);
		if (n >= 0) {
			off += (size_t)n;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN) {
			err = errno == EPIPE ? -ECONNRESET : -errno;
			say(c->why, sizeof(c->why), "cannot send %s: %s", method, strerror(-err));
			goto cleanup;
		}
		err = wait_fd(c->fd, POLLOUT, deadline);
		if (err) {
			say(c->why, sizeof(c->why), "%s: no room to send in %d ms", method, timeout_ms);
			goto cleanup;
		}
	}
	for (;;) {
		err = unixctl_reply_parse(strbuf_cstr(&c->in), strbuf_len(&c->in), id, out, &used,
					  c->why, sizeof(c->why));
		if (err != -EAGAIN)
			break;
		n = recv(c->fd, chunk, sizeof(chunk), 0);
		if (n > 0) {
			err = strbuf_put(&c->in, chunk, (size_t)n);
			if (err)
				break;
			continue;
		}
		if (n == 0) {
			err = -ECONNRESET;
			say(c->why, sizeof(c->why), "%s: the daemon closed the socket after %zu bytes of its reply",
			    method, strbuf_len(&c->in));
			break;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN) {
			err = -errno;
			say(c->why, sizeof(c->why), "%s: cannot read the reply: %s", method, strerror(-err));
			break;
		}
		err = wait_fd(c->fd, POLLIN, deadline);
		if (err) {
			say(c->why, sizeof(c->why), "%s: no reply in %d ms (%zu bytes of it so far)",
			    method, timeout_ms, strbuf_len(&c->in));
			break;
		}
	}
	if (!err) {
		/* One request is in flight at a time: bytes after its reply
		 * answer nothing we asked, a protocol error to report. */
		if (used < strbuf_len(&c->in)) {
			say(c->why, sizeof(c->why), "%s: %zu unexpected bytes after the reply", method,
			    strbuf_len(&c->in) - used);
			unixctl_reply_free(out);
			err = -EPROTO;
		} else {
			strbuf_clear(&c->in);
		}
	}
cleanup:
	strbuf_free(&req);
	if (err)
		unixctl_close(c);
	return err;
}
