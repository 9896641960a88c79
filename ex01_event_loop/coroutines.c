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

    (void)t;                    /* tic_tac never fails */
    switch (self->resume) {
    case TIC_TAC_START:
        say("Tic");
        self->resume = TIC_TAC_AFTER_TIC;
        return CORO_YIELD;
    case TIC_TAC_AFTER_TIC:
        say("Tac");
        self->resume = TIC_TAC_AFTER_TAC;
        return CORO_YIELD;
    case TIC_TAC_AFTER_TAC:
        break;
    }
    self->base.result = "Boum!";
    return CORO_DONE;
}
/* DOC: end */

coro *tic_tac(void)
{
    return coro_new(sizeof(tic_tac_frame), "tic_tac", tic_tac_step);
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

    (void)t;                    /* spam never fails */
    switch (self->resume) {
    case SPAM_START:
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
    self->base.result = "SPAM!";
    return CORO_DONE;
}

coro *spam(void)
{
    return coro_new(sizeof(spam_frame), "spam", spam_step);
}
