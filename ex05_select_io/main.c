/* main.c - ex05_select_io: the echo servers and client, from the command
 * line, and the demo that runs both servers against the same client.
 *
 * With no arguments: the demo. The blocking server, then the async one,
 * each in a child process, each against the async client with 5 messages;
 * then what each cost, in wall time and CPU time. With `server` or
 * `client`: one of them, with the options of usage_text[]. The servers and
 * the client are echo.c; this file reads the command line and runs them.
 */
#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "echo.h"
#include "util.h"

#define PROG "ex05_select_io"
#define MAX_DELAY 60.0          /* --delay: a minute is already a long wait */

static const char usage_text[] =
    "usage: " PROG "                 the demo: both servers against the same client\n"
    "       " PROG " server [--sync] [--host H] [--port P] [--delay S]\n"
    "       " PROG " client [--host H] [--port P] [-n N]\n"
    "\n"
    "Step 5 of 7: readiness with select(). An echo server answers each\n"
    "message after a delay. The blocking one serves one client at a time;\n"
    "the async one waits for many at once, polling select() every turn of\n"
    "its loop: fast, but it burns a core while it waits.\n"
    "\n"
    "  --sync       the blocking server (one client at a time)\n"
    "  --host H     where to listen or connect (default 127.0.0.1)\n"
    "  --port P     the TCP port (default 8888; a server's 0 picks a free one)\n"
    "  --delay S    seconds a server waits before it echoes (default 1,\n"
    "               at most 60; also for the demo)\n"
    "  -n N         messages the client sends at once, each over its own\n"
    "               connection (default 5, at most 1000: see below; also\n"
    "               for the demo)\n"
    "  --trace      the loop tells each turn on stderr (a lot of lines: a\n"
    "               polling task runs every turn)\n"
    "  -h, --help   this text\n"
    "An option's value may follow it (--port 8888) or be joined (--port=8888).\n"
    "-n is at most 1000 because each message holds a socket and select()\n"
    "only sees descriptors below FD_SETSIZE (1024).\n"
    "\n"
    "Try, in two terminals: " PROG " server     and     " PROG " client\n"
    "A server runs until Ctrl-C (SIGINT) or SIGTERM.\n";

/* ---- the command line ------------------------------------------------- */

typedef enum {                  /* bits: an option says where it applies */
    MODE_DEMO = 1,
    MODE_SERVER = 2,
    MODE_CLIENT = 4,
    MODE_ANY = 7
} run_mode;

typedef struct {
    run_mode mode;
    bool sync;
    const char *host;
    long port;
    double delay;
    long messages;
} settings;

typedef enum { OPT_SYNC, OPT_HOST, OPT_PORT, OPT_DELAY, OPT_COUNT,
               OPT_TRACE, OPT_HELP } option_id;

/* DOC: options */
/* Every option, once: its names, whether it takes a value, where it
 * applies. */
static const struct option {
    const char *name;
    const char *alias;          /* a second name, or NULL */
    option_id id;
    bool takes_value;
    unsigned modes;             /* run_mode bits */
} options[] = {
    { "--sync",  NULL, OPT_SYNC,  false, MODE_SERVER },
    { "--host",  NULL, OPT_HOST,  true,  MODE_SERVER | MODE_CLIENT },
    { "--port",  NULL, OPT_PORT,  true,  MODE_SERVER | MODE_CLIENT },
    { "--delay", NULL, OPT_DELAY, true,  MODE_SERVER | MODE_DEMO },
    { "-n",      NULL, OPT_COUNT, true,  MODE_CLIENT | MODE_DEMO },
    { "--trace", NULL, OPT_TRACE, false, MODE_ANY },
    { "--help",  "-h", OPT_HELP,  false, MODE_ANY },
};
/* DOC: end */

/* Say what is wrong in one line, then the usage; exit status 2. */
static void bad_usage(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

static void bad_usage(const char *fmt, ...)
{
    va_list ap;

    fputs(PROG ": ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n\n%s", usage_text);
    exit(2);
}

/* A whole number from min to max; `why` says why those are the bounds. */
static long parse_count(const char *opt, const char *text, long min, long max,
                        const char *why)
{
    char *end;
    long n;

    errno = 0;
    n = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || n < min || n > max)
        bad_usage("%s wants a whole number from %ld to %ld, not '%s': %s",
                  opt, min, max, text, why);
    return n;
}

static double parse_delay(const char *opt, const char *text)
{
    char *end;
    double s;

    errno = 0;
    s = strtod(text, &end);
    if (errno != 0 || end == text || *end != '\0' || !isfinite(s) ||
        s < 0 || s > MAX_DELAY)
        bad_usage("%s wants a number of seconds from 0 to %g, not '%s': "
                  "a minute is already a long wait", opt, MAX_DELAY, text);
    return s;
}

/* The option named `name` (the first `length` bytes), or NULL. */
static const struct option *find_option(const char *name, size_t length)
{
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
        const struct option *o = &options[i];
        if ((strlen(o->name) == length && strncmp(o->name, name, length) == 0)
            || (o->alias != NULL && strlen(o->alias) == length &&
                strncmp(o->alias, name, length) == 0))
            return o;
    }
    return NULL;
}

static const char *mode_name(run_mode mode)
{
    return mode == MODE_SERVER ? "the server" :
           mode == MODE_CLIENT ? "the client" : "the demo";
}

/* Do what option o says, with its value (NULL for a flag). */
static void apply(settings *s, const struct option *o, const char *value)
{
    switch (o->id) {
    case OPT_SYNC:  s->sync = true; break;
    case OPT_HOST:
        if (*value == '\0')
            bad_usage("--host wants a name or an address, not ''");
        s->host = value;
        break;
    case OPT_PORT:
        s->port = parse_count(o->name, value, 0, 65535,
                              "a TCP port is 16 bits (0: any free port)");
        break;
    case OPT_DELAY: s->delay = parse_delay(o->name, value); break;
    case OPT_COUNT:
        s->messages = parse_count(o->name, value, 1, ECHO_MAX_MESSAGES,
                                  "each message holds a socket, and select() "
                                  "sees only descriptors below FD_SETSIZE "
                                  "(1024)");
        break;
    case OPT_TRACE: trace_to(stderr); break;
    case OPT_HELP:
        fputs(usage_text, stdout);
        exit(0);
    }
}

/* DOC: parse_args */
/* argv[first..]: options, "--name value", "--name=value" or "--flag". */
static void parse_options(settings *s, int argc, char **argv, int first)
{
    for (int i = first; i < argc; i++) {
        const char *arg = argv[i];
        const char *equals = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=')
                                                        : NULL;
        size_t length = equals ? (size_t)(equals - arg) : strlen(arg);
        const struct option *o = find_option(arg, length);
        const char *value = equals ? equals + 1 : NULL;

        if (o == NULL)
            bad_usage(arg[0] == '-' ? "unknown option '%s'"
                                    : "unexpected argument '%s'", arg);
        if (!(o->modes & s->mode))
            bad_usage("%s is not an option of %s", o->name,
                      mode_name(s->mode));
        if (!o->takes_value && value != NULL)
            bad_usage("%s takes no value", o->name);
        if (o->takes_value && value == NULL) {
            if (i + 1 == argc)
                bad_usage("%s wants a value", o->name);
            value = argv[++i];
        }
        apply(s, o, value);
    }
    if (s->mode == MODE_CLIENT && s->port == 0)
        bad_usage("the client needs a port to connect to: --port 0 (any "
                  "free port) is for a server");
}
/* DOC: end */

/* `server` or `client` first, else the demo; then the options. */
static void parse_args(settings *s, int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "server") == 0)
        s->mode = MODE_SERVER;
    else if (argc > 1 && strcmp(argv[1], "client") == 0)
        s->mode = MODE_CLIENT;
    parse_options(s, argc, argv, s->mode == MODE_DEMO ? 1 : 2);
}

/* ---- one server, or the client ---------------------------------------- */

/* o->address, from host and port. Returns 0, or -1 after saying why. */
static int resolve(echo_options *o, const char *host, long port)
{
    int rc = net_resolve(&o->address, host, (int)port);

    if (rc != 0) {
        fprintf(stderr, PROG ": cannot find %s, port %ld: %s\n", host, port,
                gai_strerror(rc));
        return -1;
    }
    return 0;
}

static int run_server(const settings *s)
{
    echo_options o = { .delay = s->delay, .port_pipe = -1 };

    if (resolve(&o, s->host, s->port) < 0)
        return -1;
    return s->sync ? echo_serve_blocking(&o) : echo_serve_async(&o);
}

static int run_client(const settings *s)
{
    echo_options o = { .messages = (int)s->messages, .port_pipe = -1 };
    echo_report r;

    if (resolve(&o, s->host, s->port) < 0)
        return -1;
    return echo_client(&o, &r);
}

/* ---- the demo: each server in a child process, against the client ---- */

/* The child writes its port (an int) into the pipe once it listens. Returns
 * 0, or -1 if it closed the pipe first: it could not start. */
static int read_port(int fd, int *port)
{
    ssize_t n;

    while ((n = read(fd, port, sizeof *port)) < 0 && errno == EINTR)
        ;
    if (n == (ssize_t)sizeof *port)
        return 0;
    fprintf(stderr, PROG ": the server did not start\n");
    return -1;
}

/* Stop the child with SIGTERM and wait for it; *cpu is the CPU time it
 * used in its whole life. Returns 0, or -1 if it did not end well. */
static int stop_server(pid_t pid, double *cpu)
{
    double before = echo_cpu_seconds(RUSAGE_CHILDREN);
    int status;

    kill(pid, SIGTERM);
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            fprintf(stderr, PROG ": waitpid: %s\n", strerror(errno));
            return -1;
        }
    /* RUSAGE_CHILDREN counts the children that were waited for: this one
     * is the difference. */
    *cpu = echo_cpu_seconds(RUSAGE_CHILDREN) - before;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    fprintf(stderr, PROG ": the server ended with status %d\n", status);
    return -1;
}

/* Fork a server on a free port of 127.0.0.1. Returns its pid, with the
 * port in *port, or -1 after saying why. */
static pid_t start_server(bool sync, double delay, int *port)
{
    echo_options o = { .delay = delay };
    double ignored;
    int fds[2];
    pid_t pid;

    if (resolve(&o, "127.0.0.1", 0) < 0 || pipe(fds) < 0)
        return -1;
    fflush(stdout);             /* or the child prints it a second time */
    pid = fork();
    if (pid == 0) {             /* the child: a server, until SIGTERM */
        close(fds[0]);
        o.port_pipe = fds[1];
        exit(finish((sync ? echo_serve_blocking(&o)
                          : echo_serve_async(&o)) < 0 ? 1 : 0));
    }
    close(fds[1]);
    if (pid < 0)
        fprintf(stderr, PROG ": fork: %s\n", strerror(errno));
    else if (read_port(fds[0], port) < 0) {
        stop_server(pid, &ignored);
        pid = -1;
    }
    close(fds[0]);
    return pid;
}

/* One server against the client, and what each measured. */
typedef struct {
    const char *title;
    const char *notice;         /* the one thing to watch */
    const char *name;           /* for the comparison */
    bool sync;
    echo_report client;
    double server_cpu;          /* the server's whole life */
} demo_round;

static int run_round(const settings *s, demo_round *r)
{
    echo_options o = { .messages = (int)s->messages, .port_pipe = -1 };
    int port;
    pid_t pid = start_server(r->sync, s->delay, &port);
    int status;

    if (pid < 0)
        return -1;
    status = resolve(&o, "127.0.0.1", port);
    if (status == 0)
        status = echo_client(&o, &r->client);
    if (stop_server(pid, &r->server_cpu) < 0)
        status = -1;
    return status;
}

/* The figures side by side, and what they mean. */
static void compare(const demo_round *rounds, size_t n)
{
    double client_cpu = 0;
    unsigned long calls = 0, not_ready = 0;

    for (size_t i = 0; i < n; i++) {
        const demo_round *r = &rounds[i];
        say("%-16s %d messages in %.2f s wall; server CPU %.2f s%s",
            r->name, r->client.echoed, r->client.wall, r->server_cpu,
            r->sync ? "" : " (busy polling: ex06 fixes this)");
        client_cpu += r->client.cpu;
        calls += r->client.polls.calls;
        not_ready += r->client.polls.not_ready;
    }
    say("The client polls too: it used %.2f s of CPU in all, and called "
        "select()", client_cpu);
    say("%lu times, to hear \"not yet\" %lu times.", calls, not_ready);
    say("A task that waits this way is never parked, so the loop never "
        "sleeps: a core");
    say("runs flat out to learn, again and again, that nothing happened. "
        "ex06 parks");
    say("waiting tasks and blocks in poll() until a descriptor is ready: "
        "the same");
    say("speed, and no CPU burned while waiting.");
}

/* DOC: demo */
static int demo(const settings *s)
{
    demo_round rounds[] = {
        { "The blocking server: one client at a time",
          "It reads, sleeps and writes for one client before it takes the "
          "next:\nthe clients queue.", "blocking server:", true,
          { 0 }, 0 },
        { "The async server: a task per connection, polling select()",
          "Every connection waits at the same time: the delays overlap.",
          "async server:", false, { 0 }, 0 },
    };
    size_t n = sizeof rounds / sizeof rounds[0];
    int status = 0;

    say("Echo over TCP, served two ways (step 5 of 7).");
    say("The client sends %ld message%s at once, each over a connection of "
        "its own.", s->messages, s->messages == 1 ? "" : "s");
    say("The server answers each after %g s. It runs in a child process: "
        "the two", s->delay);
    say("programs' lines interleave, in the order they happen.");
    for (size_t i = 0; i < n; i++) {
        say("%s", "");
        say("## %zu. %s", i + 1, rounds[i].title);
        say("%s", rounds[i].notice);
        if (run_round(s, &rounds[i]) < 0)
            status = -1;
    }
    say("%s", "");
    say("## %zu. What it cost", n + 1);
    compare(rounds, n);
    return status;
}
/* DOC: end */

int main(int argc, char **argv)
{
    settings s = { .mode = MODE_DEMO, .host = "127.0.0.1", .port = 8888,
                   .delay = 1, .messages = 5 };
    int status;

    /* Line by line, even into a pipe: tests, and the demo's two processes,
     * read the lines as they come. (Before any output: setvbuf's rule.) */
    setvbuf(stdout, NULL, _IOLBF, 0);
    parse_args(&s, argc, argv);
    /* A write to a socket whose peer is gone raises SIGPIPE, which kills
     * the process. Ignored, the write fails with EPIPE instead, and only
     * that connection ends. */
    signal(SIGPIPE, SIG_IGN);
    if (s.mode == MODE_SERVER)
        status = run_server(&s);
    else if (s.mode == MODE_CLIENT)
        status = run_client(&s);
    else
        status = demo(&s);
    return finish(status < 0 ? 1 : 0);
}
