/* test_io.c - unit tests for ex05's readiness by polling (io.h): io_ready()
 * asks select() without waiting; wait_readable and wait_writable yield a
 * plain yield (no request: the loop just puts the task back in line) until
 * the descriptor is ready, then are DONE; a descriptor select() cannot
 * watch (negative, closed, >= FD_SETSIZE) is an error, never a crash; and
 * a poller keeps the loop busy, so virtual time never passes.
 *
 * Test coroutine `waiter`: `yield from wait_readable(fd)` (or writable),
 * counting its steps. Descriptors come from socketpair() and pipe().
 */
#include <stdarg.h>             /* cmocka.h needs these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include "io.h"
#include "loop.h"
#include "task.h"
#include "capture.h"

/* ---- the test coroutine ----------------------------------------------- */

typedef struct {
    coro base;
    enum { WAITER_START, WAITER_WAITING } resume;
    int fd;
    io_direction dir;
    int steps;                  /* times the wait was stepped */
    wait_io_frame wait;
} waiter_frame;

static coro_status waiter_step(coro *base, task *t)
{
    waiter_frame *self = (waiter_frame *)base;
    coro_status status;

    switch (self->resume) {
    case WAITER_START:
        if (self->dir == IO_READ)
            wait_readable_init(&self->wait, self->fd);
        else
            wait_writable_init(&self->wait, self->fd);
        self->resume = WAITER_WAITING;
        /* fall through */
    case WAITER_WAITING:
        self->steps++;
        status = coro_step(&self->wait.base, t);
        if (status != CORO_DONE)
            return status;
        break;
    }
    return CORO_DONE;
}

static const coro_type waiter_type = {
    .name = "waiter",
    .step = waiter_step,
    .size = sizeof(waiter_frame),
    .points = { CORO_POINT(WAITER_START), CORO_POINT(WAITER_WAITING) },
};

static task *waiter(int fd, io_direction dir)
{
    waiter_frame *f = (waiter_frame *)coro_new(&waiter_type);

    f->fd = fd;
    f->dir = dir;
    return task_new(&f->base);
}

/* `napper`: `yield from sleep(1)`, nothing else. */
typedef struct {
    coro base;
    enum { NAPPER_START, NAPPER_SLEEPING } resume;
    sleep_frame nap;
} napper_frame;

static coro_status napper_step(coro *base, task *t)
{
    napper_frame *self = (napper_frame *)base;

    switch (self->resume) {
    case NAPPER_START:
        sleep_init(&self->nap, 1.0);
        self->resume = NAPPER_SLEEPING;
        /* fall through */
    case NAPPER_SLEEPING:
        return coro_step(&self->nap.base, t);
    }
    return CORO_DONE;
}

static const coro_type napper_type = {
    .name = "napper",
    .step = napper_step,
    .size = sizeof(napper_frame),
    .points = { CORO_POINT(NAPPER_START), CORO_POINT(NAPPER_SLEEPING) },
};

static waiter_frame *waiter_of(task *t)
{
    return (waiter_frame *)t->frame;
}

/* A quiet loop (no "<Task ...>" lines) on the virtual clock: nothing here
 * sleeps, so the clock does not matter. */
static void quiet_loop(loop *l)
{
    loop_init(l);
    l->print_done = false;
}

/* A connected pair of non-blocking stream sockets. */
static void socket_pair(int fds[2])
{
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(fcntl(fds[i], F_SETFL, O_NONBLOCK), 0);
}

static void close_pair(int fds[2])
{
    close(fds[0]);
    close(fds[1]);
}

/* ---- io_ready ---------------------------------------------------------- */

/* Nothing to read yet, room to write; data makes it readable, and so does
 * the end of the stream (a read would return 0 at once). */
static void test_io_ready_answers_at_once(void **state)
{
    int fds[2];
    char c;

    (void)state;
    socket_pair(fds);
    assert_int_equal(io_ready(fds[0], IO_READ), 0);
    assert_int_equal(io_ready(fds[0], IO_WRITE), 1);
    assert_int_equal(write(fds[1], "x", 1), 1);
    assert_int_equal(io_ready(fds[0], IO_READ), 1);
    assert_int_equal(read(fds[0], &c, 1), 1);
    assert_int_equal(io_ready(fds[0], IO_READ), 0);
    close(fds[1]);                              /* end of stream */
    assert_int_equal(io_ready(fds[0], IO_READ), 1);
    assert_int_equal(read(fds[0], &c, 1), 0);
    close(fds[0]);
}

/* Each "not yet" is counted: the demo shows the count. */
static void test_io_ready_counts_polls(void **state)
{
    int fds[2];
    io_stats before, after;

    (void)state;
    socket_pair(fds);
    before = io_get_stats();
    for (int i = 0; i < 3; i++)
        assert_int_equal(io_ready(fds[0], IO_READ), 0);
    assert_int_equal(io_ready(fds[0], IO_WRITE), 1);
    after = io_get_stats();
    assert_int_equal(after.calls - before.calls, 4);
    assert_int_equal(after.not_ready - before.not_ready, 3);
    close_pair(fds);
}

/* Negative and closed descriptors are EBADF; one at or above FD_SETSIZE
 * is EINVAL, refused before FD_SET could write past the fd_set. */
static void test_io_ready_refuses_what_select_cannot_watch(void **state)
{
    int fds[2];

    (void)state;
    errno = 0;
    assert_int_equal(io_ready(-1, IO_READ), -1);
    assert_int_equal(errno, EBADF);
    errno = 0;
    assert_int_equal(io_ready(FD_SETSIZE, IO_READ), -1);
    assert_int_equal(errno, EINVAL);
    errno = 0;
    assert_int_equal(io_ready(FD_SETSIZE + 1000, IO_WRITE), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(pipe(fds), 0);
    close_pair(fds);                            /* fds[0] is closed now */
    errno = 0;
    assert_int_equal(io_ready(fds[0], IO_READ), -1);
    assert_int_equal(errno, EBADF);
}

/* A descriptor that is really open, numbered FD_SETSIZE: only if the
 * process may have that many open (the hard limit allows it). */
static void test_io_ready_refuses_an_open_fd_beyond_fd_setsize(void **state)
{
    struct rlimit saved, more;
    int fds[2];

    (void)state;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &saved), 0);
    more = saved;
    if (more.rlim_cur <= FD_SETSIZE) {
        if (more.rlim_max != RLIM_INFINITY && more.rlim_max <= FD_SETSIZE)
            skip();                             /* cannot open one here */
        more.rlim_cur = FD_SETSIZE + 1;
        assert_int_equal(setrlimit(RLIMIT_NOFILE, &more), 0);
    }
    socket_pair(fds);
    assert_int_equal(dup2(fds[0], FD_SETSIZE), FD_SETSIZE);
    errno = 0;
    assert_int_equal(io_ready(FD_SETSIZE, IO_READ), -1);
    assert_int_equal(errno, EINVAL);
    close(FD_SETSIZE);
    close_pair(fds);
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &saved), 0);
}

/* ---- wait_readable, wait_writable ------------------------------------- */

/* Not ready: each turn, one step, one plain yield (no request: the loop
 * puts the task back in line). Ready: DONE on the next turn. */
static void test_wait_readable_yields_until_ready(void **state)
{
    int fds[2];
    task *t;
    loop l;

    (void)state;
    socket_pair(fds);
    quiet_loop(&l);
    t = waiter(fds[0], IO_READ);
    loop_schedule(&l, t);
    for (int turn = 1; turn <= 3; turn++) {
        assert_int_equal(loop_run_once(&l), 1);
        assert_int_equal(t->status, TASK_RUNNING);
        assert_int_equal(t->mailbox.request, REQUEST_NONE);
        assert_int_equal(waiter_of(t)->steps, turn);
        assert_ptr_equal(l.ready.head, t);      /* back in line, alone */
    }
    assert_string_equal(coro_where(&waiter_of(t)->wait.base),
                        "WAIT_IO_POLLING");
    assert_int_equal(write(fds[1], "x", 1), 1);
    assert_int_equal(loop_run_once(&l), 1);
    assert_int_equal(t->status, TASK_FINISHED);
    assert_int_equal(waiter_of(t)->steps, 4);
    assert_int_equal(loop_run_once(&l), 0);     /* nothing left */
    loop_close(&l);
    task_unref(t);
    close_pair(fds);
}

/* Fill the socket until a write would block: then wait_writable yields
 * until the other end reads. */
static void test_wait_writable_yields_while_full(void **state)
{
    char block[4096] = { 0 };
    int fds[2];
    task *t;
    loop l;

    (void)state;
    socket_pair(fds);
    while (write(fds[0], block, sizeof block) > 0)
        ;
    assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
    quiet_loop(&l);
    t = waiter(fds[0], IO_WRITE);
    loop_schedule(&l, t);
    for (int turn = 0; turn < 3; turn++)
        assert_int_equal(loop_run_once(&l), 1);
    assert_int_equal(t->status, TASK_RUNNING);
    while (read(fds[1], block, sizeof block) > 0)
        ;                                       /* drain it */
    assert_int_equal(loop_run_once(&l), 1);
    assert_int_equal(t->status, TASK_FINISHED);
    assert_int_equal(waiter_of(t)->steps, 4);
    loop_close(&l);
    task_unref(t);
    close_pair(fds);
}

/* Already ready: DONE in the first step, no yield at all. */
static void test_wait_on_a_ready_fd_never_yields(void **state)
{
    int fds[2];
    task *t;
    loop l;

    (void)state;
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(write(fds[1], "x", 1), 1);
    quiet_loop(&l);
    t = waiter(fds[0], IO_READ);
    loop_schedule(&l, t);
    assert_int_equal(loop_run_once(&l), 1);
    assert_int_equal(t->status, TASK_FINISHED);
    assert_int_equal(waiter_of(t)->steps, 1);
    loop_close(&l);
    task_unref(t);
    close_pair(fds);
}

/* fd >= FD_SETSIZE: the task ends in ERROR, and the error says why. */
static void test_wait_beyond_fd_setsize_fails_the_task(void **state)
{
    task *t;
    loop l;

    (void)state;
    quiet_loop(&l);
    t = waiter(FD_SETSIZE, IO_READ);
    loop_schedule(&l, t);
    assert_int_equal(loop_run_once(&l), 1);
    assert_int_equal(t->status, TASK_ERROR);
    assert_non_null(strstr(t->error, "wait_readable"));
    assert_non_null(strstr(t->error, "FD_SETSIZE"));
    assert_non_null(strstr(t->error, "select()"));
    loop_close(&l);
    task_unref(t);
}

/* A closed descriptor: ERROR too, with strerror's words. */
static void test_wait_on_a_closed_fd_fails_the_task(void **state)
{
    int fds[2];
    task *t;
    loop l;

    (void)state;
    assert_int_equal(pipe(fds), 0);
    close_pair(fds);
    quiet_loop(&l);
    t = waiter(fds[1], IO_WRITE);
    loop_schedule(&l, t);
    assert_int_equal(loop_run_once(&l), 1);
    assert_int_equal(t->status, TASK_ERROR);
    assert_non_null(strstr(t->error, "wait_writable"));
    assert_non_null(strstr(t->error, strerror(EBADF)));
    loop_close(&l);
    task_unref(t);
}

/* ---- the cost --------------------------------------------------------- */

static void test_polling_keeps_virtual_time_still(void **state)
{
    int fds[2];
    task *poller, *sleeper;
    loop l;

    /* A poller is always ready, so the loop never lets time pass: on the
     * virtual clock, a sleeper of 1 s never wakes. (Why ex05's programs
     * run on the real clock; ex06 parks waiting tasks instead.) */
    (void)state;
    socket_pair(fds);
    quiet_loop(&l);
    poller = waiter(fds[0], IO_READ);
    sleeper = task_new(coro_new(&napper_type));
    loop_schedule(&l, poller);
    loop_schedule(&l, sleeper);
    for (int turn = 0; turn < 1000; turn++)
        assert_int_equal(loop_run_once(&l), 1);
    assert_true(loop_now(&l) == 0);
    assert_int_equal(sleeper->status, TASK_RUNNING);    /* still asleep */
    assert_int_equal(poller->status, TASK_RUNNING);
    assert_true(waiter_of(poller)->steps > 990);        /* every turn */
    task_cancel(poller);
    task_cancel(sleeper);
    loop_close(&l);
    task_unref(poller);
    task_unref(sleeper);
    close_pair(fds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_io_ready_answers_at_once),
        cmocka_unit_test(test_io_ready_counts_polls),
        cmocka_unit_test(test_io_ready_refuses_what_select_cannot_watch),
        cmocka_unit_test(test_io_ready_refuses_an_open_fd_beyond_fd_setsize),
        cmocka_unit_test_setup_teardown(test_wait_readable_yields_until_ready,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_wait_writable_yields_while_full,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_wait_on_a_ready_fd_never_yields,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(
            test_wait_beyond_fd_setsize_fails_the_task,
            capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_wait_on_a_closed_fd_fails_the_task,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_polling_keeps_virtual_time_still,
                                        capture_setup, capture_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
