// Data a host sent that is not what it should be: the host becomes an error that says so, and
// nothing it sent goes any further (no probe plan, no fix, no report field is built from it).
import { PreflightError } from '../errors.js';

export class InvalidDataError extends PreflightError {
  /** What was wrong, without the host: "docker info Swarm.NodeAddr \"x\" is not an IP address". */
  readonly problem: string;

  constructor(problem: string, hostId?: string) {
    super('agent', `${hostId ? `${hostId}: ` : ''}the agent sent invalid data: ${problem}`);
    this.name = 'InvalidDataError';
    this.problem = problem;
  }
}

export function isInvalidData(value: unknown): value is InvalidDataError {
  return value instanceof InvalidDataError;
}

/** A value as a message may show it: JSON-quoted, every non-printable character escaped, cut short. */
export function shown(value: unknown, max = 60): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  if (text.length > max) text = `${text.slice(0, max)}…`;
  return text.replace(/[^\x20-\x7e…]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
