// The agent's upload is the first time a connection carries full-size packets: on a path that loses
// them (a path-MTU black hole that also hits TCP), the login works and the upload stalls for good.
// When the agent is slow to say "ready", this asks the connection itself whether it still answers;
// if not, the start is stopped at once with an error that says what it is.
import { PreflightError } from '../errors.js';
import type { SshSession } from '../ssh/session.js';

/** How long the agent may take to start before the connection is asked whether it still answers. */
export const STALL_CHECK_AFTER_MS = 4000;
/**
 * How long the connection gets to answer. On a black hole the request queues behind the unacknowledged
 * upload and never arrives; a host (or runner) busy with 200 logins answers, but late: 1.5 s blamed
 * loaded hosts for a path-MTU problem in 200-host runs.
 */
export const TRANSPORT_CHECK_MS = 8000;
/** The same question asked once the agent's wait ran out, where the watch never got to ask it. */
export const LATE_CHECK_MS = 1500;

export function stallError(hostId: string, cause?: unknown): PreflightError {
  return new PreflightError('ssh-stall', `SSH to ${hostId} logs in but stalls on full-size packets: a path-MTU black hole between this machine and ${hostId}?`,
    cause === undefined ? {} : { cause });
}

export interface UploadWatch {
  /** For the agent's start: aborts with the stall error when the connection is found stuck. */
  signal: AbortSignal;
  /** The stall error, once found. */
  readonly stalled: PreflightError | undefined;
  /** The connection answered the watch's question: whatever holds the agent, it is not a stall. */
  readonly answered: boolean;
  stop(): void;
}

export function watchUpload(session: SshSession, hostId: string, runSignal: AbortSignal, afterMs = STALL_CHECK_AFTER_MS, checkMs = TRANSPORT_CHECK_MS): UploadWatch {
  const local = new AbortController();
  let stalled: PreflightError | undefined;
  let stopped = false;
  let answered = false;
  const timer = setTimeout(() => {
    void session.answers(checkMs).then((ok) => {
      answered = ok;
      if (ok || stopped || runSignal.aborted) return;
      stalled = stallError(hostId);
      local.abort(stalled);
    });
  }, afterMs);
  return {
    signal: AbortSignal.any([runSignal, local.signal]),
    get stalled() { return stalled; },
    get answered() { return answered; },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
