/* main.c - ex04_fastfood: the fast-food kitchen, from the command line.
 *
 * With no arguments: a guided tour of the tutorial's scenarios, on the real
 * clock sped up. With arguments: one scenario of your own (see options[]).
 * The kitchen is kitchen.c; the tables and charts are report.c; this file
 * only reads the command line and runs scenarios.
 *
 * Errors: a mistake on the command line gets one line (what is wrong, and
 * why the bound is where it is), then the usage, and exit status 2: every
 * value is checked before anything runs, so a bad one cannot hang or
 * exhaust the machine halfway through. A failure while running (an SVG
 * file that cannot be written, a kitchen that stops early, a failed write
 * to stdout) exits with status 1.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kitchen.h"
#include "loop.h"
#include "report.h"
#include "util.h"

#define TOUR_SPEED 8.0          /* kitchen seconds per real second */
/* The tour's six kitchens last 92 kitchen seconds: 11.5 s at x8, measured
 * (time ./ex04_fastfood). --help and the tour's banner both say this. */
#define TOUR_TIME "about 12 seconds"

/* What one client in flight costs: its serve task and frame (176 bytes),
 * three job tasks and frames (184, 152, 184), its record (128): 824 bytes,
 * 880 with malloc's headers. Measured (/usr/bin/time -f %M, --virtual
 * --quiet): 100,000 clients at once peak at 87,596 KB, 200,000 at
 * 173,484 KB: 879 bytes a client. Rounded up, for the timers' heap. */
#define CLIENT_BYTES 900
#define MEMORY_SHARE 0.5        /* of the machine's memory, for one run */
#define UNKNOWN_MEMORY 4e9      /* if sysconf cannot tell: a small machine */

#define MAX_PORTIONS 1000       /* a limit of this program, not of C */
/* No run may reach a deadline anywhere near what the loop can sleep
 * (LOOP_MAX_REAL_SECONDS, a year): a tenth of it, 36.5 days, on the real
 * clock. On the virtual clock, times stay below 1e11 s, where a double
 * still counts in steps of 1/65536 s, so the hundredths printed are exact. */
#define MAX_REAL_RUN (LOOP_MAX_REAL_SECONDS / 10)
#define MAX_VIRTUAL_RUN 1e11
#define SECONDS_PER_DAY (24 * 3600.0)

#define COMMAND_MAX 512         /* argv[0], quoted for the shell */

static const char about[] =
    "Step 4 of 7: time, locks and semaphores. The loop gains a clock and\n"
    "timers; tasks sleep, and wait for locks and semaphores without polling.\n"
    "Clients order a burger (a cook, 4 s), fries (the fryer, a batch of 5 in\n"
    "8 s) and a soda (the soda machine, 2 s): which machine holds them up?\n";

/* One run of the kitchen, and what to show of it. */
typedef struct {
    kitchen_config cfg;
    const char *names;          /* one letter per client, or NULL */
    long nclients;
    double every;
    bool virtual_clock;
    double speed;               /* real clock only */
    bool speed_given;           /* --speed: not with --virtual */
    bool narrate;               /* every event, not just the orders */
    bool table;                 /* the resource table after the run */
    bool timeline;
    const char *svg;            /* file name, or NULL */
    FILE *svg_out;              /* opened before the run: fail fast */
    bool tour;                  /* --tour: the guided tour */
    const char *not_for_tour;   /* the first option the tour cannot take */
} scenario;

/* How the user ran us (argv[0], quoted if need be), so that every command
 * we print works from where the user is: "./ex04_fastfood/ex04_fastfood"
 * from the top directory, "./ex04_fastfood" from the step's. */
static char command[COMMAND_MAX] = "ex04_fastfood";

/* ---- the options ------------------------------------------------------ */

/* An option's action: `opt` is its name, for messages; `value` is NULL
 * for an option that takes none. */
typedef void option_fn(scenario *s, const char *opt, const char *value);

typedef struct {
    const char *name;           /* "--clients" */
    const char *alias;          /* "-h", or NULL */
    const char *arg;            /* what the value is ("N"), or NULL: a flag */
    const char *help;           /* lines for --help ('\n' between them) */
    bool tour_ok;               /* goes with --tour */
    option_fn *apply;
} option;

static void print_usage(FILE *out);     /* after options[], which it lists */

/* Say what is wrong in one line, then the usage; exit status 2. */
static void bad_usage(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

static void bad_usage(const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fprintf(stderr, "%s: ", program_name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n\n", stderr);
    print_usage(stderr);
    exit(2);
}

/* ---- numbers ---------------------------------------------------------- */

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

/* Is text, all of it, a finite number? (strtod also reads "nan", "inf"
 * and "1e999", which is inf: no bound could be checked against those.) */
static bool read_finite(const char *text, double *x)
{
    char *end;

    *x = strtod(text, &end);
    return end != text && *end == '\0' && isfinite(*x);
}

/* Seconds: 0 or more if zero_ok, else more than 0. How long a whole run
 * may be is checked once all the options are in (check_run_length). */
static double parse_seconds(const char *opt, const char *text, bool zero_ok)
{
    double s;

    if (!read_finite(text, &s) || s < 0 || (s == 0 && !zero_ok))
        bad_usage("%s wants a finite number of seconds, %s, not '%s'", opt,
                  zero_ok ? "0 or more" : "more than 0 (a job takes time)",
                  text);
    return s;
}

/* The real clock's speed, within what loop.h says it can honour. */
static void opt_speed(scenario *s, const char *opt, const char *text)
{
    if (!read_finite(text, &s->speed) || s->speed < LOOP_MIN_SPEED ||
        s->speed > LOOP_MAX_SPEED)
        bad_usage("%s wants a number from %g to %g, not '%s': slower, the "
                  "tutorial's 20 s would take over half an hour; faster, a "
                  "kitchen second would pass quicker than a sleep can end",
                  opt, LOOP_MIN_SPEED, LOOP_MAX_SPEED, text);
    s->speed_given = true;
}

/* ---- clients, and what they cost -------------------------------------- */

static double memory_bytes(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);

    return pages > 0 && size > 0 ? (double)pages * (double)size
                                 : UNKNOWN_MEMORY;
}

/* --clients N: with --every 0 all N are in flight at once, so N of them
 * must fit in MEMORY_SHARE of the machine's memory. */
static long parse_client_count(const char *opt, const char *text)
{
    double memory = memory_bytes();
    long max = (long)(memory * MEMORY_SHARE / CLIENT_BYTES);
    char why[256];

    snprintf(why, sizeof why, "a client in flight takes about %d bytes (its "
             "serve task, three job tasks and their frames, its record), all "
             "of them can be in flight at once, and they must fit in half of "
             "this machine's %.1f GB", CLIENT_BYTES, memory / 1e9);
    return parse_count(opt, text, 1, max, why);
}

/* --clients: distinct letters, or a count. */
static void opt_clients(scenario *s, const char *opt, const char *text)
{
    size_t n = strlen(text);

    if (n > 0 && strspn(text, "0123456789") == n) {
        s->names = NULL;
        s->nclients = parse_client_count(opt, text);
        return;
    }
    if (n == 0 || n > KITCHEN_MAX_CHART_CLIENTS)
        bad_usage("%s wants 1 to %d letters (one symbol each in the charts: "
                  "A-Z, a-z) or a number, not %zu letters", opt,
                  KITCHEN_MAX_CHART_CLIENTS, n);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
            bad_usage("%s wants letters (one per client) or a number, "
                      "not '%s'", opt, text);
        if (memchr(text, c, i) != NULL)
            bad_usage("%s: '%c' comes twice; each client needs its own "
                      "letter", opt, c);
    }
    s->names = text;
    s->nclients = (long)n;
}

/* ---- the kitchen's machines ------------------------------------------- */

static int parse_units(const char *opt, const char *text)
{
    return (int)parse_count(opt, text, 1, KITCHEN_MAX_UNITS,
                            "the kitchen's books keep one slot per unit "
                            "(KITCHEN_MAX_UNITS in kitchen.h)");
}

static void opt_cooks(scenario *s, const char *opt, const char *text)
{
    s->cfg.cooks = parse_units(opt, text);
}

static void opt_soda_machines(scenario *s, const char *opt, const char *text)
{
    s->cfg.soda_machines = parse_units(opt, text);
}

/* --fryer PORTIONSxSECONDS, for example 5x8. */
static void opt_fryer(scenario *s, const char *opt, const char *text)
{
    char portions[32];
    const char *x = strchr(text, 'x');

    if (x == NULL || x == text || (size_t)(x - text) >= sizeof portions)
        bad_usage("%s wants PORTIONSxSECONDS, like 5x8, not '%s'", opt, text);
    memcpy(portions, text, (size_t)(x - text));
    portions[x - text] = '\0';
    s->cfg.fryer_portions = (int)parse_count(
        "--fryer (portions)", portions, 1, MAX_PORTIONS,
        "a bound this program sets on one batch: a fryer, not a silo");
    s->cfg.fryer_time = parse_seconds("--fryer (seconds)", x + 1, false);
}

static void opt_burger_time(scenario *s, const char *opt, const char *text)
{
    s->cfg.burger_time = parse_seconds(opt, text, false);
}

static void opt_soda_time(scenario *s, const char *opt, const char *text)
{
    s->cfg.soda_time = parse_seconds(opt, text, false);
}

static void opt_every(scenario *s, const char *opt, const char *text)
{
    s->every = parse_seconds(opt, text, true);
}

/* ---- switches --------------------------------------------------------- */

static void opt_sync(scenario *s, const char *opt, const char *value)
{
    (void)opt;
    (void)value;
    s->cfg.sync = true;
}

static void opt_virtual(scenario *s, const char *opt, const char *value)
{
    (void)opt;
    (void)value;
    s->virtual_clock = true;
}

static void opt_timeline(scenario *s, const char *opt, const char *value)
{
    (void)opt;
    (void)value;
    s->timeline = true;
}

static void opt_svg(scenario *s, const char *opt, const char *path)
{
    if (path[0] == '\0')
        bad_usage("%s wants a file name to write the chart to, not an empty "
                  "one", opt);
    s->svg = path;
}

static void opt_quiet(scenario *s, const char *opt, const char *value)
{
    (void)opt;
    (void)value;
    s->narrate = false;
    s->table = false;
}

static void opt_tour(scenario *s, const char *opt, const char *value)
{
    (void)opt;
    (void)value;
    s->tour = true;
}

static void opt_trace(scenario *s, const char *opt, const char *value)
{
    (void)s;
    (void)opt;
    (void)value;
    trace_to(stderr);               /* the transcript on stdout stays exact */
}

static void opt_help(scenario *s, const char *opt, const char *value)
{
    (void)s;
    (void)opt;
    (void)value;
    print_usage(stdout);
    exit(finish(0));
}

/* DOC: options */
static const option options[] = {
    { "--clients", NULL, "LETTERS|N", "client names, one letter each "
      "(default A),\nor N clients C1..CN", false, opt_clients },
    { "--every", NULL, "S", "one client arrives every S seconds\n"
      "(default 0: all at once)", false, opt_every },
    { "--sync", NULL, NULL, "the synchronous kitchen: one job after\n"
      "another", false, opt_sync },
    { "--cooks", NULL, "N", "cooks (default 3)", false, opt_cooks },
    { "--soda-machines", NULL, "N", "soda machines (default 1)", false,
      opt_soda_machines },
    { "--fryer", NULL, "PxS", "a batch of P portions in S seconds\n"
      "(default 5x8)", false, opt_fryer },
    { "--burger-time", NULL, "S", "seconds to cook a burger (default 4)",
      false, opt_burger_time },
    { "--soda-time", NULL, "S", "seconds to fill a soda (default 2)", false,
      opt_soda_time },
    { "--virtual", NULL, NULL, "virtual clock: instant and exact", true,
      opt_virtual },
    { "--speed", NULL, "X", "real clock, X kitchen seconds per real\n"
      "second (default 1)", false, opt_speed },
    { "--timeline", NULL, NULL, "after the run, an ASCII chart of the\n"
      "kitchen over time", false, opt_timeline },
    { "--svg", NULL, "FILE", "the same chart as an SVG picture", false,
      opt_svg },
    { "--quiet", NULL, NULL, "only the order lines and the summary", false,
      opt_quiet },
    { "--tour", NULL, NULL, "the guided tour, as with no options;\n"
      "with --virtual, instant", true, opt_tour },
    { "--trace", NULL, NULL, "tell, on stderr, what the loop does at\n"
      "each turn", true, opt_trace },
    { "--help", "-h", NULL, "this text", true, opt_help },
};
static const size_t noptions = sizeof options / sizeof options[0];
/* DOC: end */

/* --help, or the usage after a mistake. */
static void print_usage(FILE *out)
{
    fprintf(out, "usage: %s %-9s  a guided tour (" TOUR_TIME ")\n"
            "       %s %-9s  one kitchen of your own\n\n%s\n",
            command, "", command, "[options]", about);
    for (size_t i = 0; i < noptions; i++) {
        const option *o = &options[i];
        char left[40];
        const char *help = o->help;
        size_t len;

        snprintf(left, sizeof left, "%s%s%s%s%s", o->alias ? o->alias : "",
                 o->alias ? ", " : "", o->name, o->arg ? " " : "",
                 o->arg ? o->arg : "");
        do {                        /* one line of help at a time */
            len = strcspn(help, "\n");
            fprintf(out, "  %-22s%.*s\n", left, (int)len, help);
            left[0] = '\0';
            help += len + (help[len] == '\n');
        } while (*help != '\0');
    }
    fprintf(out, "\nAn option's value comes after it or after '=': --every 2, "
            "--every=2.\nExample: %s --virtual --clients ABCDEFGHIJ --every 1 "
            "--timeline\n", command);
}

/* ---- reading the command line ----------------------------------------- */

/* The option `arg` names: "--every", "--every=2" or "-h". `len` is the
 * length of its name, up to any '='. */
static const option *find_option(const char *arg, size_t len)
{
    for (size_t i = 0; i < noptions; i++) {
        const option *o = &options[i];
        if ((strncmp(arg, o->name, len) == 0 && o->name[len] == '\0') ||
            (o->alias != NULL && strcmp(arg, o->alias) == 0))
            return o;
    }
    bad_usage("unknown option '%s'", arg);
}

/* DOC: parse_args */
/* Each option's value comes after '=' in the same word, or is the next
 * word; the conventional forms, so that --every=2 and --every 2 agree. */
static void parse_args(scenario *s, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
        const option *o = find_option(arg, eq ? (size_t)(eq - arg)
                                              : strlen(arg));
        const char *value = eq ? eq + 1 : NULL;

        if (o->arg == NULL && value != NULL)
            bad_usage("%s takes no value, not '%s'", o->name, value);
        if (o->arg != NULL && value == NULL) {
            if (i + 1 >= argc)
                bad_usage("%s wants a value: %s %s", o->name, o->name,
                          o->arg);
            value = argv[++i];
        }
        if (!o->tour_ok && s->not_for_tour == NULL)
            s->not_for_tour = o->name;
        o->apply(s, o->name, value);
    }
}
/* DOC: end */

/* The latest a run can end, in kitchen seconds. The last client comes at
 * (N - 1) x every; from then on, while an order is unfinished, some
 * machine is busy (a job that waits, waits for a busy machine), and each
 * client keeps the machines busy for at most burger + fryer + soda. */
static double longest_run(const scenario *s)
{
    const kitchen_config *c = &s->cfg;
    double n = (double)s->nclients;

    return (n - 1) * s->every +
           n * (c->burger_time + c->fryer_time + c->soda_time);
}

/* Refuse a run whose deadlines the clock could not honour (see
 * MAX_REAL_RUN): the options are each fine, but not together. */
static void check_run_length(const scenario *s)
{
    double end = longest_run(s), days = end / s->speed / SECONDS_PER_DAY;
    char run[160];

    snprintf(run, sizeof run, "%ld client%s, one every %g s, each keeping "
             "the machines busy up to %g s", s->nclients,
             s->nclients == 1 ? "" : "s", s->every, s->cfg.burger_time +
             s->cfg.fryer_time + s->cfg.soda_time);
    if (s->virtual_clock && end > MAX_VIRTUAL_RUN)
        bad_usage("this run could last %.3g kitchen seconds (%s); the "
                  "bound is %g s, where a double still counts time in steps "
                  "of 1/65536 s, so that every hundredth printed is exact",
                  end, run, MAX_VIRTUAL_RUN);
    if (!s->virtual_clock && end / s->speed > MAX_REAL_RUN)
        bad_usage("on the real clock at x%g, this run could last %.1f days "
                  "(%s); the bound is %g days, a tenth of the year the loop "
                  "can sleep, so every deadline stays far below it: use "
                  "--virtual, a higher --speed, or fewer or faster clients",
                  s->speed, days, run, MAX_REAL_RUN / SECONDS_PER_DAY);
}

/* What no single option can check: the options together. */
static void check_scenario(const scenario *s)
{
    if (s->virtual_clock && s->speed_given)
        bad_usage("--virtual and --speed do not go together: the virtual "
                  "clock has no speed, it jumps");
    if (s->tour && s->not_for_tour != NULL)
        bad_usage("--tour runs the tour's own kitchens: it goes with "
                  "--virtual and --trace, not %s", s->not_for_tour);
    if ((s->timeline || s->svg != NULL) &&
        s->nclients > KITCHEN_MAX_CHART_CLIENTS)
        bad_usage("--timeline and --svg draw at most %d clients (one symbol "
                  "each: A-Z, a-z), not %ld", KITCHEN_MAX_CHART_CLIENTS,
                  s->nclients);
    check_run_length(s);
}

/* argv[0] as the shell needs it: as is if it is plain, else in single
 * quotes (a directory with a space in its name, say). */
static void set_command(const char *argv0)
{
    size_t used = 0;

    if (argv0 == NULL || argv0[0] == '\0' ||
        strlen(argv0) * 4 + 3 > COMMAND_MAX)
        return;                     /* keep the program's name */
    if (strspn(argv0, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
               "0123456789_./+-") == strlen(argv0)) {
        snprintf(command, sizeof command, "%s", argv0);
        return;
    }
    command[used++] = '\'';
    for (const char *p = argv0; *p != '\0'; p++) {
        if (*p == '\'') {           /* close, an escaped quote, reopen */
            memcpy(command + used, "'\\''", 4);
            used += 4;
        } else {
            command[used++] = *p;
        }
    }
    command[used++] = '\'';
    command[used] = '\0';
}

/* ---- running a scenario ----------------------------------------------- */

/* One line saying which kitchen this is, so a run explains itself. */
static void describe(const scenario *s)
{
    const kitchen_config *c = &s->cfg;
    char clock[64];

    if (s->virtual_clock)
        snprintf(clock, sizeof clock, "virtual clock");
    else
        snprintf(clock, sizeof clock, "real clock x%g", s->speed);
    say("Kitchen: %d cook%s (burger %g s), fryer %d portions in %g s, "
        "%d soda machine%s (soda %g s); %s, %s.",
        c->cooks, c->cooks == 1 ? "" : "s", c->burger_time,
        c->fryer_portions, c->fryer_time,
        c->soda_machines, c->soda_machines == 1 ? "" : "s", c->soda_time,
        c->sync ? "synchronous" : "asynchronous", clock);
    if (s->nclients == 1)
        say("1 client.");
    else if (s->every > 0)
        say("%ld clients, one every %g s.", s->nclients, s->every);
    else
        say("%ld clients, all at once.", s->nclients);
}

/* Open the SVG file now: a path that cannot be written is said at once,
 * not after a run that may take minutes. */
static void open_svg(scenario *s)
{
    if (s->svg == NULL)
        return;
    s->svg_out = fopen(s->svg, "w");
    if (s->svg_out == NULL)
        die("cannot write %s: %s", s->svg, strerror(errno));
}

/* Write the chart to the file open_svg() opened, and close it. Returns 0,
 * or -1 with a message on stderr. */
static int write_svg(const scenario *s, const kitchen *k)
{
    int failed = report_svg(k, s->svg_out) < 0;

    if (fclose(s->svg_out) != 0)
        failed = 1;
    if (failed) {
        fprintf(stderr, "%s: writing %s failed: %s\n", program_name, s->svg,
                strerror(errno));
        return -1;
    }
    if (s->narrate)
        say("Chart written to %s", s->svg);
    return 0;
}

/* What a run shows after it ends. Returns 0, or -1 if the SVG failed. */
static int show_results(const scenario *s, const kitchen *k)
{
    report_summary(k);
    if (s->table)
        report_resources(k);
    if (s->timeline)
        report_timeline(k);
    return s->svg_out != NULL ? write_svg(s, k) : 0;
}

/* DOC: run_scenario */
/* Run one kitchen to its end. Returns 0, or -1 if something failed. */
static int run_scenario(const scenario *s)
{
    bool history = s->timeline || s->svg_out != NULL;
    task *arrivals;
    int status = 0;
    kitchen k;
    loop l;

    loop_init(&l);
    l.print_done = false;               /* the kitchen tells its own story */
    if (!s->virtual_clock)
        loop_use_real_clock(&l, s->speed);
    kitchen_init(&k, &l, &s->cfg, s->names, s->nclients, s->every,
                 s->narrate, history);
    arrivals = task_new(kitchen_arrivals(&k));
    loop_schedule(&l, arrivals);
    if (loop_run_until_empty(&l) < 0 || k.orders != s->nclients) {
        fprintf(stderr, "%s: the kitchen stopped with %ld of %ld orders "
                "served\n", program_name, k.orders, s->nclients);
        status = -1;
    }
    loop_close(&l);
    task_unref(arrivals);
    if (show_results(s, &k) < 0)
        status = -1;
    kitchen_free(&k);
    return status;
}
/* DOC: end */

/* ---- the guided tour -------------------------------------------------- */

typedef struct {
    const char *title;
    const char *notice;         /* the one thing to look at */
    const char *names;
    double every;
    bool sync;
    bool narrate;               /* ten clients: orders and table, no story */
    bool timeline;
} tour_stop;

static const tour_stop tour[] = {
    { "The synchronous kitchen: one client",
      "One server does one job after another: 4 s + 8 s + 2 s = 14 s.",
      "A", 0, true, true, false },
    { "The asynchronous kitchen: one client",
      "The three jobs overlap: the order takes as long as the slowest, "
      "the fries (8 s).",
      "A", 0, false, true, false },
    { "Two clients at once",
      "Three cooks and one batch of five portions serve both: "
      "still 8 s each.",
      "AB", 0, false, true, false },
    { "Ten clients at once",
      "Orders slow down as clients queue for the machines; the timeline "
      "shows who held what, second by second.",
      "ABCDEFGHIJ", 0, false, false, true },
    { "Ten clients, one every 2 seconds",
      "Arrivals are spread out, yet some orders still wait: for what?",
      "ABCDEFGHIJ", 2, false, false, false },
    { "Ten clients, one every second",
      "Busier: look at which machine is busy all the time and how long "
      "clients wait for it.",
      "ABCDEFGHIJ", 1, false, false, false },
};

/* The upgrades are tried on the busiest scenario, instantly. */
#define TRY "--virtual --clients ABCDEFGHIJ --every 1"

static void tour_ending(void)
{
    say("## Your turn: which machine is the bottleneck?");
    say("The tables above say which machine is busy all the time and how "
        "long clients wait for it.");
    say("Try the tutorial's three upgrades, one at a time, and compare "
        "(--virtual: instant):");
    say("  %s " TRY " --soda-machines 2", command);
    say("  %s " TRY " --fryer 6x7", command);
    say("  %s " TRY " --cooks 4", command);
    say("Add --timeline to any of them to see the kitchen second by second.");
}

/* What the tour's clock promises: real time comes a little late, so no
 * exact figure is promised for it. */
static void tour_banner(bool virtual_clock)
{
    say("Fast food, served by an event loop (step 4 of 7).");
    if (virtual_clock) {
        say("The tour runs on the virtual clock: instant, and exactly the "
            "tutorial's times.");
        return;
    }
    say("The kitchen clock runs %g times faster than real time: the tour "
        "takes " TOUR_TIME ".", TOUR_SPEED);
    say("Real time runs a little late (each wake-up is late by a fraction "
        "of a millisecond,");
    say("and it adds up): a time may come out a hundredth of a second over "
        "the tutorial's.");
    say("Every scenario can be run on its own with --virtual, instantly and "
        "exactly: see --help.");
}

/* DOC: guided_tour */
static int guided_tour(bool virtual_clock)
{
    int status = 0;

    tour_banner(virtual_clock);
    for (size_t i = 0; i < sizeof tour / sizeof tour[0]; i++) {
        const tour_stop *stop = &tour[i];
        scenario s = { .cfg = kitchen_tutorial, .names = stop->names,
                       .nclients = (long)strlen(stop->names),
                       .every = stop->every, .speed = TOUR_SPEED,
                       .virtual_clock = virtual_clock,
                       .narrate = stop->narrate, .table = true,
                       .timeline = stop->timeline };

        s.cfg.sync = stop->sync;
        say("%s", "");
        say("## %zu. %s", i + 1, stop->title);
        say("%s", stop->notice);
        if (run_scenario(&s) < 0)
            status = -1;
    }
    say("%s", "");
    tour_ending();
    return status;
}
/* DOC: end */

int main(int argc, char **argv)
{
    scenario s = { .cfg = kitchen_tutorial, .names = "A", .nclients = 1,
                   .speed = 1.0, .narrate = true, .table = true };

    set_command(argc > 0 ? argv[0] : NULL);
    if (argc > 1) {
        parse_args(&s, argc, argv);
        check_scenario(&s);
    }
    if (argc <= 1 || s.tour)
        return finish(guided_tour(s.virtual_clock) < 0 ? 1 : 0);
    open_svg(&s);
    if (s.narrate)
        describe(&s);
    return finish(run_scenario(&s) < 0 ? 1 : 0);
}
