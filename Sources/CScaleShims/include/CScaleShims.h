#ifndef CSCALESHIMS_H
#define CSCALESHIMS_H

/// Sets the calling thread's timer slack (Linux adds ~50 µs to every timed wait by default).
/// Returns 0 on success, -1 where unsupported.
int scalebench_set_timer_slack_nanos(unsigned long nanos);

/// Raises the calling thread above the process's other threads: the lowest real-time priority
/// (SCHED_FIFO 1) where allowed, else nice -10. Returns 2 for real-time, 1 for nice, 0 when refused.
int scalebench_raise_thread_priority(void);

/// The object the calling thread runs jobs for (set once by a worker thread at its start; NULL on
/// any other thread): lets a sleep on a worker keep its timer on that worker.
void *scalebench_current_worker(void);
void scalebench_set_current_worker(void *worker);

/// One spin-wait hint (`pause` on x86, `yield` on ARM): tells the core a thread is spinning.
static inline void scalebench_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

#endif
