/* coro.h - ex05_select_io: the coroutine contract.
 *
 * A Python generator pauses at each `yield` and resumes there on next().
 * C has no such thing, so we write the generator out by hand:
 *
 *   def tic_tac():              typedef struct {
 *       print("Tic")                coro base;
 *       yield                       enum { TIC_TAC_START, TIC_TAC_AFTER_TIC,
 *       print("Tac")                       TIC_TAC_AFTER_TAC } resume;
 *       yield                   } tic_tac_frame;
 *       return "Boum!"
 *                               step function:
 *                                 switch (self->resume) {
 *                                 case TIC_TAC_START:
 *                                     say("Tic");
 *                                     self->resume = TIC_TAC_AFTER_TIC;
 *                                     return CORO_YIELD;
 *                                 case TIC_TAC_AFTER_TIC: ...
 *
 * The *frame* is a struct: the resume point plus every local variable that
 * must survive a yield. The *step function* runs from the resume point to
 * the next yield and says what happened. Calling it again resumes. What
 * every frame of one coroutine shares (its name, its step function, the
 * names of its resume points) is written once, in a constant `coro_type`:
 * Python keeps the same things in a generator's code object.
 *
 * Ground rules (every coroutine in every step follows them):
 *  1. A frame struct starts with `coro base`, so a `coro *` can point at it.
 *  2. Next comes `resume`, an enum, so gdb prints `resume = TIC_TAC_AFTER_TIC`
 *     and --trace can read it without knowing the frame's type.
 *  3. Nothing lives across a yield in a C local or a `static`: only in the
 *     frame. A C local is gone when the step function returns.
 *  4. The step function is one `switch (self->resume)`; it sets the next
 *     resume point before every `return CORO_YIELD`.
 *  5. To return a value, `return task_return(t, value)` (task.h); to fail,
 *     `return task_fail(t, "why")`: the task ends in ERROR.
 *  6. `yield from child`: the child's frame lives inside the parent's frame
 *     (initialised in place), and the parent steps it on behalf of the same
 *     task, passing every YIELD and ERROR up unchanged:
 *         status = coro_step(&self->child.base, t);
 *         if (status != CORO_DONE)
 *             return status;
 *     The loop never knows there are two frames: the task drives the
 *     outermost one, which drives the next, and so on down. A child hands
 *     its results to its parent in its own frame's fields.
 *  7. A frame that holds something (a task reference) says how to let it go
 *     in its type's `drop`, which is called when the frame is freed: a task
 *     can be freed before its coroutine ends (it was cancelled), and must
 *     not leak what it held.
 *
 * Cost: a step is two loads and one indirect call. Nothing is copied, no
 * stack is switched. A frame is allocated with the task that runs it, in
 * one block (task.h).
 */
#ifndef CORO_H
#define CORO_H

#include <stddef.h>

typedef struct task task;       /* task.h: what the loop schedules */
typedef struct coro coro;
typedef struct coro_type coro_type;

/* What a step function tells its caller. */
typedef enum {
    CORO_YIELD,                 /* paused; call step again to resume */
    CORO_DONE,                  /* returned; the value is in the task */
    CORO_ERROR                  /* failed; the reason is in the task */
} coro_status;

/* A step function runs `self` on behalf of task `t` up to its next yield. */
typedef coro_status (*coro_step_fn)(coro *self, task *t);

#define CORO_MAX_POINTS 8       /* resume points a coroutine may have */

/* DOC: coro_type */
/* One per coroutine, a `static const`: what all its frames share. */
struct coro_type {
    const char *name;           /* the coroutine's name (Python's __name__) */
    coro_step_fn step;          /* how to resume one of its frames */
    size_t size;                /* sizeof its frame struct */
    const char *points[CORO_MAX_POINTS];  /* its resume points, by name */
    void (*drop)(coro *self);   /* releases what a frame holds, or NULL */
};

/* The start of every frame: which coroutine it belongs to. */
struct coro {
    const coro_type *type;
};
/* DOC: end */

/* Names a resume point in a coro_type's `points`, at its enum value:
 * .points = { CORO_POINT(TIC_TAC_START), CORO_POINT(TIC_TAC_AFTER_TIC) } */
#define CORO_POINT(point) [point] = #point

/* Run the frame up to its next yield. */
static inline coro_status coro_step(coro *self, task *t)
{
    return self->type->step(self, t);
}

/* The name of the resume point the frame will resume at next ("?" if its
 * coro_type does not name it). For --trace. */
const char *coro_where(const coro *self);

#endif
