/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A client of ovs-vswitchd's control socket (what ovs-appctl speaks):
 * JSON-RPC 1.0 over a Unix stream socket, one request
 * {"method":M,"params":[strings],"id":N} answered by one reply
 * {"id":N,"result":R,"error":E}, the messages back to back without
 * delimiters. JSON goes through json-c; the parser is a pure function over
 * bytes so that every bad reply is testable without a daemon.
 */
#ifndef UNIXCTL_H
#define UNIXCTL_H

#include <stddef.h>

#include "strbuf.h"

struct unixctl_reply {
	int is_error;	/* the daemon answered with "error", not "result" */
	char *text;	/* the result's or error's text (malloc'd); a result
			 * that is not a string is given as its JSON text */
};

/* The bytes of request 'id' for 'method' with string params, into sb. */
int unixctl_request_format(struct strbuf *sb, unsigned int id, const char *method,
			   const char *const *params, size_t n_params);

/*
 * One reply from the start of buf[0..len). 0 with *out filled and *used the
 * bytes it took; -EAGAIN when the bytes so far are a reply's beginning;
 * -EBADMSG when they are not JSON or not a JSON-RPC reply, -EPROTO when it
 * answers another id; then 'why' says what was wrong, for a one-line error.
 */
int unixctl_reply_parse(const void *buf, size_t len, unsigned int id, struct unixctl_reply *out,
			size_t *used, char *why, size_t why_len);

void unixctl_reply_free(struct unixctl_reply *r);

/* $OVS_RUNDIR (default /var/run/openvswitch)/ovs-vswitchd.PID.ctl, PID
 * from ovs-vswitchd.pid there. 0, or a negative errno. */
int unixctl_vswitchd_path(char *buf, size_t len);

struct unixctl {
	int fd;			/* -1 when closed */
	unsigned int next_id;
	struct strbuf in;	/* bytes read and not yet parsed */
	char why[160];		/* what the last failed call saw */
};

void unixctl_init(struct unixctl *c);
int unixctl_open(struct unixctl *c, const char *path);
/*
 * Sends one request and waits at most timeout_ms for its whole reply, in
 * non-blocking I/O. 0 with *out (an error reply is a 0 with is_error);
 * -ETIMEDOUT, -ECONNRESET when the daemon closed the socket, -EBADMSG or
 * -EPROTO for a reply that is not one; c->why says more. After any error
 * the connection is closed: a half-read reply would shift every later one.
 */
int unixctl_call(struct unixctl *c, const char *method, const char *const *params,
		 size_t n_params, int timeout_ms, struct unixctl_reply *out);
void unixctl_close(struct unixctl *c);

#endif /* UNIXCTL_H */
