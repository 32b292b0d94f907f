// SPDX-License-Identifier: GPL-2.0
/*
 * C:100 Guests are defined in configfs: mkdir makes one, rmdir ends it.
 * /sys/kernel/config/lguest/<name>/ holds its attributes.  Each store
 * parses and checks the value, takes the guest's lock, refuses with EBUSY
 * while a stub is attached, and only then commits; a refusal logs one line
 * naming the attribute.  An attached guest is pinned with
 * configfs_depend_item(), so rmdir fails with EBUSY instead of pulling
 * memory from under a running vCPU.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/configfs.h>
#include <linux/ctype.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "lg.h"

#define LG_RAM_MIN	SZ_2M
#define LG_RAM_MAX	(64ULL << 30)
#define LG_RAM_DEFAULT	SZ_64M

static struct configfs_subsystem lg_subsys;

static inline struct lguest *to_lguest(struct config_item *item)
{
	return container_of(to_config_group(item), struct lguest, group);
}

static const char *lg_name(struct lguest *lg)
{
	return config_item_name(&lg->group.cg_item);
}

/* Lock the guest for a configuration change; EBUSY while attached. */
int lg_config_lock(struct lguest *lg, const char *attr)
{
	mutex_lock(&lg->lock);
	if (lg->attached) {
		mutex_unlock(&lg->lock);
		pr_info("%s: %s: cannot change while a stub is attached\n",
			lg_name(lg), attr);
		return -EBUSY;
	}
	return 0;
}

static ssize_t lg_memory_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%llu\n", READ_ONCE(to_lguest(item)->ram_size));
}

static ssize_t lg_memory_store(struct config_item *item, const char *page,
			       size_t count)
{
	struct lguest *lg = to_lguest(item);
	u64 size;
	int err;

	/* Each rule its own line: which one failed is what the user needs. */
	err = lg_parse_size(page, 0, U64_MAX, &size);
	if (err == -EINVAL) {
		pr_info("%s: memory: not a size: digits with an optional K, M, G or T\n",
			lg_name(lg));
		return err;
	}
	if (err || size < LG_RAM_MIN || size > LG_RAM_MAX) {
		pr_info("%s: memory: outside 2M to 64G\n", lg_name(lg));
		return -ERANGE;
	}
	if (!IS_ALIGNED(size, LG_PAGE_SIZE)) {
		pr_info("%s: memory: %llu bytes is not a multiple of 4K\n", lg_name(lg), size);
		return -EINVAL;
	}
	err = lg_config_lock(lg, "memory");
	if (err)
		return err;
	lg->ram_size = size;
	mutex_unlock(&lg->lock);
	return count;
}

static ssize_t lg_fw_show(struct lguest *lg, const char *name, char *page)
{
	ssize_t ret;

	mutex_lock(&lg->lock);
	ret = sysfs_emit(page, "%s\n", name);
	mutex_unlock(&lg->lock);
	return ret;
}

static ssize_t lg_fw_store(struct lguest *lg, const char *attr, char *dst,
			   bool may_clear, const char *page, size_t count)
{
	char name[LG_FW_NAME_MAX];
	int err = 0;

	if (may_clear && !lg_strip_len(page, count))
		name[0] = '\0';
	else
		err = lg_parse_fw_name(page, name, sizeof(name));
	if (err) {
		pr_info("%s: %s: not a firmware file name below /lib/firmware (at most %d characters, no '..')\n",
			lg_name(lg), attr, LG_FW_NAME_MAX - 1);
		return err;
	}
	err = lg_config_lock(lg, attr);
	if (err)
		return err;
	strscpy(dst, name, LG_FW_NAME_MAX);
	mutex_unlock(&lg->lock);
	return count;
}

static ssize_t lg_kernel_show(struct config_item *item, char *page)
{
	return lg_fw_show(to_lguest(item), to_lguest(item)->kernel, page);
}

static ssize_t lg_kernel_store(struct config_item *item, const char *page,
			       size_t count)
{
	struct lguest *lg = to_lguest(item);

	return lg_fw_store(lg, "kernel", lg->kernel, false, page, count);
}

static ssize_t lg_initrd_show(struct config_item *item, char *page)
{
	return lg_fw_show(to_lguest(item), to_lguest(item)->initrd, page);
}

static ssize_t lg_initrd_store(struct config_item *item, const char *page,
			       size_t count)
{
	struct lguest *lg = to_lguest(item);

	return lg_fw_store(lg, "initrd", lg->initrd, true, page, count);
}

static ssize_t lg_cmdline_show(struct config_item *item, char *page)
{
	return lg_fw_show(to_lguest(item), to_lguest(item)->cmdline, page);
}

/* Printable ASCII only; an empty write selects the image's default. */
static ssize_t lg_cmdline_store(struct config_item *item, const char *page,
				size_t count)
{
	struct lguest *lg = to_lguest(item);
	size_t len = lg_strip_len(page, count), i;
	int err;

	if (len >= LG_CMDLINE_MAX) {
		pr_info("%s: cmdline: longer than %d bytes\n", lg_name(lg),
			LG_CMDLINE_MAX - 1);
		return -EMSGSIZE;
	}
	for (i = 0; i < len; i++) {
		if (!isprint(page[i]) || !isascii(page[i])) {
			pr_info("%s: cmdline: control or non-ASCII byte 0x%02x at %zu\n",
				lg_name(lg), (u8)page[i], i);
			return -EINVAL;
		}
	}
	err = lg_config_lock(lg, "cmdline");
	if (err)
		return err;
	memcpy(lg->cmdline, page, len);
	lg->cmdline[len] = '\0';
	mutex_unlock(&lg->lock);
	return count;
}

static ssize_t lg_vcpus_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%u\n", READ_ONCE(to_lguest(item)->nr_vcpus));
}

static ssize_t lg_vcpus_store(struct config_item *item, const char *page,
			      size_t count)
{
	struct lguest *lg = to_lguest(item);
	unsigned int n;
	int err;

	err = kstrtouint(page, 0, &n);
	if (err) {
		pr_info("%s: vcpus: not a number\n", lg_name(lg));
		return err;
	}
	if (n != 1) {
		pr_info("%s: vcpus: only 1 vCPU is supported so far\n", lg_name(lg));
		return -EINVAL;
	}
	err = lg_config_lock(lg, "vcpus");
	if (err)
		return err;
	lg->nr_vcpus = n;
	mutex_unlock(&lg->lock);
	return count;
}

static ssize_t lg_state_show(struct config_item *item, char *page)
{
	struct lguest *lg = to_lguest(item);
	static const char * const names[] = {
		[LG_DEFINED] = "defined", [LG_RUNNING] = "running",
		[LG_STOPPED] = "stopped", [LG_DEAD] = "dead",
	};
	ssize_t ret;

	spin_lock_irq(&lg->end_lock);
	if (lg->state == LG_RUNNING || !lg->reason[0])
		ret = sysfs_emit(page, "%s\n", names[lg->state]);
	else
		ret = sysfs_emit(page, "%s: %s\n", names[lg->state], lg->reason);
	spin_unlock_irq(&lg->end_lock);
	return ret;
}

static ssize_t lg_stats_show(struct config_item *item, char *page)
{
	static const char * const names[LG_STAT_NR] = {
		[LG_STAT_IO] = "io", [LG_STAT_MSR] = "msr",
		[LG_STAT_CPUID] = "cpuid", [LG_STAT_HLT] = "hlt",
		[LG_STAT_HCALL] = "hypercall", [LG_STAT_NPF] = "npf",
		[LG_STAT_INTR] = "intr", [LG_STAT_DR] = "dr",
		[LG_STAT_EXCEPTION] = "exception", [LG_STAT_OTHER] = "other",
		[LG_STAT_XSETBV] = "xsetbv", [LG_STAT_MCE] = "machine_check",
	};
	struct lguest *lg = to_lguest(item);
	unsigned long tables;
	u64 total = 0, footprint;
	ssize_t len = 0;
	int i;

	for (i = 0; i < LG_STAT_NR; i++) {
		u64 n = READ_ONCE(lg->stats[i]);

		total += n;
		len += sysfs_emit_at(page, len, "exits_%s %llu\n", names[i], n);
	}
	len += sysfs_emit_at(page, len, "exits %llu\n", total);
	len += sysfs_emit_at(page, len, "run_ns %llu\n", READ_ONCE(lg->run_ns));
	len += sysfs_emit_at(page, len, "console_waits %llu\n",
			     READ_ONCE(lg->console_waits));
	len += sysfs_emit_at(page, len, "tlb_scrubs %llu\n",
			     READ_ONCE(lg->tlb_scrubs));
	/* Nested tables: leaves of each size and the table pages above them. */
	tables = READ_ONCE(lg->npt.nr_tables) + !!READ_ONCE(lg->npt.root);
	len += sysfs_emit_at(page, len, "npt_4k %lu\nnpt_2m %lu\nnpt_tables %lu\n",
			     READ_ONCE(lg->npt.nr_leaves), READ_ONCE(lg->npt.nr_huge),
			     tables);
	/* Host memory besides guest RAM, while attached (0 when not). */
	footprint = READ_ONCE(lg->footprint);
	len += sysfs_emit_at(page, len, "footprint_bytes %llu\n",
			     footprint ? footprint + tables * PAGE_SIZE : 0);
	/* Interrupt state, for when a guest seems to wait for nothing. */
	len += sysfs_emit_at(page, len, "apic_irr_top %d\napic_isr_top %d\n",
			     lg_lapic_highest(lg->apic.irr), lg_lapic_highest(lg->apic.isr));
	len += sysfs_emit_at(page, len, "apic_tsc_deadline %llu\napic_lvt_timer 0x%x\n",
			     READ_ONCE(lg->apic.tsc_deadline), READ_ONCE(lg->apic.lvt_timer));
	return lg_devices_stats(lg, page, len);
}

/* What a guest's reset does: end it ("stop") or start it afresh. */
static ssize_t lg_on_reboot_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%s\n",
			  READ_ONCE(to_lguest(item)->on_reboot_restart) ? "restart" : "stop");
}

static ssize_t lg_on_reboot_store(struct config_item *item, const char *page,
				  size_t count)
{
	struct lguest *lg = to_lguest(item);
	size_t len = lg_strip_len(page, count);
	bool restart;
	int err;

	if (len == 4 && !strncmp(page, "stop", 4)) {
		restart = false;
	} else if (len == 7 && !strncmp(page, "restart", 7)) {
		restart = true;
	} else {
		pr_info("%s: on_reboot: \"stop\" or \"restart\"\n", lg_name(lg));
		return -EINVAL;
	}
	err = lg_config_lock(lg, "on_reboot");
	if (err)
		return err;
	lg->on_reboot_restart = restart;
	mutex_unlock(&lg->lock);
	return count;
}

/*
 * Pin and map all of RAM at attach (1) or page by page as the guest
 * touches it (0, the default): no nested faults at run time, for the
 * price of the whole of RAM being resident from the start.
 */
static ssize_t lg_prefault_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", READ_ONCE(to_lguest(item)->prefault));
}

static ssize_t lg_prefault_store(struct config_item *item, const char *page,
				 size_t count)
{
	struct lguest *lg = to_lguest(item);
	bool on;
	int err;

	err = kstrtobool(page, &on);
	if (err) {
		pr_info("%s: prefault: 0 or 1\n", lg_name(lg));
		return err;
	}
	err = lg_config_lock(lg, "prefault");
	if (err)
		return err;
	lg->prefault = on;
	mutex_unlock(&lg->lock);
	return count;
}

/* Where the console goes: the stub's relay, or a tty named here. */
static ssize_t lg_console_show(struct config_item *item, char *page)
{
	struct lguest *lg = to_lguest(item);
	struct tty_port *port;
	ssize_t ret;

	mutex_lock(&lg->lock);
	port = lg->attached ? lg_tty_port(lg) : NULL;
	if (port)
		ret = sysfs_emit(page, "/dev/lgcon%d\n", lg_tty_index(lg));
	else
		ret = sysfs_emit(page, "%s\n", lg->attached ? "stub" : "none");
	mutex_unlock(&lg->lock);
	return ret;
}

CONFIGFS_ATTR(lg_, memory);
CONFIGFS_ATTR(lg_, on_reboot);
CONFIGFS_ATTR(lg_, kernel);
CONFIGFS_ATTR(lg_, initrd);
CONFIGFS_ATTR(lg_, cmdline);
CONFIGFS_ATTR(lg_, vcpus);
CONFIGFS_ATTR(lg_, prefault);
CONFIGFS_ATTR_RO(lg_, state);
CONFIGFS_ATTR_RO(lg_, stats);
CONFIGFS_ATTR_RO(lg_, console);

static struct configfs_attribute *lg_guest_attrs[] = {
	&lg_attr_memory,
	&lg_attr_kernel,
	&lg_attr_initrd,
	&lg_attr_cmdline,
	&lg_attr_vcpus,
	&lg_attr_on_reboot,
	&lg_attr_prefault,
	&lg_attr_state,
	&lg_attr_stats,
	&lg_attr_console,
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

/*
 * C:200 Devices.  Each kind of device (lg_vdev_kinds[], virtio/dev.c)
 * has a directory in every guest, made with it: disks/, rngs/.  A mkdir
 * there makes a device of that kind with the kind's own attributes and
 * "stats"; this file knows no kind by name.  Devices are added and
 * removed only while no stub is attached: attach pins each one
 * (lg_vdevs_pin()), so rmdir fails with EBUSY while the guest runs.
 */
static bool lg_vdev_name_ok(const char *name)
{
	size_t i, len = strlen(name);

	if (!len || len > 31)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum(name[i]) && name[i] != '-' && name[i] != '_')
			return false;
	return true;
}

/* Devices of a kind, or of every kind; su_mutex held (mkdir holds it). */
static unsigned int lg_vdev_count(struct lguest *lg, const struct lg_vdev_kind *kind)
{
	unsigned int k, n = 0;
	struct config_item *item;

	for (k = 0; k < LG_VDEV_KINDS; k++)
		if (!kind || lg->vdev_dirs[k].kind == kind)
			list_for_each_entry(item, &lg->vdev_dirs[k].group.cg_children, ci_entry)
				n++;
	return n;
}

static struct config_item *lg_make_vdev(struct config_group *group, const char *name)
{
	struct lg_vdev_dir *dir = container_of(group, struct lg_vdev_dir, group);
	struct lguest *lg = dir->lg;
	struct lg_vdev *d;
	int err;

	if (!lg_vdev_name_ok(name)) {
		pr_info("%s: %s/%s: a device name is 1 to 31 letters, digits, '-' or '_'\n",
			lg_name(lg), dir->kind->dir, name);
		return ERR_PTR(-EINVAL);
	}
	err = lg_config_lock(lg, dir->kind->dir);
	if (err)
		return ERR_PTR(err);
	if (lg_vdev_count(lg, NULL) >= LG_VDEV_MAX ||
	    (dir->kind->max && lg_vdev_count(lg, dir->kind) >= dir->kind->max)) {
		mutex_unlock(&lg->lock);
		pr_info("%s: %s/%s: a guest has at most %d devices, %u of this kind\n",
			lg_name(lg), dir->kind->dir, name, LG_VDEV_MAX,
			dir->kind->max ? dir->kind->max : LG_VDEV_MAX);
		return ERR_PTR(-ENOSPC);
	}
	d = dir->kind->alloc();
	if (!d) {
		mutex_unlock(&lg->lock);
		return ERR_PTR(-ENOMEM);
	}
	d->kind = dir->kind;
	d->lg = lg;
	spin_lock_init(&d->lock);
	mutex_init(&d->io_lock);
	snprintf(d->label, sizeof(d->label), "%s/%s", dir->kind->dir, name);
	config_item_init_type_name(&d->item, name, dir->kind->item_type);
	mutex_unlock(&lg->lock);
	return &d->item;
}

static struct configfs_group_operations lg_vdev_dir_ops = {
	.make_item = lg_make_vdev,
};

static const struct config_item_type lg_vdev_dir_type = {
	.ct_group_ops = &lg_vdev_dir_ops,
	.ct_owner = THIS_MODULE,
};

/* A device attribute's store: the guest's lock, EBUSY while attached. */
int lg_vdev_config_lock(struct lg_vdev *d, const char *attr)
{
	char what[64];

	snprintf(what, sizeof(what), "%s/%s", d->label, attr);
	return lg_config_lock(d->lg, what);
}

void lg_vdev_config_unlock(struct lg_vdev *d)
{
	mutex_unlock(&d->lg->lock);
}

/**
 * lg_vdevs_pin() - pin every device of a guest for a run.
 * @lg: the guest, not yet locked (su_mutex comes before its lock).
 * @devs: receives the devices, by kind, then by name: the probe order.
 *
 * Each is referenced and pinned (its rmdir fails with EBUSY) until
 * lg_vdevs_unpin().
 *
 * Return: how many, or a negative errno.
 */
int lg_vdevs_pin(struct lguest *lg, struct lg_vdev **devs)
{
	struct config_item *item;
	unsigned int k, n = 0, i, j;
	int err;

	mutex_lock(&lg_subsys.su_mutex);
	for (k = 0; k < LG_VDEV_KINDS; k++) {
		unsigned int first = n;

		list_for_each_entry(item, &lg->vdev_dirs[k].group.cg_children, ci_entry) {
			if (n == LG_VDEV_MAX)
				break;
			/* Insertion by name within the kind. */
			for (i = n; i > first &&
			     strcmp(config_item_name(&devs[i - 1]->item),
				    config_item_name(item)) > 0; i--)
				devs[i] = devs[i - 1];
			devs[i] = to_lg_vdev(config_item_get(item));
			n++;
		}
	}
	mutex_unlock(&lg_subsys.su_mutex);
	for (i = 0; i < n; i++) {
		err = configfs_depend_item(&lg_subsys, &devs[i]->item);
		if (err) {
			for (j = 0; j < i; j++)
				configfs_undepend_item(&devs[j]->item);
			for (j = 0; j < n; j++)
				config_item_put(&devs[j]->item);
			return err;
		}
	}
	return n;
}

void lg_vdevs_unpin(struct lg_vdev **devs, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		configfs_undepend_item(&devs[i]->item);
		config_item_put(&devs[i]->item);
	}
}

static struct config_group *lg_make_guest(struct config_group *parent,
					  const char *name)
{
	struct lguest *lg;
	unsigned int k;

	size_t i;

	if (strlen(name) >= LGUEST_NAME_MAX) {
		pr_info("guest name longer than %d bytes\n", LGUEST_NAME_MAX - 1);
		return ERR_PTR(-ENAMETOOLONG);
	}
	/* The name goes into log lines, reasons and thread names: keep it plain. */
	for (i = 0; name[i]; i++) {
		if (!isalnum(name[i]) && !strchr("._-", name[i])) {
			pr_info("guest name: letters, digits, '.', '_' and '-' only (byte %zu is 0x%02x)\n",
				i, (u8)name[i]);
			return ERR_PTR(-EINVAL);
		}
	}
	lg = kzalloc(sizeof(*lg), GFP_KERNEL_ACCOUNT);
	if (!lg)
		return ERR_PTR(-ENOMEM);
	mutex_init(&lg->lock);
	mutex_init(&lg->run_lock);
	spin_lock_init(&lg->end_lock);
	spin_lock_init(&lg->con.lock);
	init_waitqueue_head(&lg->wait);
	init_waitqueue_head(&lg->con.out_wait);
	/* The APIC timer exists from birth, so teardown can always cancel it. */
	lg_lapic_init(lg);
	lg->ram_size = LG_RAM_DEFAULT;
	lg->nr_vcpus = 1;
	lg->state = LG_DEFINED;
	config_group_init_type_name(&lg->group, name, &lg_guest_type);
	for (k = 0; k < LG_VDEV_KINDS; k++) {
		struct lg_vdev_dir *dir = &lg->vdev_dirs[k];

		dir->kind = lg_vdev_kinds[k];
		dir->lg = lg;
		config_group_init_type_name(&dir->group, dir->kind->dir, &lg_vdev_dir_type);
		configfs_add_default_group(&dir->group, &lg->group);
	}
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

/**
 * lg_find_and_pin() - look a guest up by name and keep its directory.
 * @name: the configfs directory name.
 *
 * Return: the guest, referenced and pinned (rmdir fails with EBUSY) until
 * lg_unpin(); ERR_PTR(-ENOENT) if there is none.
 */
struct lguest *lg_find_and_pin(const char *name)
{
	struct config_item *item;
	int err;

	mutex_lock(&lg_subsys.su_mutex);
	item = config_group_find_item(&lg_subsys.su_group, name);
	mutex_unlock(&lg_subsys.su_mutex);
	if (!item)
		return ERR_PTR(-ENOENT);
	err = configfs_depend_item(&lg_subsys, item);
	if (err) {
		config_item_put(item);
		return ERR_PTR(err);
	}
	return to_lguest(item);
}

void lg_unpin(struct lguest *lg)
{
	configfs_undepend_item(&lg->group.cg_item);
	config_item_put(&lg->group.cg_item);
}

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
