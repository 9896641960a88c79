/* report.c - ex04_fastfood: what a kitchen run shows after it ends.
 *
 * Everything here reads the kitchen's books (kitchen.h) and writes; nothing
 * changes the kitchen. Read it top-down: the summary and the resource
 * table; then the timeline's model (its scale, its rows, what a row shows
 * at time t); then its two pictures, ASCII through say() and SVG to a FILE.
 *
 * Both pictures ask the history the same two questions, each answered by
 * one function: unit_holder() (which client held this cook at time t?) and
 * client_state() (what was this client's order waiting on at time t?).
 * The ASCII chart asks them at the middle of each column; the SVG draws
 * each usage exactly and asks client_state() once per stretch of time
 * between two of the client's events.
 *
 * Cost: a chart is small by construction (at most MAX_COLUMNS columns and
 * KITCHEN_MAX_CHART_CLIENTS clients), so lookups are linear scans of the
 * usages: O(rows x columns x usages), a few million steps at worst.
 *
 * Errors: say() cannot fail; report_svg() checks every write and returns
 * -1 (errno set by the failing call) if any failed.
 */
#include "report.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "util.h"

/* Every run starts at time 0 and ends when the last order is ready. */
static double run_seconds(const kitchen *k)
{
    return k->last_ready;
}

/* ---- the summary ------------------------------------------------------ */

/* DOC: report_summary */
void report_summary(const kitchen *k)
{
    if (k->orders == 0) {
        say("no order was served");
        return;
    }
    say("%ld order%s: mean %.2f s, max %.2f s", k->orders,
        k->orders == 1 ? "" : "s", k->order_seconds / (double)k->orders,
        k->slowest);
}
/* DOC: end */

/* ---- the resource table ----------------------------------------------- */

#define NAME_WIDTH 14           /* "soda machine" and two spaces */
#define PERCENT 100.0
#define SHOWN_AS_ZERO 0.005     /* seconds that print as "0.00" */

/* The share of its units' time a resource was held: how busy it was. */
static double busy_percent(const kitchen *k, const resource_books *b)
{
    double available = b->units * run_seconds(k);

    return available > 0 ? PERCENT * b->busy / available : 0;
}

/* "the soda machines" when there are several; the other names are fine. */
static const char *plural(resource_id r, const resource_books *b)
{
    return r == RES_SODA && b->units > 1 ? "s" : "";
}

/* The conclusion a student is after: clients queue up in front of the
 * bottleneck, so the resource they waited for longest, all waits added
 * up, is the one to upgrade first. */
static void say_bottleneck(const kitchen *k)
{
    int worst = -1;

    for (int r = 0; r < RESOURCES; r++) {
        const resource_books *b = &k->books[r];
        if (b->units > 0 && (worst < 0 || b->waited > k->books[worst].waited))
            worst = r;
    }
    if (worst < 0 || k->books[worst].waited < SHOWN_AS_ZERO) {
        say("Nobody waited for anything: no bottleneck in this run.");
        return;
    }
    say("Clients waited longest for the %s%s (%.2f s in all): "
        "that is the bottleneck.", k->books[worst].name,
        plural((resource_id)worst, &k->books[worst]), k->books[worst].waited);
}

/* DOC: report_resources */
void report_resources(const kitchen *k)
{
    say("%-*s%5s %7s %16s %6s", NAME_WIDTH, "resource", "units", "busy",
        "clients waited", "uses");
    for (int r = 0; r < RESOURCES; r++) {
        const resource_books *b = &k->books[r];

        if (b->units == 0)
            continue;               /* the server, in the async kitchen */
        say("%-*s%5d %5.1f %% %14.2f s %6ld", NAME_WIDTH, b->name, b->units,
            busy_percent(k, b), b->waited, b->uses);
    }
    say_bottleneck(k);
}
/* DOC: end */

/* ---- the timeline's model --------------------------------------------- */

#define MAX_COLUMNS 100         /* an ASCII chart fits a projected terminal */
#define LABEL_GAP 2             /* spaces between a row's label and cells */
#define LABEL_MAX 32            /* "soda 99", or a client's name */
#define TICK_EVERY 10           /* columns between two labels on the axis */
#define HALF_TICK 5             /* columns between two marks on the ruler */

typedef struct {
    double seconds;             /* the run, from 0 */
    long scale;                 /* seconds per column */
    long columns;
    int label_width;            /* the longest label, and the gap */
} chart;

/* 1, 2, 5, 10, 20, 50, 100...: each "nice" step after s. */
static long next_nice(long s)
{
    long decade = 1;

    while (decade * 10 <= s)
        decade *= 10;
    if (s == decade)
        return 2 * decade;
    return s == 2 * decade ? 5 * decade : 10 * decade;
}

/* Columns for `seconds` at `scale`: column c shows the middle of its
 * stretch, (c + 1/2) x scale, so there is one column per middle that falls
 * before the end. (Reading the middle, not the start, keeps a real-clock
 * run's events, which come a little late, in the right column.) */
static long columns_for(double seconds, long scale)
{
    long columns = (long)(seconds / (double)scale + 0.5);

    return columns > 0 ? columns : 1;
}

/* The time column `col` shows. */
static double column_time(const chart *ch, long col)
{
    return ((double)col + 0.5) * (double)ch->scale;
}

/* Which client held unit `unit` of r at time t: its index, or -1. */
static long unit_holder(const kitchen *k, resource_id r, int unit, double t)
{
    for (long i = 0; i < k->nusages; i++) {
        const usage *u = &k->usages[i];
        if (u->resource == r && u->unit == unit && u->from <= t && t < u->to)
            return u->client;
    }
    return -1;
}

/* A unit's row label: "cook 2", "fryer", "soda machine" or "soda 2". */
static void unit_label(const kitchen *k, resource_id r, int unit,
                       char *buf, size_t size)
{
    if (r == RES_COOKS)
        snprintf(buf, size, "cook %d", unit + 1);
    else if (r == RES_SODA && k->books[r].units > 1)
        snprintf(buf, size, "soda %d", unit + 1);
    else
        snprintf(buf, size, "%s", k->books[r].name);
}

/* Is the client's name its one-character symbol ("A", not "C1")? */
static bool named_by_symbol(const client *c)
{
    return c->name[0] == c->symbol && c->name[1] == '\0';
}

/* A client's row label. Machine rows show clients by symbol, so a client
 * whose name is not its symbol carries both, "C27 (a)": a symbol seen in
 * a machine row is then found in the client rows. */
static void client_label(const client *c, char *buf, size_t size)
{
    if (named_by_symbol(c))
        snprintf(buf, size, "%s", c->name);
    else
        snprintf(buf, size, "%s (%c)", c->name, c->symbol);
}

/* Labels are padded to the longest, so that every row's cells line up. */
static int label_width(const kitchen *k)
{
    char label[LABEL_MAX];
    size_t widest = 0;

    for (int r = 0; r < RESOURCES; r++)
        for (int unit = 0; unit < k->books[r].units; unit++) {
            unit_label(k, r, unit, label, sizeof label);
            if (strlen(label) > widest)
                widest = strlen(label);
        }
    for (long i = 0; i < k->nclients; i++) {
        if (k->clients[i] == NULL)
            continue;
        client_label(k->clients[i], label, sizeof label);
        if (strlen(label) > widest)
            widest = strlen(label);
    }
    return (int)widest + LABEL_GAP;
}

#define KEY_MAX 640             /* the words, and 52 clients in runs of one */

/* Two clients that follow each other in name and symbol, like C1 (A) and
 * C2 (B); C26 (Z) and C27 (a) do not: the key shows such a run as one
 * range. */
static bool follows(const client *prev, const client *c)
{
    return c->index == prev->index + 1 && c->symbol == prev->symbol + 1;
}

/* Append to buf, from `used` on; returns the new length, capped at size. */
static size_t append(char *buf, size_t used, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static size_t append(char *buf, size_t used, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (used >= size)
        return size;
    va_start(ap, fmt);
    n = vsnprintf(buf + used, size - used, fmt, ap);
    va_end(ap);
    return n < 0 ? size : used + (size_t)n;
}

/* One run of clients in the key: "C1-C26 = A-Z", or "C27 = a". */
static size_t key_range(char *buf, size_t used, size_t size,
                        const client *first, const client *last)
{
    if (first == last)
        return append(buf, used, size, " %s = %c,", first->name,
                      first->symbol);
    return append(buf, used, size, " %s-%s = %c-%c,", first->name,
                  last->name, first->symbol, last->symbol);
}

/* The key line, "Key: ...: C1-C26 = A-Z, C27-C30 = a-d.", in buf, for
 * both pictures. Returns false if there is none to give: every client is
 * named by its symbol (the letters of --clients ABC). */
static bool chart_key(const kitchen *k, char *buf, size_t size)
{
    const client *first = NULL, *last = NULL;
    bool needed = false;
    size_t used = append(buf, 0, size, "Key: machine rows show a client by "
                         "its symbol, in brackets after its name:");

    for (long i = 0; i < k->nclients; i++) {
        const client *c = k->clients[i];
        if (c == NULL)
            continue;               /* never came in: the run stopped early */
        needed = needed || !named_by_symbol(c);
        if (first != NULL && !follows(last, c)) {
            used = key_range(buf, used, size, first, last);
            first = NULL;
        }
        if (first == NULL)
            first = c;
        last = c;
    }
    if (first != NULL)
        used = key_range(buf, used, size, first, last);
    if (used > 0 && used < size)
        buf[used - 1] = '.';        /* the last range's comma */
    return needed;
}

/* The scale: one column per second up to MAX_COLUMNS seconds, else the
 * first nice number of seconds per column that fits. */
static void chart_init(chart *ch, const kitchen *k)
{
    ch->seconds = run_seconds(k);
    ch->scale = 1;
    while (columns_for(ch->seconds, ch->scale) > MAX_COLUMNS)
        ch->scale = next_nice(ch->scale);
    ch->columns = columns_for(ch->seconds, ch->scale);
    ch->label_width = label_width(k);
}

static const char item_letter[ITEMS] = {
    [ITEM_BURGER] = 'b', [ITEM_FRIES] = 'f', [ITEM_SODA] = 's',
};

#define NOT_THERE ' '           /* before arrival, after the order is ready */
#define WAITING_FOR_SERVER '-'  /* sync: no job of the order started yet */

/* Does item a finish after item b? Equal times: the one served later
 * finished later (it was still being made, or waiting, when b was done). */
static bool finishes_after(const item_times *a, const item_times *b)
{
    if (a->ready != b->ready)
        return a->ready > b->ready;
    return a->served >= b->served;
}

/* What client c's order waits on at time t: of its items started by t and
 * not yet ready, the one that finishes last (asynchronously, the item that
 * decides the order's time; synchronously, the job in hand). Its letter is
 * lowercase while it waits for its resource, uppercase while it is made. */
static char client_state(const client *c, double t)
{
    int last = -1;

    if (t < c->arrived || t >= c->ready)
        return NOT_THERE;
    for (int i = 0; i < ITEMS; i++) {
        const item_times *it = &c->items[i];
        if (it->asked <= t && t < it->ready &&
            (last < 0 || finishes_after(it, &c->items[last])))
            last = i;
    }
    if (last < 0)
        return WAITING_FOR_SERVER;
    if (t < c->items[last].served)
        return item_letter[last];
    return (char)toupper((unsigned char)item_letter[last]);
}

/* ---- the timeline in ASCII -------------------------------------------- */

/* Two lines: the time at every TICK_EVERY-th column, and a ruler marking
 * where each column starts ('|' every ten, '+' every five), with a last
 * '|' where the run ends. */
static void say_axis(const chart *ch)
{
    char labels[MAX_COLUMNS + LABEL_MAX], ruler[MAX_COLUMNS + 2];
    char number[LABEL_MAX];
    size_t end = 0;

    memset(labels, ' ', sizeof labels);
    for (long col = 0; col <= ch->columns; col += TICK_EVERY) {
        int len = snprintf(number, sizeof number, "%ld", col * ch->scale);
        memcpy(labels + col, number, (size_t)len);
        end = (size_t)col + (size_t)len;
    }
    labels[end] = '\0';
    for (long col = 0; col < ch->columns; col++)
        ruler[col] = col % TICK_EVERY == 0 ? '|' :
                     col % HALF_TICK == 0 ? '+' : '-';
    ruler[ch->columns] = '|';
    ruler[ch->columns + 1] = '\0';
    say("%-*s%s", ch->label_width, "seconds", labels);
    say("%-*s%s", ch->label_width, "", ruler);
}

/* One row per unit: the symbol of the client holding it, '.' when idle. */
static void say_unit_row(const kitchen *k, const chart *ch, resource_id r,
                         int unit)
{
    char label[LABEL_MAX], cells[MAX_COLUMNS + 1];

    unit_label(k, r, unit, label, sizeof label);
    for (long col = 0; col < ch->columns; col++) {
        long holder = unit_holder(k, r, unit, column_time(ch, col));
        cells[col] = holder < 0 ? '.' : k->clients[holder]->symbol;
    }
    cells[ch->columns] = '\0';
    say("%-*s%s", ch->label_width, label, cells);
}

/* One row per client: what its order waits on (client_state), column by
 * column; blanks at the end are left out. */
static void say_client_row(const client *c, const chart *ch)
{
    char label[LABEL_MAX], cells[MAX_COLUMNS + 1];
    long used = 0;

    for (long col = 0; col < ch->columns; col++) {
        cells[col] = client_state(c, column_time(ch, col));
        if (cells[col] != NOT_THERE)
            used = col + 1;
    }
    cells[used] = '\0';
    client_label(c, label, sizeof label);
    say("%-*s%s", ch->label_width, label, cells);
}

/* DOC: report_timeline */
void report_timeline(const kitchen *k)
{
    char key[KEY_MAX];
    chart ch;

    if (!k->keep_history || k->orders == 0) {
        say("(no timeline: %s)", k->keep_history ? "no order was served"
                                                 : "no history was kept");
        return;
    }
    chart_init(&ch, k);
    say("Timeline, 1 column = %ld s (read at its middle). Machine rows: "
        "the client served, '.' = idle.", ch.scale);
    if (chart_key(k, key, sizeof key))
        say("%s", key);
    say_axis(&ch);
    for (int r = 0; r < RESOURCES; r++)
        for (int unit = 0; unit < k->books[r].units; unit++)
            say_unit_row(k, &ch, (resource_id)r, unit);
    for (long i = 0; i < k->nclients; i++)
        if (k->clients[i] != NULL)
            say_client_row(k->clients[i], &ch);
    say("Client rows, what the order waits on: b f s = waiting for a cook, "
        "the fryer, the soda machine; B F S = being made%s.",
        k->cfg.sync ? "; - = waiting for the server" : "");
}
/* DOC: end */

/* ---- the timeline in SVG ---------------------------------------------- */

/* Sizes, in SVG user units (pixels at 100 %). */
#define SVG_PLOT_WIDTH 800.0    /* the whole run, from 0 to its end */
#define SVG_ROW 22.0            /* one row: a bar and the gap below it */
#define SVG_BAR 16.0
#define SVG_CHAR 7.5            /* about one monospace character at 12 px */
#define SVG_MARGIN 10.0
#define SVG_TOP 40.0            /* the title, above the first row */
#define SVG_BOTTOM 100.0        /* the axis and the legend, below the last */
#define SVG_GROUP_GAP 11.0      /* between the machines and the clients */
#define SVG_BASELINE 12.0       /* from a bar's top to its text's baseline */
#define SVG_TEXT_MIN 10.0       /* narrower bars get no letter */
#define SVG_MAX_TICKS 20
#define SVG_PALE 0.35           /* opacity of a waiting stretch */

/* One colour per client (by arrival, modulo the palette's size): the ten
 * colours of Tableau 10, which black text reads well on. */
static const char *const palette[] = {
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
};
#define PALETTE_SIZE (sizeof palette / sizeof palette[0])
#define SERVER_WAIT_FILL "#dddddd"

typedef struct {
    FILE *out;
    bool failed;                /* a write failed: errno says why */
    const kitchen *k;
    double seconds;             /* the run's length */
    double left;                /* x of time 0 */
    double px_per_second;
    double bottom;              /* y below the last row */
    double y;                   /* top of the next row */
} svg;

static void svg_printf(svg *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* fprintf, remembering whether it ever failed. */
static void svg_printf(svg *s, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    if (vfprintf(s->out, fmt, ap) < 0)
        s->failed = true;
    va_end(ap);
}

/* Text content, escaped: &, < and > are markup in XML; bytes outside
 * printable ASCII (a stray byte of a name) become '?', so the document
 * stays well-formed whatever the names are. */
static void svg_escaped(svg *s, const char *text)
{
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '&')
            svg_printf(s, "&amp;");
        else if (*p == '<')
            svg_printf(s, "&lt;");
        else if (*p == '>')
            svg_printf(s, "&gt;");
        else
            svg_printf(s, "%c", isprint((unsigned char)*p) ? *p : '?');
    }
}

/* A <text> element; anchor is "start", "middle" or "end". */
static void svg_text(svg *s, double x, double y, const char *anchor,
                     const char *text)
{
    svg_printf(s, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", x, y,
               anchor);
    svg_escaped(s, text);
    svg_printf(s, "</text>\n");
}

/* A bar on the current row from time `from` to `to`, with `letter` in
 * it if it is wide enough to read. Empty stretches draw nothing. */
static void svg_bar(svg *s, double from, double to, const char *fill,
                    double opacity, char letter)
{
    double x = s->left + from * s->px_per_second;
    double width = (to - from) * s->px_per_second;
    char text[2] = { letter, '\0' };

    if (width <= 0)
        return;
    svg_printf(s, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" "
               "fill=\"%s\" fill-opacity=\"%.2f\"/>\n", x, s->y, width,
               SVG_BAR, fill, opacity);
    if (width >= SVG_TEXT_MIN && letter != '\0')
        svg_text(s, x + width / 2, s->y + SVG_BASELINE, "middle", text);
}

static const char *client_fill(long index)
{
    return palette[(size_t)index % PALETTE_SIZE];
}

/* A unit's row: its label, then one bar per usage, in the client's colour. */
static void svg_unit_row(svg *s, resource_id r, int unit)
{
    const kitchen *k = s->k;
    char label[LABEL_MAX];

    unit_label(k, r, unit, label, sizeof label);
    svg_text(s, s->left - SVG_MARGIN, s->y + SVG_BASELINE, "end", label);
    for (long i = 0; i < k->nusages; i++) {
        const usage *u = &k->usages[i];
        if (u->resource == r && u->unit == unit)
            svg_bar(s, u->from, u->to, client_fill(u->client), 1.0,
                    k->clients[u->client]->symbol);
    }
    s->y += SVG_ROW;
}

/* The stretch from..to of client c's row, in state `state`
 * (client_state): pale while waiting, solid while being made. */
static void svg_client_stretch(svg *s, const client *c, double from,
                               double to, char state)
{
    if (state == NOT_THERE)
        return;
    if (state == WAITING_FOR_SERVER)
        svg_bar(s, from, to, SERVER_WAIT_FILL, 1.0, state);
    else
        svg_bar(s, from, to, client_fill(c->index),
                islower((unsigned char)state) ? SVG_PALE : 1.0, state);
}

#define CLIENT_EVENTS (2 + 3 * ITEMS)   /* arrived, ready, and per item */

/* Sort a few times, in place (insertion sort: there are CLIENT_EVENTS). */
static void sort_times(double *times, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && times[j - 1] > times[j]; j--) {
            double tmp = times[j];
            times[j] = times[j - 1];
            times[j - 1] = tmp;
        }
}

/* A client's row: between two of its events its state does not change, so
 * ask client_state() once per stretch, at its middle, and draw one bar per
 * run of stretches in the same state. */
static void svg_client_row(svg *s, const client *c)
{
    double times[CLIENT_EVENTS] = { c->arrived, c->ready };
    int n = 2;
    double run_from;
    char run_state = NOT_THERE;
    char label[LABEL_MAX];

    client_label(c, label, sizeof label);
    svg_text(s, s->left - SVG_MARGIN, s->y + SVG_BASELINE, "end", label);
    for (int i = 0; i < ITEMS; i++) {
        times[n++] = c->items[i].asked;
        times[n++] = c->items[i].served;
        times[n++] = c->items[i].ready;
    }
    sort_times(times, n);
    run_from = times[0];
    for (int i = 0; i + 1 < n; i++) {
        char state = client_state(c, (times[i] + times[i + 1]) / 2);

        if (times[i + 1] <= times[i] || state == run_state)
            continue;               /* an empty stretch, or more of the same */
        svg_client_stretch(s, c, run_from, times[i], run_state);
        run_from = times[i];
        run_state = state;
    }
    svg_client_stretch(s, c, run_from, times[n - 1], run_state);
    s->y += SVG_ROW;
}

/* The seconds between two ticks: 1, 2, 5, 10... the first that gives at
 * most SVG_MAX_TICKS ticks. */
static long svg_tick_step(double seconds)
{
    long step = 1;

    while (seconds / (double)step > SVG_MAX_TICKS)
        step = next_nice(step);
    return step;
}

/* A vertical grid line and a label at every tick, under the rows. */
static void svg_axis(svg *s)
{
    long step = svg_tick_step(s->seconds);
    double label_y = s->bottom + SVG_ROW;
    char label[LABEL_MAX];

    for (long t = 0; (double)t <= s->seconds; t += step) {
        double x = s->left + (double)t * s->px_per_second;

        svg_printf(s, "<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\" "
                   "stroke=\"#999999\" stroke-width=\"0.5\"/>\n",
                   x, SVG_TOP, x, s->bottom);
        snprintf(label, sizeof label, "%ld", t);
        svg_text(s, x, label_y, "middle", label);
    }
    svg_text(s, s->left + SVG_PLOT_WIDTH / 2, label_y + SVG_ROW, "middle",
             "time (kitchen seconds)");
}

/* What the colours and letters mean, at the bottom; and the key from
 * names to symbols, if the clients need one (svg_start made room). */
static void svg_legend(svg *s)
{
    double y = s->bottom + 3 * SVG_ROW;
    char key[KEY_MAX];

    svg_text(s, SVG_MARGIN, y, "start",
             "Machine rows: each bar is a client holding that machine. "
             "Client rows: what the order waits on,");
    svg_text(s, SVG_MARGIN, y + SVG_ROW * 0.75, "start",
             s->k->cfg.sync ? "b f s pale = waiting for a cook, the fryer, "
             "the soda machine; B F S solid = being made; - grey = waiting "
             "for the server."
             : "b f s pale = waiting for a cook, the fryer, the soda "
             "machine; B F S solid = burger, fries, soda being made.");
    if (chart_key(s->k, key, sizeof key))
        svg_text(s, SVG_MARGIN, y + SVG_ROW * 1.5, "start", key);
}

/* How many rows the picture has: every unit, then every client. */
static long svg_rows(const kitchen *k)
{
    long rows = 0;

    for (int r = 0; r < RESOURCES; r++)
        rows += k->books[r].units;
    for (long i = 0; i < k->nclients; i++)
        rows += k->clients[i] != NULL;
    return rows;
}

/* The document's head: sizes, fonts, a white background and the title
 * (the same words as the summary line). */
static void svg_start(svg *s, const kitchen *k, FILE *out)
{
    double width, height;
    char title[LABEL_MAX * 4], key[KEY_MAX];

    *s = (svg){ .out = out, .k = k, .seconds = run_seconds(k) };
    if (s->seconds <= 0)
        s->seconds = 1;             /* nothing happened: still a picture */
    s->left = SVG_MARGIN * 2 + SVG_CHAR * label_width(k);
    s->px_per_second = SVG_PLOT_WIDTH / s->seconds;
    s->bottom = SVG_TOP + SVG_ROW * (double)svg_rows(k) + SVG_GROUP_GAP;
    s->y = SVG_TOP;
    width = s->left + SVG_PLOT_WIDTH + SVG_MARGIN * 3;
    height = s->bottom + SVG_BOTTOM;
    if (chart_key(k, key, sizeof key))
        height += SVG_ROW;          /* the legend's third line */
    svg_printf(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
               "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
               "font-family=\"monospace\" font-size=\"12\">\n",
               width, height, width, height);
    snprintf(title, sizeof title, "%s kitchen: %ld order%s, mean %.2f s, "
             "max %.2f s", k->cfg.sync ? "Synchronous" : "Asynchronous",
             k->orders, k->orders == 1 ? "" : "s",
             k->orders ? k->order_seconds / (double)k->orders : 0, k->slowest);
    svg_printf(s, "<title>");
    svg_escaped(s, title);
    svg_printf(s, "</title>\n<rect width=\"100%%\" height=\"100%%\" "
               "fill=\"white\"/>\n");
    svg_text(s, SVG_MARGIN, SVG_TOP / 2, "start", title);
}

/* DOC: report_svg */
int report_svg(const kitchen *k, FILE *out)
{
    svg s;

    if (!k->keep_history) {
        errno = EINVAL;             /* nothing to draw from */
        return -1;
    }
    svg_start(&s, k, out);
    svg_axis(&s);                   /* first: its grid lies under the bars */
    for (int r = 0; r < RESOURCES; r++)
        for (int unit = 0; unit < k->books[r].units; unit++)
            svg_unit_row(&s, (resource_id)r, unit);
    s.y += SVG_GROUP_GAP;
    for (long i = 0; i < k->nclients; i++)
        if (k->clients[i] != NULL)
            svg_client_row(&s, k->clients[i]);
    svg_legend(&s);
    svg_printf(&s, "</svg>\n");
    if (fflush(out) != 0 || ferror(out))
        s.failed = true;
    return s.failed ? -1 : 0;
}
/* DOC: end */
