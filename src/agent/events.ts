// The agent's events, checked where they enter: one line of its output in, a typed event out, or
// what was wrong with it. A host is untrusted: every number must be a finite number in its range,
// every address an IP, every name and message from an allowlist of characters and lengths. The
// shapes are a table, one entry an event: a new event is one more entry. Pure.
import type { AgentEvent } from './protocol.js';
import { shown } from './invalid-data.js';
import { anyObject, bool, type Check, type Fields, int, ip, list, matching, message, name, nullable, num, object, oneOf, portOrZero, text } from './shape.js';

/** What a line of agent output was. */
export type ParsedLine =
  | { kind: 'event'; event: AgentEvent }
  /** A line that claims to be an event (a JSON object) but is not a valid one. */
  | { kind: 'invalid'; problem: string }
  /** Not JSON at all (the bootstrap's own marks): not an event, and nothing wrong. */
  | { kind: 'other' };

/** Ids the runner gave its commands and probes (x1, r2, p-3-17 ...), echoed back. */
const id = matching(/^[A-Za-z0-9_.:-]{1,64}$/, 64, 'an id');
const protocol = oneOf('tcp', 'udp', 'esp');
const ms = num(0, 86_400_000);
/** An errno name ("ECONNREFUSED") or an agent's short error text. */
const errorText = message(300);
const MAX_ITEMS = 100_000;

export const EVENT_SHAPES: Record<string, Fields> = {
  ready: { pid: int(1, 2 ** 31 - 1), uid: int(0, 2 ** 32 - 1), hostname: matching(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 253, 'a host name'), python: matching(/^\d{1,3}\.\d{1,3}\.\d{1,4}$/, 16, 'a Python version'), 'dockerSocket?': bool },
  listening: {
    items: list(object({
      proto: protocol, port: portOrZero, how: oneOf('bound', 'live', 'raw', 'error'),
      'owner?': nullable(object({ pid: nullable(int(1, 2 ** 31 - 1)), comm: name(64) })),
      'kind?': matching(/^[a-z][a-z-]{0,31}$/, 32, 'an error kind'),
      'error?': errorText,
    }), 10_000),
  },
  result: { id, outcome: oneOf('connected', 'refused', 'timeout', 'unreachable', 'error'), ms, errno: nullable(errorText) },
  sent: { items: list(object({ id, count: int(0, 1_000_000), error: nullable(errorText), ms }), MAX_ITEMS) },
  icmp: { id, errno: errorText },
  'pmtu-sent': { id, size: int(0, 65535), error: nullable(errorText) },
  // The nonce is only looked up among the ones sent, never shown: any short text.
  seen: { proto: protocol, port: portOrZero, nonce: text(64), src: ip, via: oneOf('socket', 'raw') },
  procnet: { id, text: nullable(text(1 << 20)), error: nullable(errorText) },
  routes: { id, routes: list(object({ peer: ip, 'src?': ip, 'error?': errorText }), MAX_ITEMS) },
  // Interfaces and routes in `ip -j` form: their fields are checked by the parsers in src/facts/ip.ts.
  netinfo: { id, links: nullable(list(anyObject, 10_000)), routes: nullable(list(anyObject, MAX_ITEMS)), resolv: nullable(text(1 << 16)), error: nullable(errorText) },
  // Command output is text; whoever parses it checks what it reads (src/facts/).
  exec: { id, code: nullable(int(-255, 255)), stdout: text(1 << 20), stderr: text(1 << 16), error: nullable(errorText) },
  error: { error: errorText },
  deadline: {},
  done: {},
};

const CHECKS: Record<string, Check> = Object.fromEntries(Object.entries(EVENT_SHAPES).map(([ev, fields]) => [ev, object({ ev: () => null, ...fields })]));

/** One line of agent output, checked against the table. */
export function parseAgentLine(line: string): ParsedLine {
  const text = line.trim();
  if (!text.startsWith('{')) return { kind: 'other' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invalid', problem: `a line that is not JSON: ${shown(text)}` };
  }
  // A text starting with "{" parses only to an object.
  const ev = (value as { ev?: unknown }).ev;
  if (typeof ev !== 'string' || !Object.prototype.hasOwnProperty.call(CHECKS, ev)) return { kind: 'invalid', problem: `an unknown event ${shown(ev)}` };
  const problem = CHECKS[ev](value);
  return problem ? { kind: 'invalid', problem: `"${ev}" event: ${problem}` } : { kind: 'event', event: value as AgentEvent };
}
