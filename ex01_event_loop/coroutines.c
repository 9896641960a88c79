/* coroutines.c - ex01_event_loop: tic_tac and spam, written as frames. */
#include "coroutines.h"

#include "task.h"
#include "util.h"

/* ---- tic_tac ---------------------------------------------------------- */

/* DOC: tic_tac */
typedef struct {
    coro base;
    enum { TIC_TAC_START, TIC_TAC_AFTER_TIC, TIC_TAC_AFTER_TAC } resume;
} tic_tac_frame;

static coro_status tic_tac_step(coro *base, task *t)
{
    tic_tac_frame *self = (tic_tac_frame *)base;

    switch (self->resume) {
    case TIC_TAC_START:             /* the first next(): run to the 1st yield */
        say("Tic");
        self->resume = TIC_TAC_AFTER_TIC;
        return CORO_YIELD;
    case TIC_TAC_AFTER_TIC:         /* resumed after the first yield */
        say("Tac");
        self->resume = TIC_TAC_AFTER_TAC;
        return CORO_YIELD;
    case TIC_TAC_AFTER_TAC:         /* resumed after the second: return */
        break;
    }
    return task_return(t, "Boum!");
}

static const coro_type tic_tac_type = {
    .name = "tic_tac",
    .step = tic_tac_step,
    .size = sizeof(tic_tac_frame),
    .points = { CORO_POINT(TIC_TAC_START), CORO_POINT(TIC_TAC_AFTER_TIC),
                CORO_POINT(TIC_TAC_AFTER_TAC) },
};
/* DOC: end */

coro *tic_tac(void)
{
    return coro_new(&tic_tac_type);
}

/* ---- spam ------------------------------------------------------------- */

typedef struct {
    coro base;
    enum { SPAM_START, SPAM_AFTER_SPAM, SPAM_AFTER_EGGS,
           SPAM_AFTER_BACON } resume;
} spam_frame;

static coro_status spam_step(coro *base, task *t)
{
    spam_frame *self = (spam_frame *)base;

    switch (self->resume) {
    case SPAM_START:                /* each case runs up to the next yield */
        say("Spam");
        self->resume = SPAM_AFTER_SPAM;
        return CORO_YIELD;
    case SPAM_AFTER_SPAM:
        say("Eggs");
        self->resume = SPAM_AFTER_EGGS;
        return CORO_YIELD;
    case SPAM_AFTER_EGGS:
        say("Bacon");
        self->resume = SPAM_AFTER_BACON;
        return CORO_YIELD;
    case SPAM_AFTER_BACON:
        break;
    }
    return task_return(t, "SPAM!");
}

static const coro_type spam_type = {
    .name = "spam",
    .step = spam_step,
    .size = sizeof(spam_frame),
    .points = { CORO_POINT(SPAM_START), CORO_POINT(SPAM_AFTER_SPAM),
                CORO_POINT(SPAM_AFTER_EGGS), CORO_POINT(SPAM_AFTER_BACON) },
};

coro *spam(void)
{
    return coro_new(&spam_type);
}
