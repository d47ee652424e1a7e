// SPDX-License-Identifier: GPL-2.0-only
/*
 * ofproto/trace text (oftrace.h). ovs-vswitchd prints the translation as a
 * tree by indentation (ofproto-dpif-trace.c): a table's line is "%2d. "
 * and then the rule ("MATCH, priority P, cookie 0xC") or "No match."; the
 * actions the rule ran sit four columns deeper than the table number, and
 * what an action led to (a resubmit's tables, a detail "-> ...") deeper
 * still. Passes are separated by a heading between lines of '='.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oftrace.h"
#include "strbuf.h"

/* Deeper than any pipeline OVS runs (its resubmit limit is 64 levels, each
 * at most one table line deep here). */
#define OFTRACE_MAX_DEPTH 128

struct open_rule {
	size_t rule;		/* index into the rules */
	size_t col;		/* column of the table number, the %2d pad removed */
	struct strbuf actions;
};

struct parser {
	struct oftrace *t;
	char *bridge;		/* the current bridge("...") name */
	struct open_rule open[OFTRACE_MAX_DEPTH];
	size_t n_open;
	char *why;
	size_t why_len;
	size_t lineno;
};

static int bad(struct parser *p, const char *line, size_t len, const char *what)
{
	snprintf(p->why, p->why_len, "ofproto/trace line %zu (%.*s): %s", p->lineno,
		 (int)(len > 80 ? 80 : len), line, what);
	return -EBADMSG;
}

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* Ends the rules from the top of the stack down to (not including) the
 * first whose column is below 'col': their action lists are complete. */
static int close_rules(struct parser *p, size_t col)
{
	while (p->n_open && p->open[p->n_open - 1].col >= col) {
		struct open_rule *o = &p->open[--p->n_open];
		int err = strbuf_error(&o->actions);

		if (!err) {
			p->t->rules[o->rule].actions = dup_n(strbuf_cstr(&o->actions), strbuf_len(&o->actions));
			if (!p->t->rules[o->rule].actions)
				err = -ENOMEM;
		}
		strbuf_free(&o->actions);
		if (err)
			return err;
	}
	return 0;
}

static struct oftrace_pass *new_pass(struct parser *p, const char *title, size_t len)
{
	struct oftrace *t = p->t;
	struct oftrace_pass *np = realloc(t->passes, (t->n_passes + 1) * sizeof(*np));

	if (!np)
		return NULL;
	t->passes = np;
	np = &t->passes[t->n_passes];
	memset(np, 0, sizeof(*np));
	np->title = dup_n(title, len);
	if (!np->title)
		return NULL;
	t->n_passes++;
	return np;
}

/* "Flow: ...", "Megaflow: ...", "Datapath actions: ...": into the pass. */
static int pass_line(struct parser *p, const char *line, size_t len)
{
	static const struct {
		const char *prefix;
		size_t off;
	} fields[] = {
		{ "Flow: ", offsetof(struct oftrace_pass, flow) },
		{ "Megaflow: ", offsetof(struct oftrace_pass, megaflow) },
		{ "Datapath actions: ", offsetof(struct oftrace_pass, dp_actions) },
	};
	struct oftrace_pass *pass;
	size_t i, n;
	char **slot;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		n = strlen(fields[i].prefix);
		if (len < n || memcmp(line, fields[i].prefix, n))
			continue;
		if (!p->t->n_passes && !new_pass(p, "", 0))
			return -ENOMEM;
		pass = &p->t->passes[p->t->n_passes - 1];
		slot = (char **)((char *)pass + fields[i].off);
		if (*slot)
			return bad(p, line, len, "a second such line in one pass");
		*slot = dup_n(line + n, len - n);
		return *slot ? 1 : -ENOMEM;
	}
	return 0;
}

/* "MATCH, priority P[, cookie 0xC]", "priority P", or "No match." */
static int table_line(struct parser *p, const char *line, size_t len, size_t spaces)
{
	const char *s = line + spaces, *end = line + len, *dot, *pr, *q;
	struct oftrace_rule *r, *nr;
	unsigned long long v;
	size_t ndig, col;
	char *e, num[24];
	int err;

	for (dot = s; dot < end && *dot >= '0' && *dot <= '9'; dot++)
		;
	ndig = (size_t)(dot - s);
	col = ndig < 2 && spaces >= 2 - ndig ? spaces - (2 - ndig) : spaces;
	err = close_rules(p, col);
	if (err)
		return err;
	if (p->n_open == OFTRACE_MAX_DEPTH)
		return bad(p, line, len, "tables nested deeper than the parser follows");
	if (!p->t->n_passes && !new_pass(p, "", 0))
		return -ENOMEM;
	nr = realloc(p->t->rules, (p->t->n_rules + 1) * sizeof(*nr));
	if (!nr)
		return -ENOMEM;
	p->t->rules = nr;
	r = &nr[p->t->n_rules];
	memset(r, 0, sizeof(*r));
	r->pass = (unsigned int)(p->t->n_passes - 1);
	r->table = (int)strtol(s, NULL, 10);
	r->priority = -1;
	s = dot + 2;	/* ". " */
	/* The rule's own text ends where ", priority " starts; a rule with an
	 * empty match prints "priority P" alone. */
	if (len - (size_t)(s - line) >= 9 && !memcmp(s, "priority ", 9))
		pr = s;
	else
		for (pr = NULL, q = s; q + 11 <= end; q++)
			if (!memcmp(q, ", priority ", 11))
				pr = q;
	if (pr) {
		r->matched = 1;
		r->match = dup_n(s, (size_t)(pr - s));
		q = pr + (pr == s ? 9 : 11);
		snprintf(num, sizeof(num), "%.*s", (int)(end - q > 20 ? 20 : end - q), q);
		v = strtoull(num, &e, 10);
		if (e == num || v > 65535)
			return free(r->match), bad(p, line, len, "no priority number");
		r->priority = (int)v;
		q += e - num;
		if (end - q > 9 && !memcmp(q, ", cookie ", 9)) {
			snprintf(num, sizeof(num), "%.*s", (int)(end - q - 9 > 20 ? 20 : end - q - 9), q + 9);
			r->cookie = strtoull(num, &e, 16);
			if (e == num)
				return free(r->match), bad(p, line, len, "cookie is not a number");
		}
	} else {
		r->match = dup_n(s, (size_t)(end - s));
	}
	r->bridge = strdup(p->bridge ? p->bridge : "");
	if (!r->match || !r->bridge) {
		free(r->match);
		free(r->bridge);
		return -ENOMEM;
	}
	p->open[p->n_open].rule = p->t->n_rules++;
	p->open[p->n_open].col = col;
	strbuf_init(&p->open[p->n_open].actions);
	p->n_open++;
	return 0;
}

/* The line's bytes start with 'lit'; lines are not NUL-terminated. */
static int starts(const char *s, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	return n >= l && !memcmp(s, lit, l);
}

static int one_line(struct parser *p, const char *line, size_t len, int *in_heading)
{
	size_t spaces = 0, n;
	const char *s;
	int err;

	while (spaces < len && line[spaces] == ' ')
		spaces++;
	s = line + spaces;
	n = len - spaces;
	if (!n)
		return 0;
	if (starts(s, n, "==========")) {
		*in_heading = !*in_heading;
		if (*in_heading) {
			err = close_rules(p, 0);
			if (err)
				return err;
			return new_pass(p, "", 0) ? 0 : -ENOMEM;
		}
		return 0;
	}
	if (*in_heading) {
		struct oftrace_pass *pass = &p->t->passes[p->t->n_passes - 1];

		free(pass->title);
		pass->title = dup_n(s, n);
		return pass->title ? 0 : -ENOMEM;
	}
	if (!spaces) {
		err = pass_line(p, line, len);
		if (err)
			return err < 0 ? err : close_rules(p, 0);
	}
	if (n > 9 && starts(s, n, "bridge(\"") && s[n - 2] == '"' && s[n - 1] == ')') {
		err = close_rules(p, 0);
		if (err)
			return err;
		free(p->bridge);
		p->bridge = dup_n(s + 8, n - 10);
		return p->bridge ? 0 : -ENOMEM;
	}
	if (n >= 3 && s[0] >= '0' && s[0] <= '9') {
		const char *d = s;

		while (d < s + n && *d >= '0' && *d <= '9')
			d++;
		if (d + 1 < s + n && d[0] == '.' && d[1] == ' ')
			return table_line(p, line, len, spaces);
	}
	/* An action of the innermost open rule: exactly four columns in. */
	err = close_rules(p, spaces >= 3 ? spaces - 3 : 0);
	if (err)
		return err;
	if (p->n_open && p->open[p->n_open - 1].col + 4 == spaces && !starts(s, n, "->") &&
	    !starts(s, n, ">>")) {
		struct strbuf *a = &p->open[p->n_open - 1].actions;

		if (strbuf_len(a))
			strbuf_putc(a, ',');
		strbuf_put(a, s, n);
	}
	return 0;
}

int oftrace_parse(const char *buf, size_t len, struct oftrace *out, char *why, size_t why_len)
{
	struct parser p = { .t = out, .why = why, .why_len = why_len };
	const char *line = buf, *end = buf + len, *nl;
	int in_heading = 0, err = 0;

	memset(out, 0, sizeof(*out));
	if (why && why_len)
		why[0] = '\0';
	while (line < end && !err) {
		nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			nl = end;
		p.lineno++;
		if (memchr(line, '\0', (size_t)(nl - line)))
			err = bad(&p, line, (size_t)(nl - line), "a NUL byte");
		else
			err = one_line(&p, line, (size_t)(nl - line), &in_heading);
		line = nl + 1;
	}
	if (!err)
		err = close_rules(&p, 0);
	if (!err && !out->n_passes) {
		snprintf(why, why_len, "ofproto/trace text has no Flow line");
		err = -EBADMSG;
	}
	while (p.n_open)
		strbuf_free(&p.open[--p.n_open].actions);
	free(p.bridge);
	if (err)
		oftrace_free(out);
	return err;
}

void oftrace_free(struct oftrace *t)
{
	size_t i;

	for (i = 0; i < t->n_rules; i++) {
		free(t->rules[i].bridge);
		free(t->rules[i].match);
		free(t->rules[i].actions);
	}
	for (i = 0; i < t->n_passes; i++) {
		free(t->passes[i].title);
		free(t->passes[i].flow);
		free(t->passes[i].megaflow);
		free(t->passes[i].dp_actions);
	}
	free(t->rules);
	free(t->passes);
	memset(t, 0, sizeof(*t));
}
