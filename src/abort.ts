// Why a run stopped early: its deadline passed or the operator pressed Ctrl-C. The runner aborts its
// signal with a RunStop as the reason, and every phase that notices the abort words its error from it.
import { PreflightError } from './errors.js';

export class RunStop extends Error {
  readonly why: 'deadline' | 'interrupted';
  constructor(why: 'deadline' | 'interrupted', deadlineMs?: number) {
    super(why === 'deadline' ? `the run's deadline${deadlineMs === undefined ? '' : ` (${deadlineMs / 1000} s)`} passed` : 'the run was interrupted');
    this.name = 'RunStop';
    this.why = why;
  }
}

/**
 * The error for work cut short by `signal`, `what` saying what had not happened yet ("no SSH banner
 * from b2:22"): 'timeout' at the deadline, 'interrupted' on Ctrl-C.
 */
export function stoppedError(signal: AbortSignal, what: string, hint?: string): PreflightError {
  const reason = signal.reason instanceof RunStop ? signal.reason : new RunStop('interrupted');
  const message = reason.why === 'deadline' ? `${what} when ${reason.message}` : `${what}: the run was interrupted`;
  return new PreflightError(reason.why === 'deadline' ? 'timeout' : 'interrupted', message, { cause: reason, ...(hint ? { hint } : {}) });
}

/** Calls `onAbort` once when the signal aborts (at once if it already has); returns the undo. */
export function onAbort(signal: AbortSignal | undefined, listener: () => void): () => void {
  if (!signal) return () => undefined;
  if (signal.aborted) {
    listener();
    return () => undefined;
  }
  signal.addEventListener('abort', listener, { once: true });
  return () => signal.removeEventListener('abort', listener);
}
