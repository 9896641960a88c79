/* report.h - ex04_fastfood: what a kitchen run shows after it ends.
 *
 * Read off the kitchen's books (kitchen.h), after the loop has run:
 *  - the summary line: "10 orders: mean 12.80 s, max 20.00 s";
 *  - the resource table: for each resource, how busy it was (share of its
 *    units' time between the first arrival and the last order) and how long
 *    clients waited for it in total: the bottleneck is the busy one that
 *    clients wait for;
 *  - the timeline: one row per cook, the fryer, each soda machine (and the
 *    server, synchronously), then one row per client; who held what when;
 *  - the same timeline as a self-contained SVG picture.
 * The timeline and the SVG need the history (kitchen_init's keep_history).
 */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>

#include "kitchen.h"

/* say() the summary line. */
void report_summary(const kitchen *k);

/* say() the resource table. */
void report_resources(const kitchen *k);

/* say() the timeline as ASCII art, with its legend. */
void report_timeline(const kitchen *k);

/* Write the timeline as an SVG document to `out`. Returns 0, or -1 if
 * writing failed (errno says why; EINVAL if the kitchen kept no history). */
int report_svg(const kitchen *k, FILE *out);

#endif
