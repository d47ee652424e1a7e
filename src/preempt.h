/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Whether the kernel preempts tasks inside kernel code (preemption model
 * full, lazy or RT). fentry/fexit programs then run preemptible (only
 * migration is off), and the trampoline skips a program that is already
 * running on that CPU: a task preempted inside one makes every other run
 * of it there miss until the task is back, milliseconds on end (measured
 * on 7.3: 48 upcall messages in a row not followed). kprobe programs run
 * with preemption off. So on such kernels the hooks that run in tasks take
 * kprobes even with fentry.
 */
#ifndef PREEMPT_H
#define PREEMPT_H

#include <stdbool.h>

/*
 * From what the kernel says, best first: sched_preempt, the text of
 * /sys/kernel/debug/sched/preempt ("none (voluntary) full", the current
 * model in parentheses); cmdline, /proc/cmdline (preempt=); config, the
 * kernel's build configuration (CONFIG_PREEMPT*). Any may be NULL. Sets
 * *model to the model's name ("unknown" when none tells) and returns
 * whether tasks are preempted in the kernel; unknown counts as yes.
 */
bool preempt_tasks(const char *sched_preempt, const char *cmdline, const char *config,
		   const char **model);

#endif /* PREEMPT_H */
