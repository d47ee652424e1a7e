/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A log2 histogram of latencies, printed the way bcc's libbpf-tools print
 * theirs (print_log2_hist()), so that operators who know biolatency or
 * funclatency read ours at a glance, plus the same content as JSON.
 *
 * Slots are bcc's, not "bit length": slot 0 counts 0 and 1, and slot i > 0
 * counts 2^i <= v <= 2^(i+1) - 1. That is what makes the rows read exactly
 * like bcc's for the same inputs ("0 -> 1", "2 -> 3", "4 -> 7", ...), and
 * it lets 64 slots hold every uint64_t: UINT64_MAX lands in slot 63,
 * "9223372036854775808 -> 18446744073709551615".
 *
 * Text output, one histogram:
 *
 *	<title>
 *	     usecs               : count    distribution
 *	         0 -> 1          : 3        |****************************************|
 *	         2 -> 3          : 0        |                                        |
 *	         4 -> 7          : 1        |*************                           |
 *	count 4, min 0, avg 1, max 5 usecs
 *
 * Layout and widths are bcc's: value columns 10 wide and 40 stars while the
 * last non-empty slot is at most 32; beyond that (values from 2^33 on)
 * value columns 20 wide and, as bcc does to keep rows near 80 columns,
 * 20 stars. Stars scale to the fullest slot and round down. One deliberate
 * difference from bcc: rows start at the first non-empty slot rather than
 * at slot 0, so a histogram of milliseconds-long upcalls in usecs does not
 * open with ten empty rows.
 */
#ifndef HISTOGRAM_H
#define HISTOGRAM_H

#include <stdint.h>
#include <stdio.h>

#define HIST_SLOTS 64

struct histogram {
	uint64_t slots[HIST_SLOTS];	/* slot 0: 0 and 1; slot i > 0: 2^i <= v < 2^(i+1) */
	uint64_t count, sum, min, max;	/* min and max are 0 while count is 0 */
};

void hist_init(struct histogram *h);
/*
 * Counts one value, in the unit later given to hist_print(), e.g. usecs.
 * sum saturates at UINT64_MAX rather than wrapping; the printed avg is then
 * a lower bound, raised to at least min.
 */
void hist_add(struct histogram *h, uint64_t value);
/* Back to empty, as after hist_init(); for per-interval histograms. */
void hist_reset(struct histogram *h);

/*
 * Prints "<title>\n", the rows from the first to the last non-empty slot
 * under bcc's header line, and "count N, min X, avg Y, max Z <unit>\n"
 * (integers, avg rounded down). An empty histogram prints only
 * "<title>: no samples\n". Rows and "no samples" follow the slots; the
 * summary line follows count, sum, min and max, which hist_add() keeps in
 * step (a caller filling slots by hand, e.g. from a BPF map, sets them too).
 * Flushes f. Returns 0, -EINVAL for a NULL argument, or -errno of the
 * failed write or flush (-EIO when stdio did not set errno).
 */
int hist_print(const struct histogram *h, FILE *f, const char *title, const char *unit);
/*
 * The same content as one JSON object on one line, without a newline:
 * {"title":"...","unit":"usecs","count":N,"min":X,"avg":Y,"max":Z,
 *  "buckets":[{"lo":0,"hi":1,"count":3},...]}
 * with the buckets of the text rows (first to last non-empty slot, lo and
 * hi inclusive as printed there); empty gives "buckets":[] and zeros.
 * title and unit are escaped (", \ and control characters); other bytes
 * pass through, so they must be UTF-8. Numbers are full uint64_t integers.
 * To get a string, pass a FILE from open_memstream() or fmemopen().
 * Flushes f; returns as hist_print().
 */
int hist_print_json(const struct histogram *h, FILE *f, const char *title, const char *unit);

#endif /* HISTOGRAM_H */
