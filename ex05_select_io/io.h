/* io.h - ex05_select_io: waiting for a descriptor to be ready, by polling
 * select().
 *
 * Why async is about I/O: a read() on a socket where nothing has arrived
 * blocks the whole process, and with it every task of the loop. So before
 * it reads, a task asks "would this read block?", and if so, it lets the
 * others run and asks again later. select() answers that question: given
 * some descriptors, it says which are ready now, that is, which can be read
 * (data, or the end of the stream, is there) or written (there is room in
 * the send buffer) without blocking.
 *
 * wait_readable(fd) and wait_writable(fd) are coroutines, used with
 * `yield from`, like sleep: DONE once fd is ready. Each turn they run, they
 * call select() with a zero timeout ("ready right now? do not wait"), and
 * if it is not, they make a plain yield: to the back of the run queue, and
 * ask again next turn. This is the tutorial's design, on purpose.
 *
 * What it costs, plainly: this is busy polling, and it is wasteful. A task
 * that polls is always ready to run, so the loop never has a reason to
 * sleep: while a server waits a minute for a client to type, it asks
 * select() millions of times, and one core runs at 100% to learn, over and
 * over, that nothing happened. (It is also why a polling program must run
 * on the real clock: the virtual clock only moves when no task is ready.)
 * The demo prints the CPU time next to the wall time so you can see it.
 * ex06 fixes it: a waiting task is parked, and the loop blocks in a single
 * poll() call for every descriptor at once, until one is ready or the next
 * timer is due. An idle server then uses no CPU at all.
 *
 * select()'s ceiling: an fd_set is a bitmap of FD_SETSIZE bits (1024 on
 * Linux, and fixed when libc was built). FD_SET() on a descriptor at or
 * above FD_SETSIZE writes past the end of the bitmap, so such a descriptor
 * is refused with an error here, never handed to select(). (ex06's poll()
 * takes an array instead, and has no ceiling.)
 *
 * Errors: io_ready() returns 1, 0 or -1 with errno. The coroutines end
 * their task in ERROR (task_fail) with the reason in words.
 */
#ifndef IO_H
#define IO_H

#include "task.h"

typedef enum {
    IO_READ,                    /* readable: read() will not block */
    IO_WRITE                    /* writable: write() will not block */
} io_direction;

/* DOC: io_ready */
/* Ask select(), without waiting: is fd ready for `dir` right now? Returns 1
 * (ready: the read or write will not block; it may still fail, at the end
 * of the stream or on a reset, and then it says so), 0 (not yet), or -1
 * with errno: EBADF (fd is negative, or not open), EINVAL (fd >=
 * FD_SETSIZE: beyond what select() can watch). */
int io_ready(int fd, io_direction dir);
/* DOC: end */

/* What the polling cost so far, in this process: how many times io_ready()
 * asked select(), and how many of those answers were "not yet". */
typedef struct {
    unsigned long calls;
    unsigned long not_ready;
} io_stats;

io_stats io_get_stats(void);

/* DOC: wait_io_frame */
/* A coroutine, used with `yield from`: DONE when fd is ready. It has one
 * resume point, which goes back to itself: ask select(); not ready, yield. */
typedef struct {
    coro base;
    enum { WAIT_IO_POLLING } resume;
    int fd;                     /* in: borrowed, the caller closes it */
    io_direction dir;           /* in: which readiness */
    char error[96];             /* why it failed: the task's error points here */
} wait_io_frame;
/* DOC: end */

/* Set up a frame that waits until fd can be read without blocking. */
void wait_readable_init(wait_io_frame *self, int fd);

/* Set up a frame that waits until fd can be written without blocking. */
void wait_writable_init(wait_io_frame *self, int fd);

#endif
