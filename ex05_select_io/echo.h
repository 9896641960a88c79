/* echo.h - ex05_select_io: the echo servers and the echo client: the
 * demonstration program.
 *
 * The tutorial's experiment. A client sends N messages at once, each over
 * a connection of its own; a server answers each one after `delay` seconds.
 *  - The blocking server serves one client at a time: accept, read, sleep
 *    (POSIX nanosleep: the whole process waits), write, close. N messages
 *    take N x delay.
 *  - The async server is a task that accepts, and a task per connection
 *    (the tutorial's handle_echo): wait_readable, read, the loop's sleep,
 *    wait_writable, write, close. The waits overlap: N messages take one
 *    delay. But every waiting task polls select(), so the server keeps a
 *    core busy all the while (io.h).
 *  - The client is async: a task per message, each connecting without
 *    blocking, then waiting with wait_writable and wait_readable.
 *
 * What they print, in the tutorial's words (stdout):
 *   listening on 127.0.0.1:8888
 *   message received from ('127.0.0.1', 40312): Hello 2
 *   Sending message 'Hello 2'
 *   Message received: Hello 2
 *   5 messages echoed in 1.01 s wall, 1.00 s CPU
 *
 * A message is at most ECHO_MAX bytes, taken in one read() (the tutorial
 * reads 100; ex06's handle_echo reads 1024, as here). A longer one is cut
 * at ECHO_MAX and the rest left unread: there is no framing and no
 * buffering in this step (ex06 brings streams).
 *
 * Errors: a connection that fails (the peer vanished, reset it, closed it
 * before sending anything) is reported on stderr and ends its own task
 * only: the server goes on. The functions that run a whole program return
 * 0, or -1 after saying why on stderr.
 */
#ifndef ECHO_H
#define ECHO_H

#include <sys/select.h>

#include "io.h"
#include "net.h"

#define ECHO_MAX 1024           /* a message's longest, in bytes */

/* The client holds a socket per message, all at once, and select() only
 * sees descriptors below FD_SETSIZE. 24 are left for what the process has
 * open already (stdin, stdout, stderr, and a few to spare). */
#define ECHO_MAX_MESSAGES (FD_SETSIZE - 24)

typedef struct {
    net_address address;        /* server: where to listen; client: where
                                   to connect */
    double delay;               /* server: seconds before echoing */
    int messages;               /* client: how many, all at once */
    int port_pipe;              /* server: once listening, write the port
                                   (an int) here and close it; -1: no */
} echo_options;

/* The blocking server, until SIGINT or SIGTERM. Returns 0, or -1. */
int echo_serve_blocking(const echo_options *o);

/* The async server, until SIGINT or SIGTERM. Returns 0, or -1. */
int echo_serve_async(const echo_options *o);

/* What one run of the client measured. */
typedef struct {
    int echoed;                 /* messages that came back, unchanged */
    double wall;                /* seconds, from the first connect to the
                                   last reply */
    double cpu;                 /* user + system seconds, this process */
    io_stats polls;             /* select() calls made meanwhile */
} echo_report;

/* Send o->messages messages, "Hello 1" to "Hello N", all at once, and wait
 * for their echoes. Fills *r. Returns 0 if every one came back, else -1. */
int echo_client(const echo_options *o, echo_report *r);

/* CPU seconds (user + system) used by RUSAGE_SELF or RUSAGE_CHILDREN. */
double echo_cpu_seconds(int who);

/* ---- the coroutines, for the tests ------------------------------------ */

/* Accepts connections on `listener` (non-blocking; borrowed) forever, each
 * served by a handle_echo task of its own. */
coro *echo_acceptor(int listener, double delay);

/* Serves one connection: fd (non-blocking) is taken over, and closed. */
coro *handle_echo(int fd, const net_address *peer, double delay);

/* What the client's message tasks share. */
typedef struct {
    const net_address *server;  /* where to connect */
    int echoed;                 /* replies that came back unchanged */
} echo_tally;

/* Sends "Hello <number>" over a connection of its own, and waits for the
 * echo; counts the outcome in *tally. */
coro *echo_message(echo_tally *tally, int number);

#endif
