/* coro.h - ex04_fastfood: the coroutine contract.
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
 * the next yield and says what happened. Calling it again resumes.
 *
 * Ground rules (every coroutine in every step follows them):
 *  1. A frame struct starts with `coro base`, so a `coro *` can point at it.
 *  2. Resume points are enum names, so gdb prints `resume = TIC_TAC_AFTER_TIC`.
 *  3. Nothing lives across a yield in a C local or a `static`: only in the
 *     frame. A C local is gone when the step function returns.
 *  4. The step function is one `switch (self->resume)`; it sets the next
 *     resume point before every `return CORO_YIELD`.
 *  5. To return a value, set base.result and return CORO_DONE. To fail,
 *     return task_fail(t, "why") (task.h): the task ends in ERROR.
 *  6. `yield from child`: the child's frame lives inside the parent's frame
 *     (initialised in place), and the parent steps it on behalf of the same
 *     task, passing every YIELD and ERROR up unchanged:
 *         status = coro_step(&self->child.base, t);
 *         if (status != CORO_DONE)
 *             return status;
 *     The loop never knows there are two frames: the task drives the
 *     outermost one, which drives the next, and so on down.
 *  7. A frame that holds something (a task reference) says how to let it go
 *     in base.drop, which coro_free() calls: a task can be freed before its
 *     coroutine ends (it was cancelled), and must not leak what it held.
 *
 * Cost: a frame is one allocation, made when the coroutine is created; a
 * step is one indirect call. Nothing is copied, no stack is switched.
 */
#ifndef CORO_H
#define CORO_H

#include <stddef.h>

typedef struct task task;       /* task.h: what the loop schedules */
typedef struct coro coro;

/* What a step function tells its caller. */
typedef enum {
    CORO_YIELD,                 /* paused; call step again to resume */
    CORO_DONE,                  /* returned; the value is in base.result */
    CORO_ERROR                  /* failed; the reason is in the task */
} coro_status;

/* A step function runs `self` on behalf of task `t` up to its next yield. */
typedef coro_status (*coro_step_fn)(coro *self, task *t);

/* The start of every frame. */
struct coro {
    const char *name;           /* the coroutine's name (Python's __name__) */
    coro_step_fn step;          /* how to resume it */
    const char *result;         /* on CORO_DONE: the value, NULL for None */
    void (*drop)(coro *self);   /* releases what the frame holds, or NULL */
};

/* Allocate a zeroed frame of `size` bytes (a struct that starts with
 * `coro base`) and fill in its base. The caller owns it: coro_free(), or
 * hand it to task_new(), which takes it over. */
coro *coro_new(size_t size, const char *name, coro_step_fn step);

/* Fill in the base of a frame that lives inside another (yield from). */
void coro_init(coro *self, const char *name, coro_step_fn step);

/* Let go of what the frame holds (its drop), then free it. For coro_new(). */
void coro_free(coro *self);

/* Run the frame up to its next yield. */
static inline coro_status coro_step(coro *self, task *t)
{
    return self->step(self, t);
}

#endif
