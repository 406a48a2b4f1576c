#ifndef CSCALESHIMS_H
#define CSCALESHIMS_H

/// Sets the calling thread's timer slack (Linux adds ~50 µs to every timed wait by default).
/// Returns 0 on success, -1 where unsupported.
int scalebench_set_timer_slack_nanos(unsigned long nanos);

#endif
