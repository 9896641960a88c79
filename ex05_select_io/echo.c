/* echo.c - ex05_select_io: the blocking echo server, the async echo server
 * and the async echo client.
 *
 * Read it top-down: what both servers share (stopping on a signal, the
 * listening socket), the blocking server, the async server (a task per
 * connection, then the task that accepts), and the client (a task per
 * message). Every coroutine here waits with io.h's wait_readable and
 * wait_writable: each of those turns is a select() call.
 */
#include "echo.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"
#include "util.h"

#define PEER_MAX (NET_HOST_MAX + 16)    /* "('127.0.0.1', 40312)" */
#define WHO_MAX (PEER_MAX + 8)          /* "client ('127.0.0.1', 40312)" */
#define ERROR_MAX 160                   /* a connection's error, in words */

/* ---- what the servers and the client share ---------------------------- */

/* "program: who: what" on stderr. What was said on stdout comes first. */
static void warn(const char *who, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void warn(const char *who, const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fprintf(stderr, "%s: %s: ", program_name, who);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* DOC: fail */
/* A connection's trouble: say it on stderr, keep the words in `error` (a
 * buffer in the frame: the task's error must outlive this call), and end
 * this task in ERROR. The other tasks, and the server, go on. */
static coro_status fail(task *t, char error[ERROR_MAX], const char *who,
                        const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static coro_status fail(task *t, char error[ERROR_MAX], const char *who,
                        const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(error, ERROR_MAX, fmt, ap);
    va_end(ap);
    warn(who, "%s", error);
    return task_fail(t, error);
}
/* DOC: end */

/* `yield from` a wait frame. If it fails (select() refused the
 * descriptor), the task's error says why: say it too, on stderr. */
static coro_status step_wait(wait_io_frame *wait, task *t, const char *who)
{
    coro_status status = coro_step(&wait->base, t);

    if (status == CORO_ERROR)
        warn(who, "%s", t->error);
    return status;
}

/* select() said ready, yet the call would block after all (man select:
 * BUGS), or a signal cut it short: not an error, wait again. */
static bool try_again(int error)
{
    return error == EAGAIN || error == EWOULDBLOCK || error == EINTR;
}

/* "('127.0.0.1', 40312)": Python's repr of the address, as the tutorial
 * prints it. */
static void describe_peer(const net_address *peer, char out[PEER_MAX])
{
    char host[NET_HOST_MAX];
    int port;

    if (net_host_port(peer, host, &port) < 0)
        snprintf(out, PEER_MAX, "(an unknown address)");
    else
        snprintf(out, PEER_MAX, "('%s', %d)", host, port);
}

double echo_cpu_seconds(int who)
{
    struct rusage used;

    if (getrusage(who, &used) < 0)
        return 0;               /* only for a bad `who`: a bug, but harmless */
    return (double)used.ru_utime.tv_sec + used.ru_utime.tv_usec / 1e6 +
           (double)used.ru_stime.tv_sec + used.ru_stime.tv_usec / 1e6;
}

static double wall_seconds(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* ---- stopping a server ------------------------------------------------ */

/* Set by SIGINT and SIGTERM. The async server reads it every turn; the
 * blocking server each time a blocking call comes back. */
static volatile sig_atomic_t stop_requested;

/* Set by the blocking server while it waits in accept() for a client: it
 * then has nothing to finish and nothing to free, so a stop signal ends
 * the process on the spot (_exit() is safe in a handler; the kernel
 * closes the listening socket). A flag alone could come too late: set
 * just after the server looked at it, just before accept() blocked, it
 * would not be read until the next client came. */
static volatile sig_atomic_t exit_on_stop;

static void on_stop_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
    if (exit_on_stop)
        _exit(0);
}

static void catch_stop_signals(void)
{
    struct sigaction action = { .sa_handler = on_stop_signal };

    /* No SA_RESTART: a blocking call that the signal interrupts returns
     * EINTR, and the server sees the flag. */
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
}

/* Listen on o->address, say where (the real port, if the kernel picked
 * it), and tell it through o->port_pipe. Returns the socket, or -1. */
static int open_listener(const echo_options *o, bool nonblocking)
{
    net_address bound;
    char host[NET_HOST_MAX];
    int port;
    int fd = net_listen(&o->address, nonblocking);

    if (fd < 0 || net_local_address(fd, &bound) < 0 ||
        net_host_port(&bound, host, &port) < 0) {
        warn("listen", "%s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    say("listening on %s:%d", host, port);
    fflush(stdout);             /* a test or the demo is reading, now */
    if (o->port_pipe >= 0) {    /* 4 bytes: one write, whole (PIPE_BUF) */
        if (write(o->port_pipe, &port, sizeof port) != sizeof port)
            warn("listen", "cannot report the port: %s", strerror(errno));
        close(o->port_pipe);
    }
    return fd;
}

/* ---- the blocking server ---------------------------------------------- */

/* The whole process sleeps: no other client is served meanwhile. Returns
 * 0, or -1 if a stop signal cut it short. */
static int sleep_blocking(double seconds)
{
    time_t whole = (time_t)seconds;
    struct timespec left = { whole, (long)((seconds - (double)whole) * 1e9) };

    while (nanosleep(&left, &left) < 0)
        if (errno != EINTR || stop_requested)
            return -1;
    return 0;
}

/* Write all of buf, however many write() calls it takes. Returns 0, or -1
 * with errno (EPIPE: the client is gone; SIGPIPE is ignored, main.c). */
static int write_all(int fd, const char *buf, size_t size)
{
    while (size > 0) {
        ssize_t n = write(fd, buf, size);

        if (n < 0 && (errno != EINTR || stop_requested))
            return -1;
        if (n > 0) {
            buf += n;
            size -= (size_t)n;
        }
    }
    return 0;
}

/* DOC: serve_blocking */
/* One client, start to end; each call blocks the whole server. */
static void serve_one_client(int fd, const net_address *peer, double delay)
{
    char from[PEER_MAX];
    char who[WHO_MAX];
    char message[ECHO_MAX];
    ssize_t n;

    describe_peer(peer, from);
    snprintf(who, sizeof who, "client %s", from);
    n = read(fd, message, sizeof message);      /* blocks until it comes */
    if (n == 0)
        warn(who, "closed before sending a message");
    if (n < 0 && !stop_requested)
        warn(who, "read: %s", strerror(errno));
    if (n <= 0)
        return;
    say("message received from %s: %.*s", from, (int)n, message);
    if (sleep_blocking(delay) < 0)              /* blocks everyone */
        return;
    if (write_all(fd, message, (size_t)n) < 0 && !stop_requested)
        warn(who, "write: %s", strerror(errno));
}

int echo_serve_blocking(const echo_options *o)
{
    int listener;

    catch_stop_signals();       /* before anyone can know our port */
    if ((listener = open_listener(o, false)) < 0)
        return -1;
    for (;;) {
        net_address peer;
        int fd;

        exit_on_stop = 1;       /* idle: a stop signal may end us now */
        if (stop_requested)
            break;
        fd = net_accept(listener, &peer, false);    /* blocks */
        exit_on_stop = 0;       /* busy: a signal only sets the flag */
        if (fd < 0) {
            if (errno != EINTR)
                warn("accept", "%s", strerror(errno));
            continue;
        }
        serve_one_client(fd, &peer, o->delay);
        close(fd);
    }
    close(listener);
    return 0;
}
/* DOC: end */

/* ---- the async server: a task per connection -------------------------- */

/* DOC: handle_echo_frame */
typedef struct {
    coro base;
    enum { ECHO_START, ECHO_READING, ECHO_SLEEPING, ECHO_WRITING } resume;
    int fd;                     /* owned: closed at the end, or by drop */
    double delay;
    size_t length;              /* bytes in message */
    size_t sent;                /* bytes echoed so far */
    char peer[PEER_MAX];        /* "('127.0.0.1', 40312)" */
    char who[WHO_MAX];          /* "client ('127.0.0.1', 40312)", for errors */
    char message[ECHO_MAX];
    char error[ERROR_MAX];      /* the task's error, if it fails */
    wait_io_frame wait;         /* readable, then writable */
    sleep_frame pause;          /* the loop's sleep: the others run */
} echo_frame;
/* DOC: end */

/* After wait_readable: read the message in one read(). DONE, or YIELD
 * (nothing there after all: wait again, same resume point), or ERROR. */
static coro_status read_message(echo_frame *self, task *t)
{
    ssize_t n = read(self->fd, self->message, sizeof self->message);

    if (n > 0) {
        self->length = (size_t)n;
        return CORO_DONE;
    }
    if (n == 0)
        return fail(t, self->error, self->who,
                    "closed before sending a message");
    if (!try_again(errno))      /* ECONNRESET: the client reset it */
        return fail(t, self->error, self->who, "read: %s", strerror(errno));
    wait_readable_init(&self->wait, self->fd);
    return CORO_YIELD;
}

/* After wait_writable: write what is left. DONE when all is sent, YIELD
 * to wait for room for the rest (same resume point), or ERROR. */
static coro_status write_echo(echo_frame *self, task *t)
{
    ssize_t n = write(self->fd, self->message + self->sent,
                      self->length - self->sent);

    if (n < 0 && !try_again(errno))     /* EPIPE: the client is gone */
        return fail(t, self->error, self->who, "write: %s", strerror(errno));
    if (n > 0)
        self->sent += (size_t)n;
    if (self->sent == self->length)
        return CORO_DONE;
    wait_writable_init(&self->wait, self->fd);  /* a short write */
    return CORO_YIELD;
}

/* DOC: handle_echo */
static coro_status echo_step(coro *base, task *t)
{
    echo_frame *self = (echo_frame *)base;
    coro_status status;

    switch (self->resume) {
    case ECHO_START:
        wait_readable_init(&self->wait, self->fd);
        self->resume = ECHO_READING;
        /* fall through */
    case ECHO_READING:          /* await wait_readable(fd), then read */
        status = step_wait(&self->wait, t, self->who);
        if (status != CORO_DONE)
            return status;
        if ((status = read_message(self, t)) != CORO_DONE)
            return status;
        say("message received from %s: %.*s", self->peer, (int)self->length,
            self->message);
        sleep_init(&self->pause, self->delay);
        self->resume = ECHO_SLEEPING;
        /* fall through */
    case ECHO_SLEEPING:         /* await sleep(delay): parked in the timers */
        status = coro_step(&self->pause.base, t);
        if (status != CORO_DONE)
            return status;
        wait_writable_init(&self->wait, self->fd);
        self->resume = ECHO_WRITING;
        /* fall through */
    case ECHO_WRITING:          /* await wait_writable(fd), then write */
        status = step_wait(&self->wait, t, self->who);
        if (status != CORO_DONE)
            return status;
        if ((status = write_echo(self, t)) != CORO_DONE)
            return status;
        break;
    }
    close(self->fd);            /* the tutorial's writer.close() */
    self->fd = -1;
    return CORO_DONE;
}
/* DOC: end */

/* The task ended early (it failed, or the server stopped mid-echo): the
 * descriptor is still ours to close. */
static void echo_drop(coro *base)
{
    echo_frame *self = (echo_frame *)base;

    if (self->fd >= 0)
        close(self->fd);
    self->fd = -1;
}

static const coro_type handle_echo_type = {
    .name = "handle_echo",
    .step = echo_step,
    .size = sizeof(echo_frame),
    .points = { CORO_POINT(ECHO_START), CORO_POINT(ECHO_READING),
                CORO_POINT(ECHO_SLEEPING), CORO_POINT(ECHO_WRITING) },
    .drop = echo_drop,
};

coro *handle_echo(int fd, const net_address *peer, double delay)
{
    echo_frame *self = (echo_frame *)coro_new(&handle_echo_type);

    self->fd = fd;
    self->delay = delay;
    describe_peer(peer, self->peer);
    snprintf(self->who, sizeof self->who, "client %s", self->peer);
    return &self->base;
}

/* ---- the async server: the task that accepts -------------------------- */

/* DOC: acceptor_frame */
typedef struct {
    coro base;
    enum { ACCEPT_NEXT, ACCEPT_WAITING, ACCEPT_LAUNCHED } resume;
    int listener;               /* borrowed: the server closes it */
    double delay;               /* for every connection */
    task *launched;             /* a new connection's task, until the loop
                                   has it */
    wait_io_frame wait;
} acceptor_frame;
/* DOC: end */

/* The listener is readable: a client is waiting. Accept it and ask the
 * loop to run its handle_echo task (ensure_future). */
static coro_status accept_client(acceptor_frame *self, task *t)
{
    net_address peer;
    int fd = net_accept(self->listener, &peer, true);

    if (fd < 0) {
        /* EAGAIN, ECONNABORTED: the client left before we took it. */
        if (!try_again(errno) && errno != ECONNABORTED)
            warn("accept", "%s", strerror(errno));
        self->resume = ACCEPT_NEXT;
        return CORO_YIELD;
    }
    self->launched = task_new(handle_echo(fd, &peer, self->delay));
    self->resume = ACCEPT_LAUNCHED;
    return request_schedule(t, &self->launched, 1);
}

/* DOC: acceptor */
static coro_status acceptor_step(coro *base, task *t)
{
    acceptor_frame *self = (acceptor_frame *)base;
    coro_status status;

    switch (self->resume) {
    case ACCEPT_NEXT:           /* wait for the next client */
    case ACCEPT_LAUNCHED:       /* ...once the loop has the last one's task */
        if (self->launched != NULL)
            task_unref(self->launched);
        self->launched = NULL;
        wait_readable_init(&self->wait, self->listener);
        self->resume = ACCEPT_WAITING;
        /* fall through */
    case ACCEPT_WAITING:        /* await wait_readable(listener) */
        status = step_wait(&self->wait, t, "accept");
        if (status != CORO_DONE)
            return status;
        return accept_client(self, t);  /* to LAUNCHED, or back to NEXT */
    }
    return CORO_DONE;           /* not reached: it accepts until cancelled */
}
/* DOC: end */

/* Freed before the loop took the last connection's task (cancelled). */
static void acceptor_drop(coro *base)
{
    acceptor_frame *self = (acceptor_frame *)base;

    if (self->launched != NULL)
        task_unref(self->launched);
    self->launched = NULL;
}

static const coro_type acceptor_type = {
    .name = "accept_clients",
    .step = acceptor_step,
    .size = sizeof(acceptor_frame),
    .points = { CORO_POINT(ACCEPT_NEXT), CORO_POINT(ACCEPT_WAITING),
                CORO_POINT(ACCEPT_LAUNCHED) },
    .drop = acceptor_drop,
};

coro *echo_acceptor(int listener, double delay)
{
    acceptor_frame *self = (acceptor_frame *)coro_new(&acceptor_type);

    self->listener = listener;
    self->delay = delay;
    return &self->base;
}

/* DOC: serve_async */
int echo_serve_async(const echo_options *o)
{
    task *acceptor;
    io_stats polls;
    int listener;
    int ran = 1;
    loop l;

    catch_stop_signals();       /* before anyone can know our port */
    if ((listener = open_listener(o, true)) < 0)
        return -1;
    loop_init(&l);
    l.print_done = false;       /* the connections tell their own story */
    loop_use_real_clock(&l, 1.0);   /* pollers are always ready: a virtual
                                       clock would never move */
    acceptor = task_new(echo_acceptor(listener, o->delay));
    loop_schedule(&l, acceptor);
    /* The loop never blocks (someone is always polling), so the flag is
     * read within a turn of the signal. */
    while (!stop_requested && (ran = loop_run_once(&l)) > 0)
        ;
    if (ran == 0 || task_is_done(acceptor))     /* it stopped accepting */
        ran = -1;
    task_cancel(acceptor);      /* it accepts forever: it never ends */
    loop_close(&l);             /* connections cut short: said on stderr */
    task_unref(acceptor);
    close(listener);
    polls = io_get_stats();
    say("stopped: %lu select() calls, %lu of them \"not yet\"",
        polls.calls, polls.not_ready);
    return ran < 0 ? -1 : 0;
}
/* DOC: end */

/* ---- the client: a task per message ----------------------------------- */

/* DOC: echo_message_frame */
typedef struct {
    coro base;
    enum { MESSAGE_CONNECT, MESSAGE_CONNECTING, MESSAGE_SENDING,
           MESSAGE_RECEIVING } resume;
    echo_tally *tally;          /* shared by every message of the run */
    int fd;                     /* owned: closed at the end, or by drop */
    size_t length;              /* of text */
    size_t sent;                /* bytes of text written so far */
    size_t received;            /* bytes of the echo read so far */
    char text[24];              /* "Hello 12" */
    char reply[24];             /* the echo, as it comes */
    char who[40];               /* "message 'Hello 12'", for errors */
    char error[ERROR_MAX];      /* the task's error, if it fails */
    wait_io_frame wait;         /* writable (connected), writable, readable */
} message_frame;
/* DOC: end */

/* No connection: say why (errno), end this message's task. */
static coro_status connect_failed(message_frame *self, task *t)
{
    return fail(t, self->error, self->who, "connect: %s", strerror(errno));
}

/* After wait_writable: write what is left of the text. DONE when all is
 * sent, YIELD to wait for room (same resume point), or ERROR. */
static coro_status send_text(message_frame *self, task *t)
{
    ssize_t n = write(self->fd, self->text + self->sent,
                      self->length - self->sent);

    if (n < 0 && !try_again(errno))
        return fail(t, self->error, self->who, "write: %s", strerror(errno));
    if (n > 0)
        self->sent += (size_t)n;
    if (self->sent == self->length)
        return CORO_DONE;
    wait_writable_init(&self->wait, self->fd);  /* a short write */
    return CORO_YIELD;
}

/* After wait_readable: read what has come of the echo. DONE once all of
 * it is there and matches (said and counted), YIELD to wait for the rest,
 * or ERROR. */
static coro_status receive_echo(message_frame *self, task *t)
{
    ssize_t n = read(self->fd, self->reply + self->received,
                     self->length - self->received);

    if (n < 0 && !try_again(errno))
        return fail(t, self->error, self->who, "read: %s", strerror(errno));
    if (n == 0)
        return fail(t, self->error, self->who, "the server closed the "
                    "connection after %zu of %zu bytes", self->received,
                    self->length);
    if (n > 0)
        self->received += (size_t)n;
    if (self->received < self->length) {
        wait_readable_init(&self->wait, self->fd);  /* the rest, later */
        return CORO_YIELD;
    }
    if (memcmp(self->reply, self->text, self->length) != 0)
        return fail(t, self->error, self->who, "the echo differs: '%.*s'",
                    (int)self->length, self->reply);
    say("Message received: %.*s", (int)self->received, self->reply);
    self->tally->echoed++;
    return CORO_DONE;
}

/* DOC: echo_message */
static coro_status message_step(coro *base, task *t)
{
    message_frame *self = (message_frame *)base;
    coro_status status;

    switch (self->resume) {
    case MESSAGE_CONNECT:       /* start connecting: the kernel goes on */
        self->fd = net_connect(self->tally->server);
        if (self->fd < 0)
            return connect_failed(self, t);
        wait_writable_init(&self->wait, self->fd);
        self->resume = MESSAGE_CONNECTING;
        /* fall through */
    case MESSAGE_CONNECTING:    /* writable: the handshake ended; how? */
        status = step_wait(&self->wait, t, self->who);
        if (status != CORO_DONE)
            return status;
        if (net_connect_result(self->fd) < 0)
            return connect_failed(self, t);     /* ECONNREFUSED, ... */
        say("Sending message '%s'", self->text);
        wait_writable_init(&self->wait, self->fd);
        self->resume = MESSAGE_SENDING;
        /* fall through */
    case MESSAGE_SENDING:       /* await wait_writable(fd), then write */
        status = step_wait(&self->wait, t, self->who);
        if (status != CORO_DONE)
            return status;
        if ((status = send_text(self, t)) != CORO_DONE)
            return status;
        wait_readable_init(&self->wait, self->fd);
        self->resume = MESSAGE_RECEIVING;
        /* fall through */
    case MESSAGE_RECEIVING:     /* await wait_readable(fd), then read */
        status = step_wait(&self->wait, t, self->who);
        if (status != CORO_DONE)
            return status;
        if ((status = receive_echo(self, t)) != CORO_DONE)
            return status;
        break;
    }
    close(self->fd);
    self->fd = -1;
    return CORO_DONE;
}
/* DOC: end */

static void message_drop(coro *base)
{
    message_frame *self = (message_frame *)base;

    if (self->fd >= 0)
        close(self->fd);
    self->fd = -1;
}

static const coro_type echo_message_type = {
    .name = "echo_message",
    .step = message_step,
    .size = sizeof(message_frame),
    .points = { CORO_POINT(MESSAGE_CONNECT), CORO_POINT(MESSAGE_CONNECTING),
                CORO_POINT(MESSAGE_SENDING), CORO_POINT(MESSAGE_RECEIVING) },
    .drop = message_drop,
};

coro *echo_message(echo_tally *tally, int number)
{
    message_frame *self = (message_frame *)coro_new(&echo_message_type);

    self->tally = tally;
    self->fd = -1;
    snprintf(self->text, sizeof self->text, "Hello %d", number);
    self->length = strlen(self->text);
    snprintf(self->who, sizeof self->who, "message '%s'", self->text);
    return &self->base;
}

/* "5 messages echoed in 1.01 s wall, 1.00 s CPU" */
static void say_total(const echo_options *o, const echo_report *r)
{
    char count[48];

    if (r->echoed == o->messages)
        snprintf(count, sizeof count, "%d message%s", r->echoed,
                 r->echoed == 1 ? "" : "s");
    else
        snprintf(count, sizeof count, "%d of %d messages", r->echoed,
                 o->messages);
    say("%s echoed in %.2f s wall, %.2f s CPU", count, r->wall, r->cpu);
}

/* DOC: echo_client */
int echo_client(const echo_options *o, echo_report *r)
{
    echo_tally tally = { .server = &o->address };
    io_stats polls = io_get_stats();
    double cpu = echo_cpu_seconds(RUSAGE_SELF);
    double start = wall_seconds();
    int ran;
    loop l;

    loop_init(&l);
    l.print_done = false;       /* the messages tell their own story */
    loop_use_real_clock(&l, 1.0);   /* as every loop that polls */
    for (int i = 1; i <= o->messages; i++) {
        task *message = task_new(echo_message(&tally, i));

        loop_schedule(&l, message);     /* the loop holds it now */
        task_unref(message);
    }
    ran = loop_run_until_empty(&l);     /* every message done, or failed */
    loop_close(&l);
    *r = (echo_report){ .echoed = tally.echoed,
                        .wall = wall_seconds() - start,
                        .cpu = echo_cpu_seconds(RUSAGE_SELF) - cpu };
    r->polls.calls = io_get_stats().calls - polls.calls;
    r->polls.not_ready = io_get_stats().not_ready - polls.not_ready;
    say_total(o, r);
    return ran == 0 && r->echoed == o->messages ? 0 : -1;
}
/* DOC: end */
