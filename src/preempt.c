// SPDX-License-Identifier: GPL-2.0-only
/* The kernel's preemption model; see preempt.h. */
#include <string.h>

#include "preempt.h"

static const char *const models[] = { "none", "voluntary", "full", "lazy", "rt" };

/* One of models[] named at s (len bytes), or NULL. */
static const char *model_at(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++)
		if (strlen(models[i]) == len && !strncmp(s, models[i], len))
			return models[i];
	return NULL;
}

static const char *from_sched(const char *text)
{
	const char *open = text ? strchr(text, '(') : NULL;
	const char *close = open ? strchr(open, ')') : NULL;

	return close ? model_at(open + 1, close - open - 1) : NULL;
}

static const char *from_cmdline(const char *text)
{
	const char *m = NULL;

	for (const char *p = text; p && (p = strstr(p, "preempt=")); p += 8)
		if (p == text || p[-1] == ' ')
			m = model_at(p + 8, strcspn(p + 8, " \n"));
	return m;
}

/* A line "NAME=y" in a kernel configuration. */
static bool config_y(const char *config, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = config; p && (p = strstr(p, name)); p += n)
		if ((p == config || p[-1] == '\n') && !strncmp(p + n, "=y", 2) &&
		    (p[n + 2] == '\n' || !p[n + 2]))
			return true;
	return false;
}

/* The model a kernel boots with unless told otherwise. */
static const char *from_config(const char *config)
{
	if (!config)
		return NULL;
	if (config_y(config, "CONFIG_PREEMPT_RT"))
		return "rt";
	if (config_y(config, "CONFIG_PREEMPT_LAZY"))
		return "lazy";
	if (config_y(config, "CONFIG_PREEMPT"))
		return "full";
	if (config_y(config, "CONFIG_PREEMPT_VOLUNTARY"))
		return "voluntary";
	if (config_y(config, "CONFIG_PREEMPT_NONE"))
		return "none";
	return NULL;
}

bool preempt_tasks(const char *sched_preempt, const char *cmdline, const char *config,
		   const char **model)
{
	const char *m = from_sched(sched_preempt);

	/* preempt= only applies where the model is chosen at boot. */
	if (!m && config_y(config ? config : "", "CONFIG_PREEMPT_DYNAMIC"))
		m = from_cmdline(cmdline);
	if (!m)
		m = from_config(config);
	*model = m ? m : "unknown";
	return !m || (strcmp(m, "none") && strcmp(m, "voluntary"));
}
