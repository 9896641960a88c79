/* coro.c - ex03_wait: creating and freeing coroutine frames. */
#include "coro.h"

#include <stdlib.h>

#include "util.h"

coro *coro_new(size_t size, const char *name, coro_step_fn step)
{
    coro *self = xcalloc(1, size);  /* zeroed: resume is the first enum */

    coro_init(self, name, step);
    return self;
}

void coro_init(coro *self, const char *name, coro_step_fn step)
{
    *self = (coro){ .name = name, .step = step };
}

void coro_free(coro *self)
{
    if (self->drop != NULL)
        self->drop(self);
    free(self);
}
