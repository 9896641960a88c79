/* io.c - ex05_select_io: wait_readable and wait_writable, by polling
 * select() with a zero timeout (busy polling: see io.h for its cost). */
#include "io.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>

static io_stats stats;          /* process-wide: the demo prints them */

/* DOC: io_ready_select */
int io_ready(int fd, io_direction dir)
{
    struct timeval no_wait = { 0, 0 };     /* look, answer, do not block */
    fd_set set;
    int ready;

    if (fd < 0) {
        errno = EBADF;
        return -1;
    }
    if (fd >= FD_SETSIZE) {     /* FD_SET would write past the bitmap */
        errno = EINVAL;
        return -1;
    }
    FD_ZERO(&set);
    FD_SET(fd, &set);
    stats.calls++;
    /* nfds is the highest descriptor plus one: select() scans 0..fd. */
    ready = select(fd + 1, dir == IO_READ ? &set : NULL,
                   dir == IO_WRITE ? &set : NULL, NULL, &no_wait);
    if (ready < 0 && errno == EINTR)
        ready = 0;              /* a signal came in: just ask next turn */
    if (ready == 0)
        stats.not_ready++;
    return ready < 0 ? -1 : ready > 0;
}
/* DOC: end */

io_stats io_get_stats(void)
{
    return stats;
}

/* Say why in the frame (it lives as long as the task) and fail the task. */
static coro_status wait_io_fail(wait_io_frame *self, task *t)
{
    const char *name = self->base.type->name;

    if (errno == EINVAL)
        snprintf(self->error, sizeof self->error, "%s: descriptor %d is >= "
                 "FD_SETSIZE (%d), beyond what select() can watch", name,
                 self->fd, FD_SETSIZE);
    else
        snprintf(self->error, sizeof self->error, "%s: descriptor %d: %s",
                 name, self->fd, strerror(errno));
    return task_fail(t, self->error);
}

/* DOC: wait_io */
static coro_status wait_io_step(coro *base, task *t)
{
    wait_io_frame *self = (wait_io_frame *)base;
    int ready;

    switch (self->resume) {
    case WAIT_IO_POLLING:       /* each turn: ready yet? */
        ready = io_ready(self->fd, self->dir);
        if (ready < 0)
            return wait_io_fail(self, t);
        if (ready == 0) {
            /* Not yet: a plain yield, to the back of the line, and the
             * loop runs us again next turn. This is the busy polling: we
             * are never parked, so the loop never sleeps. */
            self->resume = WAIT_IO_POLLING;
            return CORO_YIELD;
        }
        break;
    }
    return CORO_DONE;           /* ready: the read or write will not block */
}
/* DOC: end */

/* Two coroutine types, one step function: the names differ, for gdb and
 * for the error messages. */
static const coro_type wait_readable_type = {
    .name = "wait_readable",
    .step = wait_io_step,
    .size = sizeof(wait_io_frame),
    .points = { CORO_POINT(WAIT_IO_POLLING) },
};

static const coro_type wait_writable_type = {
    .name = "wait_writable",
    .step = wait_io_step,
    .size = sizeof(wait_io_frame),
    .points = { CORO_POINT(WAIT_IO_POLLING) },
};

void wait_readable_init(wait_io_frame *self, int fd)
{
    *self = (wait_io_frame){ .base = { &wait_readable_type }, .fd = fd,
                             .dir = IO_READ };
}

void wait_writable_init(wait_io_frame *self, int fd)
{
    *self = (wait_io_frame){ .base = { &wait_writable_type }, .fd = fd,
                             .dir = IO_WRITE };
}
