/**
 * What the health checks hold right now, counted where it is taken and given back: check runs in
 * progress, their sockets and timeout timers, and the scheduling timers of the check tasks. The
 * leak tests read these (with SWITCHYARD_DEBUG_RESOURCES=1, on SIGUSR2) to assert they stay bounded.
 */
export const checkResources = {
  /** Check runs started and not finished (or aborted). */
  runs: 0,
  /** Sockets opened by check runs and not yet closed. */
  sockets: 0,
  /** Timeout timers armed by check runs. */
  runTimers: 0,
  /** Scheduling timers armed by check tasks (one per task at most). */
  taskTimers: 0,
};
