/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which Open vSwitch release's dump-flows text to print (dpctl.h
 * DPCTL_OVS): --ovs-version, the recording's, or the host's own, learned
 * from its ovs-vswitchd.
 */
#ifndef OVS_VERSION_H
#define OVS_VERSION_H

#include <stddef.h>
#include <stdint.h>

/* "3.1.0", "3.5", "2.17.9-1~bpo11+1", or the first line of `ovs-vswitchd
 * --version` ("ovs-vswitchd (Open vSwitch) 3.1.0"): the first X.Y[.Z] in
 * s. 0, or -EINVAL when there is none or it is out of range. */
int ovs_version_parse(const char *s, uint32_t *out);

/* "3.1.0" into buf (at least 16 bytes). */
void ovs_version_format(uint32_t v, char *buf, size_t len);

/* The pid in $OVS_RUNDIR (default /var/run/openvswitch)/ovs-vswitchd.pid,
 * and that directory. 0, or a negative errno. */
int ovs_vswitchd_pid(const char **rundir, long *pid);

/*
 * The release of the ovs-vswitchd running here (the binary behind the pid
 * in $OVS_RUNDIR, default /var/run/openvswitch, ovs-vswitchd.pid), else of
 * the ovs-vswitchd on PATH, by their --version. 0 with *out and 'from'
 * naming the binary asked; -ENOENT when there is neither, -EINVAL when its
 * answer names no version.
 */
int ovs_version_detect(uint32_t *out, char *from, size_t from_len);

#endif /* OVS_VERSION_H */
