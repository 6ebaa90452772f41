// One channel for the things the SSH layer reads but does not (or cannot) honour: each is said once per
// run, however many hosts it concerns, and never dropped silently. The CLI decides where they are printed.

export type Warn = (message: string) => void;

/** A Warn that passes each distinct message to `sink` once. */
export function warnOnce(sink: (message: string) => void): Warn {
  const seen = new Set<string>();
  return (message) => {
    if (seen.has(message)) return;
    seen.add(message);
    sink(message);
  };
}
