// SPDX-License-Identifier: GPL-2.0
/*
 * D:200 The console's buffers, between the UART and the stub's file.
 * Output is a 16 KiB ring: when it is full the vCPU waits for the reader
 * instead of dropping bytes.  read() returns 0 only once the guest has
 * ended and everything it wrote was read, so the stub can drain it.
 *
 * A byte into an empty ring wakes the reader a millisecond later, not at
 * once (a half-full ring wakes it at once): a guest printing its boot log
 * through the UART would otherwise wake the stub's reader, and on a busy
 * CPU switch to it, for every byte.
 */
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/tty_flip.h>
#include <linux/tty_port.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include "../lg.h"

#define LG_CONSOLE_BATCH_NS	NSEC_PER_MSEC

static void lg_console_tty_flush(struct work_struct *work);

/* Hard-IRQ context: the reader's moment has come. */
static enum hrtimer_restart lg_console_out_timer(struct hrtimer *t)
{
	struct lg_console *con = container_of(t, struct lg_console, out_timer);

	wake_up_interruptible(&con->out_wait);
	return HRTIMER_NORESTART;
}

int lg_console_init(struct lguest *lg)
{
	struct lg_console *con = &lg->con;

	INIT_DELAYED_WORK(&con->tty_flush, lg_console_tty_flush);
	hrtimer_init(&con->out_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	con->out_timer.function = lg_console_out_timer;
	con->out = vmalloc(LG_CONSOLE_OUT_SIZE);
	if (!con->out)
		return -ENOMEM;
	con->out_head = 0;
	con->out_len = 0;
	con->in_head = 0;
	con->in_len = 0;
	return 0;
}

void lg_console_free(struct lguest *lg)
{
	cancel_delayed_work_sync(&lg->con.tty_flush);
	hrtimer_cancel(&lg->con.out_timer);
	vfree(lg->con.out);
	lg->con.out = NULL;
}

/* Move what the ring holds into the tty's buffer, as far as it goes. */
static void lg_console_ring_to_tty(struct lg_console *con, struct tty_port *port)
{
	while (con->out_len) {
		size_t n = min_t(size_t, con->out_len, LG_CONSOLE_OUT_SIZE - con->out_head);

		n = min_t(size_t, n, tty_buffer_space_avail(port));
		if (!n)
			break;
		n = tty_insert_flip_string(port, con->out + con->out_head, n);
		con->out_head = (con->out_head + n) % LG_CONSOLE_OUT_SIZE;
		con->out_len -= n;
	}
}

/* The tty was opened: it gets the output kept while it was closed. */
void lg_console_flush_to_tty(struct lguest *lg, struct tty_port *port)
{
	spin_lock(&lg->con.lock);
	lg_console_ring_to_tty(&lg->con, port);
	spin_unlock(&lg->con.lock);
	tty_flip_buffer_push(port);
}

/*
 * What the tty's buffer could not take stays in the ring; nothing tells a
 * driver when that buffer drains, so a short timer keeps moving it.
 */
static void lg_console_tty_flush(struct work_struct *work)
{
	struct lguest *lg = container_of(to_delayed_work(work), struct lguest,
					 con.tty_flush);
	struct tty_port *port = READ_ONCE(lg->con.port);
	bool more;

	if (!port || !tty_port_initialized(port))
		return;
	spin_lock(&lg->con.lock);
	lg_console_ring_to_tty(&lg->con, port);
	more = lg->con.out_len;
	spin_unlock(&lg->con.lock);
	tty_flip_buffer_push(port);
	if (more)
		schedule_delayed_work(&lg->con.tty_flush, msecs_to_jiffies(10));
}

/*
 * The UART's transmit side; false tells the vCPU to wait and retry.  To
 * the stub, the ring never overflows: the guest waits for the reader.  A
 * tty is fed from the ring and never makes the guest wait (nothing would
 * wake it when the tty drains): when the ring is full, the oldest output
 * goes, as on a serial line nobody listens to.
 */
bool lg_console_put(struct lguest *lg, u8 c)
{
	struct lg_console *con = &lg->con;
	struct tty_port *port = READ_ONCE(lg->con.port);
	bool open = port && tty_port_initialized(port);
	bool ok = false, more = false;
	size_t len;

	spin_lock(&con->lock);
	if (open)
		lg_console_ring_to_tty(con, port);
	if (con->out_len == LG_CONSOLE_OUT_SIZE && port) {
		con->out_head = (con->out_head + 1) % LG_CONSOLE_OUT_SIZE;
		con->out_len--;
	}
	if (con->out_len < LG_CONSOLE_OUT_SIZE) {
		con->out[(con->out_head + con->out_len) % LG_CONSOLE_OUT_SIZE] = c;
		con->out_len++;
		ok = true;
	}
	if (open) {
		lg_console_ring_to_tty(con, port);
		more = con->out_len;
	}
	len = con->out_len;
	spin_unlock(&con->lock);
	if (open) {
		tty_flip_buffer_push(port);
		if (more)
			schedule_delayed_work(&con->tty_flush, msecs_to_jiffies(10));
	} else if (ok && len >= LG_CONSOLE_OUT_SIZE / 2) {
		wake_up_interruptible(&con->out_wait);
	} else if (ok && len == 1) {
		/* Not pending already, or pushed a little later: either is fine. */
		hrtimer_start(&con->out_timer, LG_CONSOLE_BATCH_NS, HRTIMER_MODE_REL);
	}
	return ok;
}

bool lg_console_has_room(struct lguest *lg)
{
	return READ_ONCE(lg->con.out_len) < LG_CONSOLE_OUT_SIZE;
}

/*
 * The input ring was full and is not: a stub waiting in poll() for
 * POLLOUT may write again (it shares the output's wait queue), and so may
 * a writer the tty layer put to sleep when write_room() said 0.  The
 * vCPU's thread or a virtio worker, outside the ring's lock; both have
 * stopped before lg_tty_remove() lets the port go.
 */
static void lg_console_input_room(struct lg_console *con)
{
	struct tty_port *port = READ_ONCE(con->port);

	wake_up_interruptible(&con->out_wait);
	if (port)
		tty_port_tty_wakeup(port);
}

/*
 * The UART's receive side: the next byte from the stub, or -1 (also
 * while a virtio console takes the input).
 */
int lg_console_get(struct lguest *lg, bool peek)
{
	struct lg_console *con = &lg->con;
	bool was_full = false;
	int c = -1;

	spin_lock(&con->lock);
	if (con->in_len && !con->input_kick) {
		c = con->in[con->in_head];
		if (!peek) {
			was_full = con->in_len == sizeof(con->in);
			con->in_head = (con->in_head + 1) % sizeof(con->in);
			con->in_len--;
		}
	}
	spin_unlock(&con->lock);
	if (was_full)
		lg_console_input_room(con);
	return c;
}

/* The virtio console's receive side: up to @len bytes of input. */
size_t lg_console_take(struct lguest *lg, u8 *buf, size_t len)
{
	struct lg_console *con = &lg->con;
	bool was_full;
	size_t n, i;

	spin_lock(&con->lock);
	n = min(len, con->in_len);
	for (i = 0; i < n; i++)
		buf[i] = con->in[(con->in_head + i) % sizeof(con->in)];
	was_full = n && con->in_len == sizeof(con->in);
	con->in_head = (con->in_head + n) % sizeof(con->in);
	con->in_len -= n;
	spin_unlock(&con->lock);
	if (was_full)
		lg_console_input_room(con);
	return n;
}

static bool lg_console_readable(struct lguest *lg)
{
	return READ_ONCE(lg->con.out_len) || !lg_running(lg);
}

ssize_t lg_console_read(struct lguest *lg, char __user *buf, size_t len,
			bool nonblock)
{
	struct lg_console *con = &lg->con;
	u8 chunk[256];
	size_t n, first;
	int err;

	if (!len || READ_ONCE(lg->con.port))
		return 0;	/* nothing for the stub once a tty has the console */
	if (!READ_ONCE(con->out_len)) {
		if (!lg_running(lg))
			return 0;
		if (nonblock)
			return -EAGAIN;
		err = wait_event_interruptible(con->out_wait, lg_console_readable(lg));
		if (err)
			return err;
	}
	spin_lock(&con->lock);
	n = min3(len, con->out_len, sizeof(chunk));
	first = min_t(size_t, n, LG_CONSOLE_OUT_SIZE - con->out_head);
	memcpy(chunk, con->out + con->out_head, first);
	memcpy(chunk + first, con->out, n - first);
	con->out_head = (con->out_head + n) % LG_CONSOLE_OUT_SIZE;
	con->out_len -= n;
	spin_unlock(&con->lock);
	/* A vCPU may be waiting for room. */
	wake_up(&lg->wait);
	if (n && copy_to_user(buf, chunk, n))
		return -EFAULT;
	return n;
}

/* Room for input, in bytes. */
unsigned int lg_console_room(struct lguest *lg)
{
	return sizeof(lg->con.in) - READ_ONCE(lg->con.in_len);
}

ssize_t lg_console_write(struct lguest *lg, const char __user *buf, size_t len)
{
	u8 chunk[sizeof(lg->con.in)];
	size_t n;

	len = min(len, sizeof(chunk));
	if (copy_from_user(chunk, buf, len))
		return -EFAULT;
	n = lg_console_feed(lg, chunk, len);
	return n ? n : -EAGAIN;
}

/*
 * A virtio console takes input too: it is told of each arrival.  Cleared
 * (@kick NULL) before its worker stops, so no call comes after.
 */
void lg_console_set_input_kick(struct lguest *lg, void (*kick)(void *ctx), void *ctx)
{
	spin_lock(&lg->con.lock);
	lg->con.input_kick = kick;
	lg->con.input_ctx = ctx;
	spin_unlock(&lg->con.lock);
}

/* Input for the guest's UART, from the stub or the tty; never sleeps. */
size_t lg_console_feed(struct lguest *lg, const u8 *chunk, size_t len)
{
	struct lg_console *con = &lg->con;
	size_t n, i;

	spin_lock(&con->lock);
	n = min(len, sizeof(con->in) - con->in_len);
	for (i = 0; i < n; i++)
		con->in[(con->in_head + con->in_len + i) % sizeof(con->in)] = chunk[i];
	con->in_len += n;
	if (n && con->input_kick)
		con->input_kick(con->input_ctx);
	spin_unlock(&con->lock);
	/* The UART may now raise its interrupt: a halted vCPU must look. */
	wake_up(&lg->wait);
	if (n)
		lg_kick(lg);
	return n;
}

__poll_t lg_console_poll(struct lguest *lg, struct file *file,
			 struct poll_table_struct *wait)
{
	__poll_t mask = 0;

	poll_wait(file, &lg->con.out_wait, wait);
	if (lg_console_readable(lg))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (READ_ONCE(lg->con.in_len) < sizeof(lg->con.in))
		mask |= EPOLLOUT | EPOLLWRNORM;
	return mask;
}
