#include "CScaleShims.h"
#ifdef __linux__
#include <sys/prctl.h>
#endif

int scalebench_set_timer_slack_nanos(unsigned long nanos) {
#ifdef __linux__
    return prctl(PR_SET_TIMERSLACK, nanos, 0, 0, 0);
#else
    (void)nanos;
    return -1;
#endif
}
