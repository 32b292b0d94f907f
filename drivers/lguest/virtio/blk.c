// SPDX-License-Identifier: GPL-2.0
/*
 * V:430 virtio-blk on a regular file or a host block device, opened when
 * the machine is built with the attaching user's credentials (so that
 * user must be able to open it).  Requests are served in the device's
 * worker, so a slow disk never holds up the vCPU, its timer or its
 * console:
 * - a file is read and written with the kernel's file I/O straight
 *   between the page cache and guest RAM (the iov_iter points into the
 *   stub's address space, which the worker has adopted), one request at
 *   a time;
 * - a block device gets bios on guest RAM's own pages, pinned for the
 *   I/O, as nvmet's bdev backend does: no copy, no host page cache, and
 *   up to LG_VDEV_DEPTH requests in flight, finished by the worker when
 *   the last bio of each ends (lg_blk_end_io(), any context).
 * A flush is answered only after vfs_fsync(), which waits for the
 * device's cache too; nothing past the disk's end is read or written, so
 * the file is never extended.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/ctype.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/uio.h>

#include "../lg.h"
#include "blkreq.h"

#define LG_BLK_PATH_MAX		256
/*
 * Bytes one request on a block device may move: its pages stay pinned
 * until it ends.  Linux asks for at most max_sectors_kb (1280 KiB by
 * default); a guest that asks for more gets an I/O error.
 */
#define LG_BLK_BIO_MAX		(16 << 20)

#define LG_BLK_F_SEG_MAX	2
#define LG_BLK_F_RO		5
#define LG_BLK_F_BLK_SIZE	6
#define LG_BLK_F_FLUSH		9
#define LG_BLK_F_DISCARD	13
#define LG_BLK_F_WRITE_ZEROES	14

/* struct virtio_blk_config, as far as lguest fills it. */
#define CFG_CAPACITY		0
#define CFG_SEG_MAX		12
#define CFG_BLK_SIZE		20
#define CFG_MAX_DISCARD_SECTORS	36
#define CFG_MAX_DISCARD_SEG	40
#define CFG_DISCARD_ALIGN	44
#define CFG_MAX_WZ_SECTORS	48
#define CFG_MAX_WZ_SEG		52
#define CFG_SIZE		60

/**
 * struct lg_blk - a disk.
 * @vdev: the virtio device.
 * @path: the backing file or block device (configuration).
 * @serial: what GET_ID answers (configuration; the name if empty).
 * @read_only: the guest may not write (configuration).
 * @file: the open backing, while the machine exists.
 * @bdev: the block device behind @file, if it is one: bios, not file I/O.
 * @lbs: its logical block size: the alignment bios need.
 * @capacity: its size in 512-byte sectors.
 * @can_fallocate: discard and write-zeroes are offered.
 * @config: the configuration space.
 * @req: the request being served (the worker's).
 * @iov: its data as user pointers (the worker's).
 */
struct lg_blk {
	struct lg_vdev vdev;
	char path[LG_BLK_PATH_MAX];
	char serial[LG_BLK_ID_BYTES + 1];
	bool read_only;
	struct file *file;
	struct block_device *bdev;
	unsigned int lbs;
	u64 capacity;
	bool can_fallocate;
	u8 config[CFG_SIZE];
	struct lg_blk_req req;
	struct iovec iov[LG_VQ_SEGS_MAX];
};

static struct lg_blk *to_lg_blk(struct lg_vdev *d)
{
	return container_of(d, struct lg_blk, vdev);
}

/* The request's data as user pointers into guest RAM, in @b->iov. */
static int lg_blk_iov(struct lg_blk *b)
{
	unsigned int i;

	for (i = 0; i < b->req.n; i++) {
		void __user *p = lg_guest_uptr(b->vdev.lg, b->req.data[i].gpa,
					       b->req.data[i].len);

		if (!p)
			return -EFAULT;
		b->iov[i].iov_base = p;
		b->iov[i].iov_len = b->req.data[i].len;
	}
	return 0;
}

/* Data to or from the file at @pos, through guest RAM in place. */
static int lg_blk_rw(struct lg_blk *b, bool write, u64 pos)
{
	struct iov_iter iter;
	loff_t off = pos;
	ssize_t n;

	iov_iter_init(&iter, write ? ITER_SOURCE : ITER_DEST, b->iov, b->req.n,
		      b->req.len);
	if (write) {
		/* The file may have shrunk since the disk was sized: never grow it. */
		if (S_ISREG(file_inode(b->file)->i_mode) &&
		    pos + b->req.len > i_size_read(file_inode(b->file)))
			return -EIO;
		n = vfs_iter_write(b->file, &iter, &off, 0);
	} else {
		n = vfs_iter_read(b->file, &iter, &off, 0);
	}
	if (n < 0)
		return n;
	return n == b->req.len ? 0 : -EIO;
}

/**
 * struct lg_blk_io - a read or write on a block device, in flight.
 * @vio: the chain, for the worker.
 * @b: the disk.
 * @status_gpa: where its status byte goes.
 * @len: its data bytes.
 * @read: from the disk into guest RAM (its pages are then dirtied).
 * @failed: a bio ended with an error (any context writes it).
 * @bios: bios not yet ended, plus one while they are being submitted.
 * @nr_pages: pinned pages in @pages.
 * @pages: guest RAM's pages under the I/O.
 */
struct lg_blk_io {
	struct lg_vdev_io vio;
	struct lg_blk *b;
	u64 status_gpa;
	u64 len;
	bool read;
	bool failed;
	atomic_t bios;
	unsigned int nr_pages;
	struct page *pages[];
};

static void lg_blk_io_put(struct lg_blk_io *io)
{
	if (atomic_dec_and_test(&io->bios))
		lg_vdev_io_done(&io->b->vdev, &io->vio);
}

/* Any context, the block layer's completion: the worker does the rest. */
static void lg_blk_end_io(struct bio *bio)
{
	struct lg_blk_io *io = bio->bi_private;

	if (bio->bi_status)
		WRITE_ONCE(io->failed, true);
	bio_put(bio);
	lg_blk_io_put(io);
}

/* Pins the request's guest pages into @io->pages; undoes itself on failure. */
static int lg_blk_pin(struct lg_blk *b, struct lg_blk_io *io)
{
	unsigned int i, n;
	int got;

	for (i = 0; i < b->req.n; i++) {
		unsigned long u = (unsigned long)b->iov[i].iov_base;

		n = DIV_ROUND_UP(offset_in_page(u) + b->iov[i].iov_len, PAGE_SIZE);
		got = pin_user_pages_fast(u & PAGE_MASK, n, io->read ? FOLL_WRITE : 0,
					  io->pages + io->nr_pages);
		if (got > 0)
			io->nr_pages += got;
		if (got != n) {
			unpin_user_pages(io->pages, io->nr_pages);
			return -EFAULT;
		}
	}
	return 0;
}

/*
 * V:445 A read or write on a block device: check the shape a bio needs
 * (whole logical blocks, aligned in guest RAM), pin the pages, and
 * submit bios of up to BIO_MAX_VECS pages each.  Returns 0 when the
 * request is in flight, an errno (answered at once) otherwise.
 */
static int lg_blk_submit(struct lg_blk *b, unsigned int q, u16 head, bool write,
			 u64 pos)
{
	const blk_opf_t op = write ? REQ_OP_WRITE : REQ_OP_READ;
	unsigned int i, p = 0, nr = 0, mask = b->lbs - 1;
	sector_t sector = pos >> SECTOR_SHIFT;
	struct lg_blk_io *io;
	struct bio *bio = NULL;

	if (b->req.len > LG_BLK_BIO_MAX || (pos & mask))
		return -EIO;
	for (i = 0; i < b->req.n; i++) {
		unsigned long u = (unsigned long)b->iov[i].iov_base;

		if ((u & mask) || (b->iov[i].iov_len & mask))
			return -EIO;
		nr += DIV_ROUND_UP(offset_in_page(u) + b->iov[i].iov_len, PAGE_SIZE);
	}
	io = kvzalloc(struct_size(io, pages, nr), GFP_KERNEL_ACCOUNT);
	if (!io)
		return -ENOMEM;
	io->b = b;
	io->status_gpa = b->req.status_gpa;
	io->len = b->req.len;
	io->read = !write;
	if (lg_blk_pin(b, io)) {
		kvfree(io);
		return -EFAULT;
	}
	atomic_set(&io->bios, 1);
	lg_vdev_io_begin(&b->vdev, &io->vio, q, head);

	/* Walk the buffers page by page: each piece is whole sectors. */
	for (i = 0; i < b->req.n; i++) {
		unsigned long u = (unsigned long)b->iov[i].iov_base;
		size_t left = b->iov[i].iov_len;

		while (left) {
			unsigned int off = offset_in_page(u);
			unsigned int len = min_t(size_t, left, PAGE_SIZE - off);

			if (!bio) {
				bio = bio_alloc(b->bdev, min_t(unsigned int, nr - p, BIO_MAX_VECS),
						op, GFP_KERNEL);
				bio->bi_iter.bi_sector = sector;
				bio->bi_end_io = lg_blk_end_io;
				bio->bi_private = io;
			}
			if (bio_add_page(bio, io->pages[p], len, off) != len) {
				atomic_inc(&io->bios);
				submit_bio(bio);
				bio = NULL;
				continue;
			}
			sector += len >> SECTOR_SHIFT;
			u += len;
			left -= len;
			if (off + len == PAGE_SIZE || !left)
				p++;
		}
	}
	if (bio) {
		atomic_inc(&io->bios);
		submit_bio(bio);
	}
	lg_blk_io_put(io);
	return 0;
}

/* V:447 The worker, once every bio of a request has ended: answer it. */
static u32 lg_blk_finish(struct lg_vdev *d, struct lg_vdev_io *vio)
{
	struct lg_blk_io *io = container_of(vio, struct lg_blk_io, vio);
	u8 status = io->failed ? LG_BLK_S_IOERR : LG_BLK_S_OK;
	u32 written = 0;

	unpin_user_pages_dirty_lock(io->pages, io->nr_pages, io->read && !io->failed);
	if (io->failed) {
		WRITE_ONCE(d->stats.errors, d->stats.errors + 1);
	} else {
		WRITE_ONCE(d->stats.bytes, d->stats.bytes + io->len);
		if (io->read)
			written = io->len;
	}
	if (!d->mem.write(d->mem.ctx, io->status_gpa, &status, 1))
		written++;
	kvfree(io);
	return written;
}

/* DISCARD and WRITE_ZEROES: one range, { le64 sector, le32 sectors, le32 flags }. */
static int lg_blk_fallocate(struct lg_blk *b, const struct lg_vq_chain *c, u32 type)
{
	struct lg_vdev *d = &b->vdev;
	u8 seg[16];
	u64 sector, len, pos;
	int mode = FALLOC_FL_KEEP_SIZE;

	if (!b->can_fallocate || b->read_only)
		return -EOPNOTSUPP;
	if (b->req.len != sizeof(seg) ||
	    lg_vq_copy_from(&d->mem, c, LG_BLK_HDR_SIZE, seg, sizeof(seg)) != sizeof(seg))
		return -EIO;
	sector = lg_get_le64(seg);
	len = (u64)lg_get_le32(seg + 8) * 512;
	if (lg_blk_range(sector, len, b->capacity, &pos))
		return -EIO;
	mode |= type == LG_BLK_T_DISCARD ? FALLOC_FL_PUNCH_HOLE : FALLOC_FL_ZERO_RANGE;
	return vfs_fallocate(b->file, mode, pos, len);
}

/* V:440 One request: parse, check, do, and say how it went. */
static u32 lg_blk_request(struct lg_vdev *d, unsigned int q,
			  const struct lg_vq_chain *c)
{
	struct lg_blk *b = to_lg_blk(d);
	u8 hdr[LG_BLK_HDR_SIZE], status = LG_BLK_S_OK;
	u32 type, written = 0;
	u64 sector, pos;
	int err;

	if (lg_vq_copy_from(&d->mem, c, 0, hdr, sizeof(hdr)) != sizeof(hdr))
		memset(hdr, 0xff, sizeof(hdr));
	type = lg_get_le32(hdr);
	sector = lg_get_le64(hdr + 8);
	err = lg_blk_layout(c, type != LG_BLK_T_IN && type != LG_BLK_T_GET_ID, &b->req);
	if (err == -EINVAL) {
		/* No status byte: nothing can be said, so nothing is done. */
		WRITE_ONCE(d->stats.errors, d->stats.errors + 1);
		return 0;
	}
	if (err)
		goto done;

	switch (type) {
	case LG_BLK_T_IN:
	case LG_BLK_T_OUT:
		err = lg_blk_range(sector, b->req.len, b->capacity, &pos);
		if (!err && type == LG_BLK_T_OUT && b->read_only)
			err = -EROFS;
		if (!err)
			err = lg_blk_iov(b);
		if (!err && b->bdev) {
			err = lg_blk_submit(b, q, c->head, type == LG_BLK_T_OUT, pos);
			if (!err)
				return LG_VDEV_LATER;
		} else if (!err) {
			err = lg_blk_rw(b, type == LG_BLK_T_OUT, pos);
		}
		if (!err) {
			WRITE_ONCE(d->stats.bytes, d->stats.bytes + b->req.len);
			if (type == LG_BLK_T_IN)
				written = b->req.len;
		}
		break;
	case LG_BLK_T_FLUSH:
		err = b->read_only ? 0 : vfs_fsync(b->file, 0);
		break;
	case LG_BLK_T_GET_ID: {
		u8 id[LG_BLK_ID_BYTES] = {};
		const char *s = b->serial[0] ? b->serial : config_item_name(&d->item);

		memcpy(id, s, min(strlen(s), sizeof(id)));
		written = lg_vq_copy_to(&d->mem, c, 0, id, min_t(u64, sizeof(id), b->req.len));
		break;
	}
	case LG_BLK_T_DISCARD:
	case LG_BLK_T_WRITE_ZEROES:
		err = lg_blk_fallocate(b, c, type);
		break;
	default:
		err = -EOPNOTSUPP;
		break;
	}
done:
	if (err) {
		status = err == -EOPNOTSUPP ? LG_BLK_S_UNSUPP : LG_BLK_S_IOERR;
		WRITE_ONCE(d->stats.errors, d->stats.errors + 1);
	}
	if (d->mem.write(d->mem.ctx, b->req.status_gpa, &status, 1))
		return written;
	return written + 1;
}

/*
 * M:080 Open the backing and describe it: its size in sectors (a size
 * that is not a multiple of 512 loses its tail, with a log line),
 * read-only, and discard and write-zeroes where the file system or
 * device can punch and zero ranges.
 */
static int lg_blk_start(struct lg_vdev *d)
{
	struct lg_blk *b = to_lg_blk(d);
	struct lguest *lg = d->lg;
	struct inode *inode;
	struct file *f;
	u64 size, features;

	if (!b->path[0])
		return lg_set_reason(lg, -EINVAL, "%s: no path set", d->label);
	f = filp_open(b->path, (b->read_only ? O_RDONLY : O_RDWR) | O_LARGEFILE, 0);
	if (IS_ERR(f) && PTR_ERR(f) == -EISDIR)
		return lg_set_reason(lg, -EINVAL,
				     "%s: %s is a directory, not a file or a block device",
				     d->label, b->path);
	if (IS_ERR(f))
		return lg_set_reason(lg, PTR_ERR(f), "%s: cannot open %s (error %ld)",
				     d->label, b->path, PTR_ERR(f));
	inode = file_inode(f);
	if (!S_ISREG(inode->i_mode) && !S_ISBLK(inode->i_mode)) {
		filp_close(f, NULL);
		return lg_set_reason(lg, -EINVAL, "%s: %s is not a file or a block device",
				     d->label, b->path);
	}
	size = S_ISBLK(inode->i_mode) ? bdev_nr_bytes(I_BDEV(f->f_mapping->host)) :
					i_size_read(inode);
	if (size % 512)
		pr_info("%s: %s: %s is %llu bytes, not whole sectors: the last %llu are not used\n",
			config_item_name(&lg->group.cg_item), d->label, b->path,
			size, size % 512);
	b->file = f;
	b->bdev = S_ISBLK(inode->i_mode) ? I_BDEV(f->f_mapping->host) : NULL;
	b->lbs = b->bdev ? bdev_logical_block_size(b->bdev) : 512;
	b->capacity = size / 512;
	b->can_fallocate = f->f_op->fallocate;

	memset(b->config, 0, sizeof(b->config));
	lg_put_le64(b->config + CFG_CAPACITY, b->capacity);
	lg_put_le32(b->config + CFG_SEG_MAX, LG_VQ_SEGS_MAX - 2);
	lg_put_le32(b->config + CFG_BLK_SIZE, b->lbs);
	lg_put_le32(b->config + CFG_MAX_DISCARD_SECTORS, U32_MAX);
	lg_put_le32(b->config + CFG_MAX_DISCARD_SEG, 1);
	lg_put_le32(b->config + CFG_DISCARD_ALIGN, 1);
	lg_put_le32(b->config + CFG_MAX_WZ_SECTORS, U32_MAX);
	lg_put_le32(b->config + CFG_MAX_WZ_SEG, 1);
	d->t.config = b->config;
	d->t.config_len = sizeof(b->config);

	features = BIT_ULL(LG_BLK_F_SEG_MAX) | BIT_ULL(LG_BLK_F_BLK_SIZE) |
		   BIT_ULL(LG_BLK_F_FLUSH);
	if (b->read_only)
		features |= BIT_ULL(LG_BLK_F_RO);
	else if (b->can_fallocate)
		features |= BIT_ULL(LG_BLK_F_DISCARD) | BIT_ULL(LG_BLK_F_WRITE_ZEROES);
	d->t.device_features |= features;
	return 0;
}

static void lg_blk_stop(struct lg_vdev *d)
{
	struct lg_blk *b = to_lg_blk(d);

	if (b->file)
		filp_close(b->file, NULL);
	b->file = NULL;
	b->bdev = NULL;
}

static ssize_t lg_blk_stats(struct lg_vdev *d, char *page, ssize_t len)
{
	struct lg_blk *b = to_lg_blk(d);

	len += sysfs_emit_at(page, len, "capacity_sectors %llu\n", READ_ONCE(b->capacity));
	return len + sysfs_emit_at(page, len, "backend %s\n",
				   !READ_ONCE(b->file) ? "none" :
				   READ_ONCE(b->bdev) ? "bio" : "file");
}

/* ---- configuration -------------------------------------------------------- */

static ssize_t lg_blk_path_show(struct config_item *item, char *page)
{
	struct lg_vdev *d = to_lg_vdev(item);
	ssize_t ret;

	mutex_lock(&d->lg->lock);
	ret = sysfs_emit(page, "%s\n", to_lg_blk(d)->path);
	mutex_unlock(&d->lg->lock);
	return ret;
}

/* An absolute path; whether it opens is found out at attach, as the user. */
static ssize_t lg_blk_path_store(struct config_item *item, const char *page,
				 size_t count)
{
	struct lg_vdev *d = to_lg_vdev(item);
	size_t len = lg_strip_len(page, count), i;
	int err;

	if (!len || page[0] != '/' || len >= LG_BLK_PATH_MAX) {
		pr_info("%s: path: an absolute path of at most %d characters\n",
			d->label, LG_BLK_PATH_MAX - 1);
		return -EINVAL;
	}
	for (i = 0; i < len; i++) {
		if (!isprint(page[i])) {
			pr_info("%s: path: control character at %zu\n", d->label, i);
			return -EINVAL;
		}
	}
	err = lg_vdev_config_lock(d, "path");
	if (err)
		return err;
	memcpy(to_lg_blk(d)->path, page, len);
	to_lg_blk(d)->path[len] = '\0';
	lg_vdev_config_unlock(d);
	return count;
}

static ssize_t lg_blk_read_only_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", READ_ONCE(to_lg_blk(to_lg_vdev(item))->read_only));
}

static ssize_t lg_blk_read_only_store(struct config_item *item, const char *page,
				      size_t count)
{
	struct lg_vdev *d = to_lg_vdev(item);
	bool ro;
	int err;

	err = kstrtobool(page, &ro);
	if (err) {
		pr_info("%s: read_only: 0 or 1\n", d->label);
		return err;
	}
	err = lg_vdev_config_lock(d, "read_only");
	if (err)
		return err;
	to_lg_blk(d)->read_only = ro;
	lg_vdev_config_unlock(d);
	return count;
}

static ssize_t lg_blk_serial_show(struct config_item *item, char *page)
{
	struct lg_vdev *d = to_lg_vdev(item);
	ssize_t ret;

	mutex_lock(&d->lg->lock);
	ret = sysfs_emit(page, "%s\n", to_lg_blk(d)->serial);
	mutex_unlock(&d->lg->lock);
	return ret;
}

/* At most 20 printable characters, as GET_ID carries. */
static ssize_t lg_blk_serial_store(struct config_item *item, const char *page,
				   size_t count)
{
	struct lg_vdev *d = to_lg_vdev(item);
	size_t len = lg_strip_len(page, count), i;
	int err;

	for (i = 0; i < len; i++)
		if (!isgraph(page[i]))
			len = 0;
	if (len > LG_BLK_ID_BYTES || (!len && lg_strip_len(page, count))) {
		pr_info("%s: serial: at most %d printable characters, no spaces\n",
			d->label, LG_BLK_ID_BYTES);
		return -EINVAL;
	}
	err = lg_vdev_config_lock(d, "serial");
	if (err)
		return err;
	memcpy(to_lg_blk(d)->serial, page, len);
	to_lg_blk(d)->serial[len] = '\0';
	lg_vdev_config_unlock(d);
	return count;
}

CONFIGFS_ATTR(lg_blk_, path);
CONFIGFS_ATTR(lg_blk_, read_only);
CONFIGFS_ATTR(lg_blk_, serial);

static struct configfs_attribute *lg_blk_attrs[] = {
	&lg_blk_attr_path,
	&lg_blk_attr_read_only,
	&lg_blk_attr_serial,
	&lg_vdev_attr_stats,
	NULL,
};

static void lg_blk_release(struct config_item *item)
{
	kvfree(to_lg_blk(to_lg_vdev(item)));
}

static struct configfs_item_operations lg_blk_item_ops = {
	.release = lg_blk_release,
};

static const struct config_item_type lg_blk_type = {
	.ct_item_ops = &lg_blk_item_ops,
	.ct_attrs = lg_blk_attrs,
	.ct_owner = THIS_MODULE,
};

static struct lg_vdev *lg_blk_alloc(void)
{
	struct lg_blk *b = kvzalloc(sizeof(*b), GFP_KERNEL_ACCOUNT);

	return b ? &b->vdev : NULL;
}

const struct lg_vdev_kind lg_blk_kind = {
	.dir = "disks",
	.item_type = &lg_blk_type,
	.device_id = 2,
	.nr_queues = 1,
	.size = sizeof(struct lg_blk),
	.alloc = lg_blk_alloc,
	.start = lg_blk_start,
	.stop = lg_blk_stop,
	.request = lg_blk_request,
	.finish = lg_blk_finish,
	.stats = lg_blk_stats,
};
