// SPDX-License-Identifier: GPL-2.0
/*
 * C:100 Guests are defined in configfs: mkdir makes one, rmdir ends it.
 * /sys/kernel/config/lguest/<name>/ holds the guest's attributes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/configfs.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "lg.h"

static inline struct lguest *to_lguest(struct config_item *item)
{
	return container_of(to_config_group(item), struct lguest, group);
}

static ssize_t lg_state_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "defined\n");
}
CONFIGFS_ATTR_RO(lg_, state);

static struct configfs_attribute *lg_guest_attrs[] = {
	&lg_attr_state,
	NULL,
};

static void lg_guest_release(struct config_item *item)
{
	kfree(to_lguest(item));
}

static struct configfs_item_operations lg_guest_item_ops = {
	.release = lg_guest_release,
};

static const struct config_item_type lg_guest_type = {
	.ct_item_ops = &lg_guest_item_ops,
	.ct_attrs = lg_guest_attrs,
	.ct_owner = THIS_MODULE,
};

static struct config_group *lg_make_guest(struct config_group *parent,
					  const char *name)
{
	struct lguest *lg;

	if (strlen(name) >= LGUEST_NAME_MAX) {
		pr_err("guest name longer than %d bytes\n", LGUEST_NAME_MAX - 1);
		return ERR_PTR(-ENAMETOOLONG);
	}
	lg = kzalloc(sizeof(*lg), GFP_KERNEL);
	if (!lg)
		return ERR_PTR(-ENOMEM);
	mutex_init(&lg->lock);
	config_group_init_type_name(&lg->group, name, &lg_guest_type);
	return &lg->group;
}

static struct configfs_group_operations lg_root_group_ops = {
	.make_group = lg_make_guest,
};

static const struct config_item_type lg_root_type = {
	.ct_group_ops = &lg_root_group_ops,
	.ct_owner = THIS_MODULE,
};

static struct configfs_subsystem lg_subsys = {
	.su_group = {
		.cg_item = {
			.ci_namebuf = "lguest",
			.ci_type = &lg_root_type,
		},
	},
};

int lg_configfs_init(void)
{
	int err;

	config_group_init(&lg_subsys.su_group);
	mutex_init(&lg_subsys.su_mutex);
	err = configfs_register_subsystem(&lg_subsys);
	if (err)
		pr_err("cannot register configfs subsystem: %d\n", err);
	return err;
}

void lg_configfs_exit(void)
{
	configfs_unregister_subsystem(&lg_subsys);
}
