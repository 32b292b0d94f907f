// SPDX-License-Identifier: GPL-2.0
/*
 * D:250 A guest's console as a tty, /dev/lgcon<n>, for a stub that runs
 * detached (lguest-run -d): "screen /dev/lgcon0" or "cat" attach to it,
 * and the guest's "console" attribute names it.  While nobody has the tty
 * open the console ring keeps the latest output (the oldest is dropped,
 * never the guest's progress) and hands it over on open.
 *
 * The tty can outlive the guest (an open file): struct lg_tty is freed
 * by its tty_port's last reference, and loses its guest on detach.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/tty.h>
#include <linux/tty_driver.h>
#include <linux/tty_flip.h>

#include "../lg.h"

#define LG_TTY_MAX	64

/**
 * struct lg_tty - one guest's console tty.
 * @port: the tty port; its references keep this alive.
 * @lock: protects @lg against detach.
 * @lg: the guest, or NULL once it has gone.
 * @index: the minor: /dev/lgcon<index>.
 */
struct lg_tty {
	struct tty_port port;
	spinlock_t lock;	/* see @lock above */
	struct lguest *lg;
	int index;
};

static struct tty_driver *lg_tty_driver;
static DEFINE_MUTEX(lg_tty_mutex);
static struct lg_tty *lg_ttys[LG_TTY_MAX];
static int lg_tty_next;

static void lg_tty_destruct(struct tty_port *port)
{
	kfree(container_of(port, struct lg_tty, port));
}

/* On open: hand over what the guest wrote while nobody listened. */
static int lg_tty_activate(struct tty_port *port, struct tty_struct *tty)
{
	struct lg_tty *t = container_of(port, struct lg_tty, port);

	spin_lock(&t->lock);
	if (t->lg)
		lg_console_flush_to_tty(t->lg, port);
	spin_unlock(&t->lock);
	return 0;
}

static const struct tty_port_operations lg_tty_port_ops = {
	.activate = lg_tty_activate,
	.destruct = lg_tty_destruct,
};

static int lg_tty_install(struct tty_driver *driver, struct tty_struct *tty)
{
	struct lg_tty *t;
	int err;

	mutex_lock(&lg_tty_mutex);
	t = lg_ttys[tty->index];
	if (t)
		tty_port_get(&t->port);
	mutex_unlock(&lg_tty_mutex);
	if (!t)
		return -ENODEV;
	err = tty_port_install(&t->port, driver, tty);
	if (err) {
		tty_port_put(&t->port);
		return err;
	}
	tty->driver_data = t;
	return 0;
}

static void lg_tty_cleanup(struct tty_struct *tty)
{
	struct lg_tty *t = tty->driver_data;

	tty->driver_data = NULL;
	tty_port_put(&t->port);
}

static int lg_tty_open(struct tty_struct *tty, struct file *filp)
{
	struct lg_tty *t = tty->driver_data;

	return tty_port_open(&t->port, tty, filp);
}

static void lg_tty_close(struct tty_struct *tty, struct file *filp)
{
	struct lg_tty *t = tty->driver_data;

	tty_port_close(&t->port, tty, filp);
}

/* Keys typed on the tty go to the guest's UART. */
static size_t lg_tty_do_write(struct tty_struct *tty, const u8 *buf, size_t count)
{
	struct lg_tty *t = tty->driver_data;
	size_t n = 0;

	spin_lock(&t->lock);
	if (t->lg)
		n = lg_console_feed(t->lg, buf, count);
	spin_unlock(&t->lock);
	return n;
}

/*
 * tty_operations.write returned int and took an int count until 6.6, then
 * ssize_t and size_t; the Makefile looks at the header to say which.
 */
#ifdef LG_TTY_WRITE_SSIZE_T
static ssize_t lg_tty_write(struct tty_struct *tty, const u8 *buf, size_t count)
#else
static int lg_tty_write(struct tty_struct *tty, const u8 *buf, int count)
#endif
{
	return count > 0 ? lg_tty_do_write(tty, buf, count) : 0;
}

static unsigned int lg_tty_write_room(struct tty_struct *tty)
{
	struct lg_tty *t = tty->driver_data;
	unsigned int room = 0;

	spin_lock(&t->lock);
	if (t->lg)
		room = lg_console_room(t->lg);
	spin_unlock(&t->lock);
	return room;
}

static const struct tty_operations lg_tty_ops = {
	.install = lg_tty_install,
	.cleanup = lg_tty_cleanup,
	.open = lg_tty_open,
	.close = lg_tty_close,
	.write = lg_tty_write,
	.write_room = lg_tty_write_room,
};

/**
 * lg_tty_create() - give @lg's console a tty; from now on it goes there.
 * @lg: the attached guest.
 *
 * Return: the tty's index (/dev/lgcon<index>), or a negative errno.
 */
int lg_tty_create(struct lguest *lg)
{
	struct lg_tty *t;
	struct device *dev;
	int i, index = -ENOSPC;

	if (lg->con.tty)
		return lg->con.tty->index;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	tty_port_init(&t->port);
	t->port.ops = &lg_tty_port_ops;
	spin_lock_init(&t->lock);
	t->lg = lg;

	/* Round-robin, so a minor a hung-up file still holds is not reused at once. */
	mutex_lock(&lg_tty_mutex);
	for (i = 0; i < LG_TTY_MAX; i++) {
		int n = (lg_tty_next + i) % LG_TTY_MAX;

		if (!lg_ttys[n]) {
			index = n;
			lg_ttys[n] = t;
			lg_tty_next = n + 1;
			break;
		}
	}
	mutex_unlock(&lg_tty_mutex);
	if (index < 0) {
		tty_port_put(&t->port);
		return index;
	}
	t->index = index;
	dev = tty_port_register_device(&t->port, lg_tty_driver, index, NULL);
	if (IS_ERR(dev)) {
		mutex_lock(&lg_tty_mutex);
		lg_ttys[index] = NULL;
		mutex_unlock(&lg_tty_mutex);
		tty_port_put(&t->port);
		return PTR_ERR(dev);
	}
	WRITE_ONCE(lg->con.tty, t);
	WRITE_ONCE(lg->con.port, &t->port);
	return index;
}

/* The guest's tty port; NULL without one. */
struct tty_port *lg_tty_port(struct lguest *lg)
{
	return READ_ONCE(lg->con.port);
}

int lg_tty_index(struct lguest *lg)
{
	return lg->con.tty ? lg->con.tty->index : -1;
}

/**
 * lg_tty_remove() - the guest is going: cut its tty loose.
 * @lg: the guest, being detached.
 *
 * Open files see a hangup; the tty is freed with its last reference.
 */
void lg_tty_remove(struct lguest *lg)
{
	struct lg_tty *t = lg->con.tty;

	if (!t)
		return;
	cancel_delayed_work_sync(&lg->con.tty_flush);
	mutex_lock(&lg_tty_mutex);
	lg_ttys[t->index] = NULL;
	mutex_unlock(&lg_tty_mutex);
	spin_lock(&t->lock);
	t->lg = NULL;
	spin_unlock(&t->lock);
	WRITE_ONCE(lg->con.port, NULL);
	WRITE_ONCE(lg->con.tty, NULL);
	tty_port_tty_hangup(&t->port, false);
	tty_unregister_device(lg_tty_driver, t->index);
	tty_port_put(&t->port);
}

int lg_tty_init(void)
{
	struct tty_driver *d;
	int err;

	d = tty_alloc_driver(LG_TTY_MAX, TTY_DRIVER_REAL_RAW | TTY_DRIVER_DYNAMIC_DEV);
	if (IS_ERR(d))
		return PTR_ERR(d);
	d->driver_name = "lguest";
	d->name = "lgcon";
	d->type = TTY_DRIVER_TYPE_SERIAL;
	d->subtype = SERIAL_TYPE_NORMAL;
	/* Raw: the guest's own tty does the echoing and line editing. */
	d->init_termios = tty_std_termios;
	d->init_termios.c_iflag = 0;
	d->init_termios.c_oflag = 0;
	d->init_termios.c_lflag = 0;
	tty_set_operations(d, &lg_tty_ops);
	err = tty_register_driver(d);
	if (err) {
		tty_driver_kref_put(d);
		return err;
	}
	lg_tty_driver = d;
	return 0;
}

void lg_tty_exit(void)
{
	tty_unregister_driver(lg_tty_driver);
	tty_driver_kref_put(lg_tty_driver);
}
