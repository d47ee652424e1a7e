/* SPDX-License-Identifier: GPL-2.0-only */
/* Validation of raw events from the ring buffer (or a file): never trust
 * kernel data's sizes and lengths before reading them. */
#ifndef EVENTS_H
#define EVENTS_H

#include <stddef.h>
#include <linux/types.h>

#include "ovs_upcall_trace.h"

/* The event's type (enum out_event_type) when data/size hold a complete,
 * consistent event of that type; -EINVAL otherwise. */
int event_check(const void *data, size_t size);

#endif /* EVENTS_H */
