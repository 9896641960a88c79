/* test_sync.c - unit tests for ex04's semaphores and locks (sync.h):
 * waiters are served first come, first served; release hands the permit
 * to the first waiter, so a newcomer cannot barge past it; Semaphore(n)
 * lets n in at once; releasing what is not held fails loudly; a cancelled
 * waiter is skipped.
 *
 * One test coroutine, `user`, plays every part: it yields a few times,
 * asks for the semaphore, holds it (yielding or sleeping a while) and gives
 * it back, saying each step with the loop's time. The tests run it on the
 * virtual clock and compare what was said, line for line.
 */
#include <stdarg.h>             /* cmocka.h needs these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "loop.h"
#include "sync.h"
#include "task.h"
#include "capture.h"

/* ---- the test coroutine ----------------------------------------------- */

typedef struct {
    coro base;
    enum { USER_BEFORE, USER_ACQUIRING, USER_HOLDING, USER_SLEEPING } resume;
    loop *loop;
    semaphore *sem;
    int yields_before;          /* plain yields before asking */
    int yields_holding;         /* plain yields while holding */
    double hold_seconds;        /* then a sleep while holding, if > 0 */
    int yields;                 /* yields made in the current phase */
    int steps;                  /* times the step function ran */
    acquire_frame acquire;
    sleep_frame hold;
} user_frame;

static coro_status user_step(coro *base, task *t)
{
    user_frame *self = (user_frame *)base;
    coro_status status;

    self->steps++;
    switch (self->resume) {
    case USER_BEFORE:
        if (self->yields++ < self->yields_before)
            return CORO_YIELD;
        say("%s asks at %g", base->name, loop_now(self->loop));
        acquire_init(&self->acquire, self->sem);
        self->resume = USER_ACQUIRING;
        /* fall through */
    case USER_ACQUIRING:
        status = coro_step(&self->acquire.base, t);
        if (status != CORO_DONE)
            return status;
        say("%s got it at %g", base->name, loop_now(self->loop));
        self->yields = 0;
        self->resume = USER_HOLDING;
        /* fall through */
    case USER_HOLDING:
        if (self->yields++ < self->yields_holding)
            return CORO_YIELD;
        if (self->hold_seconds <= 0)
            break;
        sleep_init(&self->hold, self->hold_seconds);
        self->resume = USER_SLEEPING;
        /* fall through */
    case USER_SLEEPING:
        status = coro_step(&self->hold.base, t);
        if (status != CORO_DONE)
            return status;
        break;
    }
    say("%s gives it back at %g", base->name, loop_now(self->loop));
    if (semaphore_release(self->sem) < 0)
        return task_fail(t, "gave back what it did not hold");
    return CORO_DONE;
}

/* A user task named `name` (a string literal) that holds `sem` for
 * `hold_seconds` of loop time. */
static task *user(const char *name, loop *l, semaphore *sem, double hold_seconds)
{
    user_frame *f = (user_frame *)coro_new(sizeof *f, name, user_step);

    f->loop = l;
    f->sem = sem;
    f->hold_seconds = hold_seconds;
    return task_new(&f->base);
}

static user_frame *user_of(task *t)
{
    return (user_frame *)t->frame;
}

/* A quiet loop on the virtual clock (no "<Task ...>" lines). */
static void quiet_loop(loop *l)
{
    loop_init(l);
    l->print_done = false;
}

/* Schedule tasks[0..n-1] in that order. */
static void schedule_all(loop *l, task **tasks, size_t n)
{
    for (size_t i = 0; i < n; i++)
        loop_schedule(l, tasks[i]);
}

static void unref_all(task **tasks, size_t n)
{
    for (size_t i = 0; i < n; i++)
        task_unref(tasks[i]);
}

/* ---- fairness --------------------------------------------------------- */

/* A, B and C want the lock at time 0; each holds it 1 s. They get it in
 * the order they asked, each at the moment the previous gives it back. */
static void test_lock_waiters_served_fifo(void **state)
{
    loop l;
    lock k;
    task *t[3];

    (void)state;
    quiet_loop(&l);
    lock_init(&k, &l, "lock");
    t[0] = user("A", &l, &k.sem, 1);
    t[1] = user("B", &l, &k.sem, 1);
    t[2] = user("C", &l, &k.sem, 1);
    schedule_all(&l, t, 3);
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_string_equal(said(),
        "A asks at 0\nA got it at 0\nB asks at 0\nC asks at 0\n"
        "A gives it back at 1\nB got it at 1\n"
        "B gives it back at 2\nC got it at 2\n"
        "C gives it back at 3\n");
    /* Parked, not polling: C ran once to ask, once when handed the lock,
     * once when its sleep ended; never while A and B held it. */
    assert_int_equal(user_of(t[2])->steps, 3);
    assert_int_equal(k.sem.available, 1);
    assert_true(queue_is_empty(&k.sem.waiters));
    loop_close(&l);
    unref_all(t, 3);
}

/* The newcomer N asks after A released the lock to B, but before B runs
 * again. Turn by turn (run queue in brackets):
 *   1. A takes the lock, yields            [B N A]
 *   2. B asks: parked                      [N A]
 *   3. N yields once                       [A N]
 *   4. A gives it back: handed to B        [N B]
 *   5. N asks: the lock is B's, N parks    [B]
 *   6. B runs, holding it.
 * With barging (release puts the permit back in the pool and merely
 * wakes B), N would take it in turn 5 and B would have waited for
 * nothing. */
static void test_no_barging(void **state)
{
    loop l;
    lock k;
    task *t[3];

    (void)state;
    quiet_loop(&l);
    lock_init(&k, &l, "lock");
    t[0] = user("A", &l, &k.sem, 0);
    t[1] = user("B", &l, &k.sem, 0);
    t[2] = user("N", &l, &k.sem, 0);
    user_of(t[0])->yields_holding = 1;
    user_of(t[2])->yields_before = 1;
    schedule_all(&l, t, 3);
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_string_equal(said(),
        "A asks at 0\nA got it at 0\nB asks at 0\n"
        "A gives it back at 0\nN asks at 0\n"
        "B got it at 0\nB gives it back at 0\n"
        "N got it at 0\nN gives it back at 0\n");
    loop_close(&l);
    unref_all(t, 3);
}

/* Semaphore(2): two users in at once, the third when one leaves. */
static void test_semaphore_lets_n_in(void **state)
{
    loop l;
    semaphore s;
    task *t[5];

    (void)state;
    quiet_loop(&l);
    semaphore_init(&s, &l, "two cooks", 2);
    t[0] = user("A", &l, &s, 4);
    t[1] = user("B", &l, &s, 1);
    t[2] = user("C", &l, &s, 1);
    t[3] = user("D", &l, &s, 1);
    t[4] = user("E", &l, &s, 1);
    schedule_all(&l, t, 5);
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_string_equal(said(),
        "A asks at 0\nA got it at 0\nB asks at 0\nB got it at 0\n"
        "C asks at 0\nD asks at 0\nE asks at 0\n"
        "B gives it back at 1\nC got it at 1\n"
        "C gives it back at 2\nD got it at 2\n"
        "D gives it back at 3\nE got it at 3\n"
        "A gives it back at 4\nE gives it back at 4\n");
    assert_int_equal(s.available, 2);
    loop_close(&l);
    unref_all(t, 5);
}

/* ---- misuse and cancellation ------------------------------------------ */

static void test_release_without_holding_fails_loudly(void **state)
{
    loop l;
    semaphore s;
    lock k;

    (void)state;
    quiet_loop(&l);
    semaphore_init(&s, &l, "soda machine", 1);
    lock_init(&k, &l, "fryer");
    capture_stderr();
    assert_int_equal(semaphore_release(&s), -1);
    assert_int_equal(lock_release(&k), -1);
    assert_string_equal(release_stderr(),
                        "soda machine: released, but nothing was held\n"
                        "fryer: released, but nothing was held\n");
    assert_int_equal(s.available, 1);           /* not 2 */
    assert_int_equal(k.sem.available, 1);
    loop_close(&l);
}

/* B is cancelled while it waits: A's release skips it and hands the lock
 * to C; the loop then drops B without running it. */
static void test_cancelled_waiter_is_skipped(void **state)
{
    loop l;
    lock k;
    task *t[3];

    (void)state;
    quiet_loop(&l);
    lock_init(&k, &l, "lock");
    t[0] = user("A", &l, &k.sem, 1);
    t[1] = user("B", &l, &k.sem, 1);
    t[2] = user("C", &l, &k.sem, 1);
    schedule_all(&l, t, 3);
    for (int turn = 0; turn < 3; turn++)        /* A holds; B, C parked */
        assert_int_equal(loop_run_once(&l), 1);
    assert_ptr_equal(k.sem.waiters.head, t[1]);
    assert_true(task_cancel(t[1]));
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_string_equal(said(),
        "A asks at 0\nA got it at 0\nB asks at 0\nC asks at 0\n"
        "A gives it back at 1\nC got it at 1\nC gives it back at 2\n");
    assert_int_equal(t[1]->status, TASK_CANCELLED);
    assert_int_equal(user_of(t[1])->steps, 1);  /* never ran again */
    assert_int_equal(k.sem.available, 1);
    loop_close(&l);
    unref_all(t, 3);
}

/* Every waiter cancelled: the permit goes back to the pool. */
static void test_release_with_only_cancelled_waiters(void **state)
{
    loop l;
    lock k;
    task *t[2];

    (void)state;
    quiet_loop(&l);
    lock_init(&k, &l, "lock");
    t[0] = user("A", &l, &k.sem, 1);
    t[1] = user("B", &l, &k.sem, 1);
    schedule_all(&l, t, 2);
    for (int turn = 0; turn < 2; turn++)
        assert_int_equal(loop_run_once(&l), 1);
    assert_true(task_cancel(t[1]));
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_null(strstr(said(), "B got it"));
    assert_int_equal(k.sem.available, 1);
    assert_true(queue_is_empty(&k.sem.waiters));
    loop_close(&l);
    unref_all(t, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lock_waiters_served_fifo,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_no_barging,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_semaphore_lets_n_in,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_release_without_holding_fails_loudly,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_cancelled_waiter_is_skipped,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_release_with_only_cancelled_waiters,
                                        capture_setup, capture_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
