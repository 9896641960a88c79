/* test_echo.c - unit tests for ex05's echo server and client coroutines
 * (echo.h), in one process, on one loop, over loopback (a port the kernel
 * picks): the accepting task, a handle_echo task per connection, and the
 * client's message tasks all take turns on the same loop.
 *   - 3 messages, delay 0.1 s: every message is echoed exactly, with the
 *     tutorial's lines, in about one delay (not three);
 *   - a peer that connects and leaves, or resets the connection, ends its
 *     own task with a message on stderr, and the others are served;
 *   - a message longer than ECHO_MAX is cut at ECHO_MAX, echoed as is;
 *   - a refused connection fails that message's task only.
 * Times are compared with the delay, never with a fixed figure.
 */
#include <stdarg.h>             /* cmocka.h needs these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "echo.h"
#include "loop.h"
#include "net.h"
#include "capture.h"

#define DELAY 0.1               /* the server's, in seconds */
#define GIVE_UP 10.0            /* a broken loop fails the test, not hangs */

static double wall(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* A server on one loop: its listener, its address, its accepting task. */
typedef struct {
    loop loop;
    int listener;
    net_address address;        /* where clients connect */
    task *acceptor;
} server;

static void server_start(server *s)
{
    net_address bound;
    char host[NET_HOST_MAX];
    int port;

    loop_init(&s->loop);
    s->loop.print_done = false;
    loop_use_real_clock(&s->loop, 1.0);
    assert_int_equal(net_resolve(&s->address, "127.0.0.1", 0), 0);
    s->listener = net_listen(&s->address, true);
    assert_true(s->listener >= 0);
    assert_int_equal(net_local_address(s->listener, &bound), 0);
    assert_int_equal(net_host_port(&bound, host, &port), 0);
    assert_int_equal(net_resolve(&s->address, "127.0.0.1", port), 0);
    s->acceptor = task_new(echo_acceptor(s->listener, DELAY));
    loop_schedule(&s->loop, s->acceptor);
}

/* Stop accepting; nothing else may be left in the loop. */
static void server_stop(server *s)
{
    capture_stderr();
    task_cancel(s->acceptor);
    loop_close(&s->loop);
    assert_string_equal(release_stderr(), "");  /* no task cut short */
    task_unref(s->acceptor);
    close(s->listener);
}

/* Run turns until `done` tasks of `tasks` are done; returns the seconds
 * it took. Fails the test after GIVE_UP seconds. */
static double run_until_done(server *s, task **tasks, int n)
{
    double start = wall();
    int done = 0;

    while (done < n) {
        assert_true(wall() - start < GIVE_UP);
        assert_int_equal(loop_run_once(&s->loop), 1);
        done = 0;
        for (int i = 0; i < n; i++)
            done += task_is_done(tasks[i]);
    }
    return wall() - start;
}

/* Launch n message tasks, "Hello 1" to "Hello n". */
static void launch_messages(server *s, echo_tally *tally, task **tasks, int n)
{
    *tally = (echo_tally){ .server = &s->address };
    for (int i = 0; i < n; i++) {
        tasks[i] = task_new(echo_message(tally, i + 1));
        loop_schedule(&s->loop, tasks[i]);
    }
}

static void unref_all(task **tasks, int n)
{
    for (int i = 0; i < n; i++)
        task_unref(tasks[i]);
}

/* How many times `needle` occurs in `text`. */
static int count(const char *text, const char *needle)
{
    int n = 0;

    for (const char *p = text; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

/* A plain blocking socket connected to the server (the kernel completes
 * the handshake from the listen queue: the loop need not run). */
static int raw_peer(const server *s)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    assert_true(fd >= 0);
    assert_int_equal(connect(fd, (const struct sockaddr *)&s->address.addr,
                             s->address.len), 0);
    return fd;
}

/* Close with a reset (RST) instead of a goodbye (FIN). */
static void reset_close(int fd)
{
    struct linger now = { 1, 0 };

    assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_LINGER, &now, sizeof now),
                     0);
    close(fd);
}

/* ---- the tests -------------------------------------------------------- */

static void test_three_messages_echoed_in_one_delay(void **state)
{
    server s;
    echo_tally tally;
    task *tasks[3];
    double took;

    (void)state;
    server_start(&s);
    launch_messages(&s, &tally, tasks, 3);
    took = run_until_done(&s, tasks, 3);
    assert_int_equal(tally.echoed, 3);
    for (int i = 0; i < 3; i++)
        assert_int_equal(tasks[i]->status, TASK_FINISHED);
    for (int i = 1; i <= 3; i++) {
        char line[64];

        snprintf(line, sizeof line, "Sending message 'Hello %d'\n", i);
        assert_int_equal(count(said(), line), 1);
        snprintf(line, sizeof line, "Message received: Hello %d\n", i);
        assert_int_equal(count(said(), line), 1);
        snprintf(line, sizeof line, "): Hello %d\n", i);
        assert_int_equal(count(said(), line), 1);
    }
    assert_int_equal(count(said(), "message received from ('127.0.0.1', "), 3);
    /* The three delays overlap: about one, never three. */
    assert_true(took >= DELAY);
    assert_true(took < 2.5 * DELAY);
    unref_all(tasks, 3);
    server_stop(&s);
}

/* Client lines come in the order the tasks run: all three send before
 * any echo comes back (each echo waits DELAY). */
static void test_the_messages_interleave(void **state)
{
    server s;
    echo_tally tally;
    task *tasks[3];
    const char *third_sent, *first_back;

    (void)state;
    server_start(&s);
    launch_messages(&s, &tally, tasks, 3);
    run_until_done(&s, tasks, 3);
    third_sent = strstr(said(), "Sending message 'Hello 3'");
    first_back = strstr(said(), "Message received: ");
    assert_non_null(third_sent);
    assert_non_null(first_back);
    assert_true(third_sent < first_back);
    unref_all(tasks, 3);
    server_stop(&s);
}

/* Two bad peers (one leaves without a word, one resets after sending)
 * among three good messages: the good ones are all echoed, each bad one
 * ends its own task with a message on stderr. */
static void test_a_bad_peer_ends_only_its_own_task(void **state)
{
    server s;
    echo_tally tally;
    task *tasks[3];
    const char *errors;
    double start;
    int quiet, rude;

    (void)state;
    server_start(&s);
    quiet = raw_peer(&s);
    close(quiet);                               /* EOF before a message */
    rude = raw_peer(&s);
    assert_int_equal(write(rude, "boom", 4), 4);
    capture_stderr();
    launch_messages(&s, &tally, tasks, 3);
    start = wall();
    while (strstr(said(), ": boom\n") == NULL) {  /* the server read it */
        assert_true(wall() - start < GIVE_UP);
        loop_run_once(&s.loop);
    }
    reset_close(rude);                          /* then it vanishes */
    run_until_done(&s, tasks, 3);
    start = wall();
    while (wall() - start < 2 * DELAY)          /* its echo is due: fails */
        loop_run_once(&s.loop);
    errors = release_stderr();
    assert_int_equal(tally.echoed, 3);
    assert_non_null(strstr(errors, "closed before sending a message"));
    assert_non_null(strstr(errors, ": write: "));
    assert_int_equal(count(errors, "ex05_select_io: client ('127.0.0.1', "), 2);
    unref_all(tasks, 3);
    server_stop(&s);
}

/* ECHO_MAX + 476 bytes: one read() of ECHO_MAX, echoed as is, then the
 * connection is closed with the rest unread. */
static void test_a_long_message_is_cut_at_echo_max(void **state)
{
    char out[ECHO_MAX + 476], back[sizeof out];
    double start = wall();
    size_t got = 0;
    ssize_t n = 1;
    server s;
    int peer;

    (void)state;
    memset(out, 'x', sizeof out);
    server_start(&s);
    peer = raw_peer(&s);
    assert_int_equal(write(peer, out, sizeof out), (ssize_t)sizeof out);
    while (n > 0) {                             /* until EOF or the reset */
        assert_true(wall() - start < GIVE_UP);
        loop_run_once(&s.loop);
        n = recv(peer, back + got, sizeof back - got, MSG_DONTWAIT);
        if (n > 0)
            got += (size_t)n;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            n = 1;                              /* nothing yet */
    }
    assert_int_equal(got, ECHO_MAX);
    assert_memory_equal(back, out, ECHO_MAX);
    assert_int_equal(count(said(), "x\n"), 1);  /* one line, one message */
    close(peer);
    server_stop(&s);
}

/* Nobody listens: that message's task fails, saying why. */
static void test_a_refused_connection_fails_its_task(void **state)
{
    echo_tally tally = { 0 };
    net_address nowhere;
    task *t;
    loop l;
    int fd;

    (void)state;
    assert_int_equal(net_resolve(&nowhere, "127.0.0.1", 0), 0);
    fd = net_listen(&nowhere, false);
    assert_true(fd >= 0);
    assert_int_equal(net_local_address(fd, &nowhere), 0);
    close(fd);                                  /* a port nobody has */
    tally.server = &nowhere;
    loop_init(&l);
    l.print_done = false;
    t = task_new(echo_message(&tally, 1));
    capture_stderr();
    assert_int_equal(loop_run_until_complete(&l, t), 0);
    assert_non_null(strstr(release_stderr(),
                           "message 'Hello 1': connect: Connection refused"));
    assert_int_equal(t->status, TASK_ERROR);
    assert_int_equal(tally.echoed, 0);
    assert_null(strstr(said(), "Sending message"));
    loop_close(&l);
    task_unref(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_three_messages_echoed_in_one_delay,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_the_messages_interleave,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_a_bad_peer_ends_only_its_own_task,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_a_long_message_is_cut_at_echo_max,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_a_refused_connection_fails_its_task,
                                        capture_setup, capture_teardown),
    };

    /* A write to a vanished peer must fail with EPIPE, not kill the test
     * (main.c does the same for the program). */
    signal(SIGPIPE, SIG_IGN);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
