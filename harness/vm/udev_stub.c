// SPDX-License-Identifier: GPL-2.0
/*
 * udev_stub.c - libudev for faultline-static, which Debian ships only
 * as a shared library while its libhwloc.a calls it. hwloc asks for a
 * udev context and, given none, reads /sys alone (it only names block
 * devices with udev). Empty unless built with -DFL_STATIC, so that the
 * dynamic faultline keeps the real libudev.
 */
#ifdef FL_STATIC
#include <stddef.h>

struct udev;
struct udev_device;

struct udev *udev_new(void)
{
	return NULL;
}

struct udev *udev_unref(struct udev *udev)
{
	return NULL;
}

struct udev_device *udev_device_new_from_subsystem_sysname(
		struct udev *udev, const char *subsystem, const char *sysname)
{
	return NULL;
}

const char *udev_device_get_property_value(struct udev_device *dev,
					   const char *key)
{
	return NULL;
}

struct udev_device *udev_device_unref(struct udev_device *dev)
{
	return NULL;
}
#endif
