/* test_net.c - unit tests for ex05's socket helpers (net.h), over loopback
 * on ports the kernel picks: resolve numeric hosts; listen with
 * SO_REUSEADDR, blocking or not; a non-blocking accept with nobody waiting
 * is EAGAIN; a non-blocking connect completes once writable, and SO_ERROR
 * then says connected or refused; the error convention (-1 and errno).
 *
 * The tests wait for readiness with io_ready() in a bounded loop: these
 * are the helpers' tests, not the coroutines'.
 */
#include <stdarg.h>             /* cmocka.h needs these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "io.h"
#include "net.h"

/* Wait (up to 5 s) until fd is ready for dir: 1, or 0 if it never was. */
static int ready_within(int fd, io_direction dir)
{
    struct timespec pause = { 0, 1000000 };     /* 1 ms between looks */

    for (int i = 0; i < 5000; i++) {
        int ready = io_ready(fd, dir);
        if (ready != 0)
            return ready;
        nanosleep(&pause, NULL);
    }
    return 0;
}

/* A listener on a free port of 127.0.0.1; its port in *port. */
static int listener_on_free_port(bool nonblocking, int *port)
{
    net_address a, bound;
    char host[NET_HOST_MAX];
    int fd;

    assert_int_equal(net_resolve(&a, "127.0.0.1", 0), 0);
    fd = net_listen(&a, nonblocking);
    assert_true(fd >= 0);
    assert_int_equal(net_local_address(fd, &bound), 0);
    assert_int_equal(net_host_port(&bound, host, port), 0);
    assert_string_equal(host, "127.0.0.1");
    assert_true(*port > 0);                     /* the kernel picked one */
    return fd;
}

static void test_resolve_numeric_hosts(void **state)
{
    net_address a;
    char host[NET_HOST_MAX];
    int port;

    (void)state;
    assert_int_equal(net_resolve(&a, "127.0.0.1", 8888), 0);
    assert_int_equal(a.addr.ss_family, AF_INET);
    assert_int_equal(net_host_port(&a, host, &port), 0);
    assert_string_equal(host, "127.0.0.1");
    assert_int_equal(port, 8888);
    assert_int_equal(net_resolve(&a, "::1", 65535), 0);
    assert_int_equal(a.addr.ss_family, AF_INET6);
    assert_int_equal(net_host_port(&a, host, &port), 0);
    assert_string_equal(host, "::1");
    assert_int_equal(port, 65535);
}

/* SO_REUSEADDR is on, and O_NONBLOCK only when asked for. */
static void test_listen_sets_its_options(void **state)
{
    int yes = 0, port;
    socklen_t len = sizeof yes;
    int blocking = listener_on_free_port(false, &port);
    int nonblocking = listener_on_free_port(true, &port);

    (void)state;
    assert_int_equal(getsockopt(blocking, SOL_SOCKET, SO_REUSEADDR, &yes,
                                &len), 0);
    assert_true(yes);
    assert_false(fcntl(blocking, F_GETFL) & O_NONBLOCK);
    assert_true(fcntl(nonblocking, F_GETFL) & O_NONBLOCK);
    close(blocking);
    close(nonblocking);
}

/* A port that is taken: -1, errno EADDRINUSE, nothing left open. */
static void test_listen_on_a_taken_port_fails(void **state)
{
    net_address a;
    int port;
    int first = listener_on_free_port(false, &port);

    (void)state;
    assert_int_equal(net_resolve(&a, "127.0.0.1", port), 0);
    errno = 0;
    assert_int_equal(net_listen(&a, false), -1);
    assert_int_equal(errno, EADDRINUSE);
    close(first);
}

static void test_accept_with_nobody_waiting_is_eagain(void **state)
{
    net_address peer;
    int port;
    int listener = listener_on_free_port(true, &port);

    (void)state;
    assert_int_equal(io_ready(listener, IO_READ), 0);
    errno = 0;
    assert_int_equal(net_accept(listener, &peer, true), -1);
    assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
    close(listener);
}

/* connect, accept, and a byte each way; the peer is who connected. */
static void test_connect_and_accept(void **state)
{
    net_address server, peer, local;
    char host[NET_HOST_MAX], c;
    int port, peer_port, local_port, client, conn;
    int listener = listener_on_free_port(true, &port);

    (void)state;
    assert_int_equal(net_resolve(&server, "127.0.0.1", port), 0);
    client = net_connect(&server);
    assert_true(client >= 0);
    assert_true(fcntl(client, F_GETFL) & O_NONBLOCK);
    assert_int_equal(ready_within(client, IO_WRITE), 1);
    assert_int_equal(net_connect_result(client), 0);
    assert_int_equal(ready_within(listener, IO_READ), 1);
    conn = net_accept(listener, &peer, true);
    assert_true(conn >= 0);
    assert_true(fcntl(conn, F_GETFL) & O_NONBLOCK);
    assert_int_equal(net_host_port(&peer, host, &peer_port), 0);
    assert_int_equal(net_local_address(client, &local), 0);
    assert_int_equal(net_host_port(&local, host, &local_port), 0);
    assert_int_equal(peer_port, local_port);
    assert_int_equal(write(client, "a", 1), 1);
    assert_int_equal(ready_within(conn, IO_READ), 1);
    assert_int_equal(read(conn, &c, 1), 1);
    assert_int_equal(c, 'a');
    close(conn);
    close(client);
    close(listener);
}

/* Nobody listens: the socket becomes writable, and SO_ERROR says refused
 * (or connect() says so at once: both are allowed). */
static void test_connect_refused(void **state)
{
    net_address server;
    int port, client;
    int listener = listener_on_free_port(false, &port);

    (void)state;
    close(listener);                            /* the port is free again */
    assert_int_equal(net_resolve(&server, "127.0.0.1", port), 0);
    errno = 0;
    client = net_connect(&server);
    if (client < 0) {
        assert_int_equal(errno, ECONNREFUSED);
        return;
    }
    assert_int_equal(ready_within(client, IO_WRITE), 1);
    errno = 0;
    assert_int_equal(net_connect_result(client), -1);
    assert_int_equal(errno, ECONNREFUSED);
    close(client);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolve_numeric_hosts),
        cmocka_unit_test(test_listen_sets_its_options),
        cmocka_unit_test(test_listen_on_a_taken_port_fails),
        cmocka_unit_test(test_accept_with_nobody_waiting_is_eagain),
        cmocka_unit_test(test_connect_and_accept),
        cmocka_unit_test(test_connect_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
