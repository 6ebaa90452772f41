// The agent's upload is the first time a connection carries full-size packets: on a path that loses
// them (a path-MTU black hole that also hits TCP), the login works and the upload stalls for good.
// When the agent is slow to say "ready", this asks the connection itself whether it still answers;
// if not, the start is stopped at once with an error that says what it is.
import { PreflightError } from '../errors.js';
import type { SshSession } from '../ssh/session.js';

/** How long the agent may take to start before the connection is asked whether it still answers. */
export const STALL_CHECK_AFTER_MS = 4000;
/** How long the connection gets to answer. */
export const TRANSPORT_CHECK_MS = 1500;

export function stallError(hostId: string, cause?: unknown): PreflightError {
  return new PreflightError('ssh-stall', `SSH to ${hostId} logs in but stalls on full-size packets: a path-MTU black hole between this machine and ${hostId}?`,
    cause === undefined ? {} : { cause });
}

export interface UploadWatch {
  /** For the agent's start: aborts with the stall error when the connection is found stuck. */
  signal: AbortSignal;
  /** The stall error, once found. */
  readonly stalled: PreflightError | undefined;
  stop(): void;
}

export function watchUpload(session: SshSession, hostId: string, runSignal: AbortSignal, afterMs = STALL_CHECK_AFTER_MS): UploadWatch {
  const local = new AbortController();
  let stalled: PreflightError | undefined;
  let stopped = false;
  const timer = setTimeout(() => {
    void session.answers(TRANSPORT_CHECK_MS).then((ok) => {
      if (ok || stopped || runSignal.aborted) return;
      stalled = stallError(hostId);
      local.abort(stalled);
    });
  }, afterMs);
  return {
    signal: AbortSignal.any([runSignal, local.signal]),
    get stalled() { return stalled; },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
