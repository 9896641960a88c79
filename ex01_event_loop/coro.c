/* coro.c - ex01_event_loop: creating and freeing coroutine frames. */
#include "coro.h"

#include <stdlib.h>

#include "util.h"

coro *coro_new(size_t size, const char *name, coro_step_fn step)
{
    coro *self = xcalloc(1, size);  /* zeroed: resume is the first enum */

    self->name = name;
    self->step = step;
    return self;
}

void coro_free(coro *self)
{
    free(self);
}
