/* test_sync.c - unit tests for ex04's semaphores and locks (sync.h):
 * waiters are served first come, first served; release hands the permit
 * to the first waiter, so a newcomer cannot barge past it; Semaphore(n)
 * lets n in at once; a lock knows who holds it; releasing what is not held
 * fails loudly (a semaphore returns -1, a lock panics); a cancelled waiter
 * is skipped.
 *
 * One test coroutine, `user`, plays every part: it yields a few times,
 * asks for the semaphore (or the lock), holds it (yielding or sleeping a
 * while) and gives it back, saying each step with the loop's time. The
 * tests run it on the virtual clock and compare what was said, line for
 * line.
 *
 * A lock's panic ends the program (abort), which cmocka cannot catch: those
 * tests run their scenario in a child process and read its stderr.
 */
#include <stdarg.h>             /* cmocka.h needs these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

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
    lock *lock;                 /* set: sem is this lock's, and the user
                                   acquires and releases it as a lock */
    int yields_before;          /* plain yields before asking */
    int yields_holding;         /* plain yields while holding */
    double hold_seconds;        /* then a sleep while holding, if > 0 */
    int releases;               /* 1; 2 gives it back twice (a bug) */
    int yields;                 /* yields made in the current phase */
    int steps;                  /* times the step function ran */
    acquire_frame acquire;
    sleep_frame hold;
} user_frame;

/* Give back what the user holds, `releases` times. A lock's release
 * panics if this task does not hold it; a semaphore's returns -1. */
static coro_status user_release(user_frame *self, task *t)
{
    for (int i = 0; i < self->releases; i++) {
        say("%s gives it back at %g", task_name(t), loop_now(self->loop));
        if (self->lock != NULL)
            lock_release(self->lock, t);
        else if (semaphore_release(self->sem) < 0)
            return task_fail(t, "gave back what it did not hold");
    }
    return CORO_DONE;
}

static coro_status user_step(coro *base, task *t)
{
    user_frame *self = (user_frame *)base;
    coro_status status;

    self->steps++;
    switch (self->resume) {
    case USER_BEFORE:
        if (self->yields++ < self->yields_before)
            return CORO_YIELD;
        say("%s asks at %g", task_name(t), loop_now(self->loop));
        if (self->lock != NULL)
            lock_acquire_init(&self->acquire, self->lock);
        else
            acquire_init(&self->acquire, self->sem);
        self->resume = USER_ACQUIRING;
        /* fall through */
    case USER_ACQUIRING:
        status = coro_step(&self->acquire.base, t);
        if (status != CORO_DONE)
            return status;
        say("%s got it at %g", task_name(t), loop_now(self->loop));
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
    return user_release(self, t);
}

/* A task's name is its coroutine's (task_name), so each user the tests
 * name is a coroutine type of its own, all with the one step function. */
#define USER_TYPE(who) {                                                  \
    .name = who, .step = user_step, .size = sizeof(user_frame),           \
    .points = { CORO_POINT(USER_BEFORE), CORO_POINT(USER_ACQUIRING),      \
                CORO_POINT(USER_HOLDING), CORO_POINT(USER_SLEEPING) } }

static const coro_type user_types[] = {
    USER_TYPE("A"), USER_TYPE("B"), USER_TYPE("C"), USER_TYPE("D"),
    USER_TYPE("E"), USER_TYPE("N"),
};

static const coro_type *user_type(const char *who)
{
    for (size_t i = 0; i < sizeof user_types / sizeof user_types[0]; i++)
        if (strcmp(user_types[i].name, who) == 0)
            return &user_types[i];
    fail_msg("no user type named '%s'", who);
    return NULL;
}

/* A user task named `name` (one of user_types) that holds `sem` for
 * `hold_seconds` of loop time. */
static task *user(const char *name, loop *l, semaphore *sem, double hold_seconds)
{
    user_frame *f = (user_frame *)coro_new(user_type(name));

    f->loop = l;
    f->sem = sem;
    f->hold_seconds = hold_seconds;
    f->releases = 1;
    return task_new(&f->base);
}

/* The same, holding lock k as a lock: lock_acquire_init, lock_release. */
static task *lock_user(const char *name, loop *l, lock *k, double hold_seconds)
{
    task *t = user(name, l, &k->sem, hold_seconds);

    ((user_frame *)t->frame)->lock = k;
    return t;
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
    t[0] = lock_user("A", &l, &k, 1);
    t[1] = lock_user("B", &l, &k, 1);
    t[2] = lock_user("C", &l, &k, 1);
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
    t[0] = lock_user("A", &l, &k, 0);
    t[1] = lock_user("B", &l, &k, 0);
    t[2] = lock_user("N", &l, &k, 0);
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

/* ---- a lock knows who holds it --------------------------------------- */

/* A holds the lock 1 s while B waits for it. Turn by turn:
 *   1. A takes it, sleeps                  holder A
 *   2. B asks: parked                      holder A
 *   3. at 1 s A gives it back: handed      holder nobody: B is woken,
 *      over to B                           holding the permit, but has
 *                                          not run yet
 *   4. B resumes in acquire                holder B
 * and when B gives it back, with nobody waiting, the lock is free. */
static void test_lock_records_holder(void **state)
{
    loop l;
    lock k;
    task *t[2];

    (void)state;
    quiet_loop(&l);
    lock_init(&k, &l, "fryer");
    assert_null(k.holder);
    t[0] = lock_user("A", &l, &k, 1);
    t[1] = lock_user("B", &l, &k, 1);
    schedule_all(&l, t, 2);
    assert_int_equal(loop_run_once(&l), 1);
    assert_ptr_equal(k.holder, t[0]);
    assert_int_equal(loop_run_once(&l), 1);
    assert_ptr_equal(k.holder, t[0]);
    assert_ptr_equal(k.sem.waiters.head, t[1]);
    assert_int_equal(loop_run_once(&l), 1);
    assert_true(loop_now(&l) == 1);
    assert_null(k.holder);                      /* in transit */
    assert_int_equal(k.sem.available, 0);       /* the permit is B's */
    assert_ptr_equal(l.ready.head, t[1]);
    assert_int_equal(loop_run_once(&l), 1);
    assert_ptr_equal(k.holder, t[1]);
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_null(k.holder);
    assert_int_equal(k.sem.available, 1);
    assert_string_equal(said(),
        "A asks at 0\nA got it at 0\nB asks at 0\n"
        "A gives it back at 1\nB got it at 1\nB gives it back at 2\n");
    loop_close(&l);
    unref_all(t, 2);
}

/* ---- a release by anyone but the holder panics ------------------------ */

/* A task that gives back a lock it never took: a bug, on purpose. */
typedef struct {
    coro base;
    enum { INTRUDER_START } resume;
    lock *lock;
} intruder_frame;

static coro_status intruder_step(coro *base, task *t)
{
    intruder_frame *self = (intruder_frame *)base;

    switch (self->resume) {
    case INTRUDER_START:
        lock_release(self->lock, t);            /* panics */
        break;
    }
    return CORO_DONE;
}

static const coro_type intruder_type = {
    .name = "intruder",
    .step = intruder_step,
    .size = sizeof(intruder_frame),
    .points = { CORO_POINT(INTRUDER_START) },
};

static task *intruder(lock *k)
{
    intruder_frame *f = (intruder_frame *)coro_new(&intruder_type);

    f->lock = k;
    return task_new(&f->base);
}

/* What a scenario run by in_child() says on stderr, at most. */
#define CHILD_STDERR_MAX 1024

/* Run scenario() in a child process, with say() and stderr both going to a
 * temporary file, in the order things happened; a panic aborts the child,
 * not the tests. Returns the child's wait status and leaves what it wrote
 * in `err`. The child never returns to cmocka: a scenario that does not
 * panic ends it with _exit(0). */
static int in_child(void (*scenario)(void), char err[CHILD_STDERR_MAX])
{
    FILE *out = tmpfile();
    struct rlimit no_core = { 0, 0 };
    int status;
    size_t n;
    pid_t pid;

    assert_non_null(out);
    fflush(stdout);             /* else the child would print it again */
    fflush(stderr);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        setrlimit(RLIMIT_CORE, &no_core);   /* the abort is expected */
        signal(SIGABRT, SIG_DFL);
        dup2(fileno(out), STDERR_FILENO);
        say_to(stderr);         /* unbuffered: in order with the panic */
        scenario();
        _exit(0);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    rewind(out);
    n = fread(err, 1, CHILD_STDERR_MAX - 1, out);
    err[n] = '\0';
    fclose(out);
    return status;
}

/* The child was killed by abort(), and its stderr ends with the panic. */
static void assert_panicked(int status, const char *err, const char *story,
                            const char *panic)
{
    char expected[CHILD_STDERR_MAX];

    snprintf(expected, sizeof expected, "%s%s: panic: %s\n", story,
             program_name, panic);
    assert_string_equal(err, expected);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT);
}

/* In the child: A takes the fryer and holds it 1 s; meanwhile `intruder`,
 * which never took it, gives it back. */
static void intruder_scenario(void)
{
    loop l;
    lock k;
    task *t[2];

    quiet_loop(&l);
    lock_init(&k, &l, "fryer");
    t[0] = lock_user("A", &l, &k, 1);
    t[1] = intruder(&k);
    schedule_all(&l, t, 2);
    loop_run_until_empty(&l);
}

static void test_release_by_another_task_panics(void **state)
{
    char err[CHILD_STDERR_MAX];
    int status;

    (void)state;
    status = in_child(intruder_scenario, err);
    assert_panicked(status, err, "A asks at 0\nA got it at 0\n",
                    "task 'intruder' released the fryer, held by 'A'");
    assert_non_null(strstr(err, "panic"));
}

/* README's exercise: release the fryer twice by mistake. With nobody
 * waiting, the first release frees the lock, and the second is a release
 * of a free lock: "held by nobody". */
static void twice_alone_scenario(void)
{
    loop l;
    lock k;
    task *t[1];

    quiet_loop(&l);
    lock_init(&k, &l, "fryer");
    t[0] = lock_user("A", &l, &k, 1);
    user_of(t[0])->releases = 2;
    schedule_all(&l, t, 1);
    loop_run_until_empty(&l);
}

static void test_release_twice_panics(void **state)
{
    char err[CHILD_STDERR_MAX];
    int status;

    (void)state;
    status = in_child(twice_alone_scenario, err);
    assert_panicked(status, err,
                    "A asks at 0\nA got it at 0\n"
                    "A gives it back at 1\nA gives it back at 1\n",
                    "task 'A' released the fryer, held by nobody");
}

/* The same with B waiting for the fryer, as in the ten-client kitchen.
 * The first release hands the lock over to B: B is woken, holding the
 * permit, but the holder is NULL until B resumes (test_lock_records_holder),
 * and A's second release comes before that, in the same step. So it too
 * finds "nobody": the lock cannot tell a free lock from one in transit,
 * but either way A is not the holder, and the program stops at once. It
 * never lets B and a second waiter hold the fryer together, as a lock
 * without a holder did (release handed a second permit to the next
 * waiter). */
static void twice_with_waiter_scenario(void)
{
    loop l;
    lock k;
    task *t[3];

    quiet_loop(&l);
    lock_init(&k, &l, "fryer");
    t[0] = lock_user("A", &l, &k, 1);
    t[1] = lock_user("B", &l, &k, 1);
    t[2] = lock_user("C", &l, &k, 1);
    user_of(t[0])->releases = 2;
    schedule_all(&l, t, 3);
    loop_run_until_empty(&l);
}

static void test_release_twice_with_waiters_panics(void **state)
{
    char err[CHILD_STDERR_MAX];
    int status;

    (void)state;
    status = in_child(twice_with_waiter_scenario, err);
    assert_panicked(status, err,
                    "A asks at 0\nA got it at 0\nB asks at 0\nC asks at 0\n"
                    "A gives it back at 1\nA gives it back at 1\n",
                    "task 'A' released the fryer, held by nobody");
}

/* ---- misuse and cancellation ------------------------------------------ */

/* A semaphore has no holder: releasing it with every permit free returns
 * -1 and says so; a task that does it fails (user_release). */
static void test_semaphore_release_without_holding_fails_loudly(void **state)
{
    loop l;
    semaphore s;
    task *t[1];

    (void)state;
    quiet_loop(&l);
    semaphore_init(&s, &l, "soda machine", 1);
    capture_stderr();
    assert_int_equal(semaphore_release(&s), -1);
    assert_string_equal(release_stderr(),
                        "soda machine: released, but nothing was held\n");
    assert_int_equal(s.available, 1);           /* not 2 */
    t[0] = user("A", &l, &s, 1);
    user_of(t[0])->releases = 2;
    schedule_all(&l, t, 1);
    capture_stderr();
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_string_equal(release_stderr(),
                        "soda machine: released, but nothing was held\n");
    assert_int_equal(t[0]->status, TASK_ERROR);
    assert_string_equal(t[0]->error, "gave back what it did not hold");
    assert_int_equal(s.available, 1);
    loop_close(&l);
    unref_all(t, 1);
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
    t[0] = lock_user("A", &l, &k, 1);
    t[1] = lock_user("B", &l, &k, 1);
    t[2] = lock_user("C", &l, &k, 1);
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
    t[0] = lock_user("A", &l, &k, 1);
    t[1] = lock_user("B", &l, &k, 1);
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
        cmocka_unit_test_setup_teardown(test_lock_records_holder,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_release_by_another_task_panics,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_release_twice_panics,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_release_twice_with_waiters_panics,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_semaphore_release_without_holding_fails_loudly,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_cancelled_waiter_is_skipped,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_release_with_only_cancelled_waiters,
                                        capture_setup, capture_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
