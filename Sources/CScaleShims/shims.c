#define _GNU_SOURCE
#include "CScaleShims.h"
#ifdef __linux__
#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

int scalebench_set_timer_slack_nanos(unsigned long nanos) {
#ifdef __linux__
    return prctl(PR_SET_TIMERSLACK, nanos, 0, 0, 0);
#else
    (void)nanos;
    return -1;
#endif
}

int scalebench_raise_thread_priority(void) {
#ifdef __linux__
    struct sched_param parameters = { .sched_priority = 1 };
    if (pthread_setschedparam(pthread_self(), SCHED_FIFO, &parameters) == 0) return 2;
    if (setpriority(PRIO_PROCESS, (id_t)gettid(), -10) == 0) return 1;
#endif
    return 0;
}

static _Thread_local void *current_worker = 0;

void *scalebench_current_worker(void) { return current_worker; }

void scalebench_set_current_worker(void *worker) { current_worker = worker; }
