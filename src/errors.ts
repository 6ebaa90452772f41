// Typed errors: every failure the tool meets has a kind, and keeps its cause. The CLI maps kinds to
// verdicts, hints and exit codes in one place (src/cli/outcome.ts).

export type ErrorKind =
  | 'usage'          // bad flags
  | 'inventory'      // bad inventory input
  | 'unreachable'    // TCP connect to sshd failed
  | 'timeout'        // something did not answer in time
  | 'auth'           // no credential accepted
  | 'host-key'       // unknown or changed host key
  | 'needs-root'     // the probe needs root on that host
  | 'tool-missing'   // python3, docker ... not on the host
  | 'agent'          // the remote agent broke or spoke nonsense
  | 'ssh-stall'      // SSH logs in, then stalls as soon as full-size packets flow (a path-MTU black hole)
  | 'interrupted';   // Ctrl-C

export class PreflightError extends Error {
  readonly kind: ErrorKind;
  /** A one-line hint for the operator: what to do to make it work. */
  readonly hint?: string;

  constructor(kind: ErrorKind, message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PreflightError';
    this.kind = kind;
    this.hint = options.hint;
  }
}

export function isPreflightError(value: unknown): value is PreflightError {
  return value instanceof PreflightError;
}

/** Wrap anything thrown into a PreflightError of the given kind, keeping it as the cause. */
export function asPreflightError(value: unknown, fallback: ErrorKind): PreflightError {
  if (value instanceof PreflightError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new PreflightError(fallback, message, { cause: value });
}
