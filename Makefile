# The toolkit's top-level Makefile. Each step directory (ex01_event_loop, ...)
# has its own Makefile and builds alone; this one only delegates to them, and
# runs the tests. `make help` lists the targets.
#
# The switches SANITIZE=1 (AddressSanitizer + UBSan) and OPT=1 (-O2) given
# here reach every step's Makefile and the tests: make passes command-line
# variables down to sub-makes through MAKEFLAGS.

# The steps are found, not listed, so a new exNN_* directory needs no edit
# here: every ex[0-9][0-9]_* directory that has a Makefile, in order.
STEPS := $(sort $(patsubst %/Makefile,%,$(wildcard ex[0-9][0-9]_*/Makefile)))

# Their short names, which are also the targets: ex01 ex02 ...
IDS   := $(foreach s,$(STEPS),$(firstword $(subst _, ,$(s))))

# dir_of,ex02 -> ex02_subtasks
dir_of  = $(filter $(1)_%,$(STEPS))

# prev_of,ex02 -> ex01_event_loop: the step listed just before. PAIRS pairs
# each step with the next one ("ex01_event_loop:ex02_subtasks ..."), and
# prev_of picks the pair that ends with the step asked for.
PAIRS   := $(join $(STEPS),$(addprefix :,$(wordlist 2,$(words $(STEPS)),$(STEPS))))
prev_of = $(firstword $(subst :, ,$(filter %:$(call dir_of,$(1)),$(PAIRS))))

.PHONY: all help test valgrind bench clean test-programs $(IDS) $(addprefix diff-,$(IDS))

all: $(IDS)

# make ex02: ex02_subtasks/ex02_subtasks, built by that step's own Makefile
# (which also builds build/libstep.a, the library the unit tests link).
$(IDS):
	$(MAKE) -C $(call dir_of,$@) $@

help:
	@echo "make                build every step: $(IDS)"
	@echo "make exNN           build one step, e.g. make ex01 && ./$(firstword $(STEPS))/$(firstword $(STEPS))"
	@echo "make diff-exNN      what step NN changes in the step before it: a unified diff, lesson first"
	@echo "make test           build everything and run every test; ends with 'N passed, N failed'"
	@echo "make valgrind       run every program and unit test under valgrind"
	@echo "make bench          the benchmarks: they print what they measure, and check nothing"
	@echo "make clean          remove every build product"
	@echo "switches:           SANITIZE=1 (ASan + UBSan), OPT=1 (-O2), e.g. make SANITIZE=1 test"

# make diff-ex02: the lesson of ex02, as the change from ex01_event_loop to
# ex02_subtasks, lesson first (STYLE.md, practice 11): the library's files
# (the step's SRCS, each header before its .c), then the demonstration
# program (the step Makefile's DEMO list, e.g. DEMO := main.c kitchen.c
# report.c), then the rest, README.md and Makefile last.
# tests/diff/lesson_diff.sh sorts the files and runs one diff -uN each; it
# leaves out build products, and (-I) the hunks whose changed lines all name
# a step: every file's first line does ("loop.c - ex02_subtasks: ...").
# A reader may stop early (make diff-ex04 | head, or quitting a pager): diff
# or the script then dies of SIGPIPE, exit status 141 (128 + signal 13),
# which is no error. Anything else that fails (status 2: a missing
# directory, diff in trouble) is.
$(addprefix diff-,$(IDS)): diff-%:
	@if [ -z "$(call prev_of,$*)" ]; then \
	    echo "make diff-$*: $* is the first step, there is nothing before it to diff against" >&2; \
	    exit 1; fi
	@tests/diff/lesson_diff.sh $(call prev_of,$*) $(call dir_of,$*) || [ $$? -eq 141 ]

# The unit tests, built against every step's library. A test that does not
# compile must not hide the others' results: make carries on (-k, and the
# leading '-'), and the runner counts a test program that is missing as
# failed.
test-programs: all
	tests/need-cmocka.sh
	-$(MAKE) -k -C tests

test: test-programs
	tests/run.sh

# valgrind cannot run a program built with AddressSanitizer: stop early.
ifeq ($(SANITIZE),1)
ifneq ($(filter valgrind,$(MAKECMDGOALS)),)
$(error make valgrind needs a build without SANITIZE=1: run make clean && make valgrind)
endif
endif

valgrind: test-programs
	tests/valgrind.sh

# Timings are for people to read, not tests: a shared machine makes them flaky.
bench:
	tests/bench.sh

clean:
	set -e; for s in $(STEPS); do $(MAKE) -C $$s clean; done
	$(MAKE) -C tests clean
