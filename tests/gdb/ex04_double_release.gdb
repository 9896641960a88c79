# tests/gdb/ex04_double_release.gdb - the exercise in ex04_fastfood/README.md
# that releases the fryer twice: the lock panics, and gdb stops in abort()
# under lock_release(), called by fries_step(). tests/ex01/gdb_sessions.sh
# runs it on a scratch copy of the step in which the `twice:` line below is
# written twice (the exercise's mistake), and checks that the README shows
# exactly these commands, and that gdb prints what it claims.
#
# readme: ex04_fastfood/README.md
# step: ex04_fastfood
# twice: kitchen.c: lock_release(&k->fryer, t);
# expect: ex04_fastfood: panic: task 'fries' released the fryer, held by nobody
# expect: SIGABRT
# expect: abort ()
# expect: in lock_release
# expect: in fries_step
# expect: $1 = (task *) 0x0
run --virtual
backtrace
frame function lock_release
print k->holder
