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

/** A fixed-length array whose items each pass their check. */
const tuple = (...checks: Check[]): Check => (v) => {
  if (!Array.isArray(v) || v.length !== checks.length) return `${shown(v)} is not a list of ${checks.length}`;
  for (let i = 0; i < checks.length; i += 1) {
    const problem = checks[i](v[i]);
    if (problem) return `[${i}] ${problem}`;
  }
  return null;
};
/** A host's /proc/net/netstat and /proc/net/snmp texts: parsed, with their own checks, by checks/overload.ts. */
const counterTexts = object({ netstat: nullable(text(1 << 16)), snmp: nullable(text(1 << 16)) });
const tcpOutcome = oneOf('connected', 'refused', 'timeout', 'unreachable', 'error');
/** Short file contents and names: checked field by field where they are parsed (src/facts/host-files.ts). */
const fileText = nullable(text(1 << 12));
const textMap = (max: number): Check => (v) => {
  const problem = anyObject(v);
  if (problem) return problem;
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length > max) return `has more than ${max} entries`;
  for (const [key, value] of entries) {
    if (!/^[A-Za-z0-9_.:@+/-]{1,128}$/.test(key)) return `has a key that is not a plain name: ${shown(key)}`;
    if (value !== null && (typeof value !== 'string' || value.length > 4096)) return `${shown(key)} is not a short text`;
  }
  return null;
};
const lines = (max: number): Check => nullable(list(text(4096), max));

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
  // [id, outcome, ms, errno, connects]
  results: { items: list(tuple(id, tcpOutcome, ms, nullable(errorText), int(1, 2)), MAX_ITEMS) },
  'probe-done': {},
  planned: { n: int(0, MAX_ITEMS) },
  sent: { items: list(object({ id, count: int(0, 1_000_000), error: nullable(errorText), ms }), MAX_ITEMS) },
  icmp: { id, errno: errorText },
  'pmtu-sent': { id, size: int(0, 65535), error: nullable(errorText) },
  // The nonce is only looked up among the ones sent, never shown: any short text.
  // [proto, port, nonce, src, via]
  'seen-batch': { items: list(tuple(protocol, portOrZero, matching(/^[A-Za-z0-9-]{1,64}$/, 64, 'a nonce'), ip, oneOf('socket', 'raw')), MAX_ITEMS) },
  collected: { id, before: nullable(counterTexts), after: counterTexts },
  procnet: { id, text: nullable(text(1 << 20)), error: nullable(errorText) },
  routes: { id, routes: list(object({ peer: ip, 'src?': ip, 'error?': errorText }), MAX_ITEMS) },
  // Interfaces and routes in `ip -j` form: their fields are checked by the parsers in src/facts/ip.ts.
  netinfo: { id, links: nullable(list(anyObject, 10_000)), routes: nullable(list(anyObject, MAX_ITEMS)), resolv: nullable(text(1 << 16)), error: nullable(errorText) },
  // Command output is text; whoever parses it checks what it reads (src/facts/).
  exec: { id, code: nullable(int(-255, 255)), stdout: text(1 << 20), stderr: text(1 << 16), error: nullable(errorText) },
  // The engine's JSON as text: parsed and checked by src/facts/ like the docker client's output.
  docker: { id, status: nullable(int(100, 599)), body: text(1 << 20), error: nullable(errorText) },
  hostfacts: {
    id, pid: int(1, 2 ** 31 - 1), release: matching(/^[A-Za-z0-9_.+~-]{1,128}$/, 128, 'a kernel release'),
    machineId: fileText, bootId: fileText, netns: fileText, sysctl: textMap(64), rpFilter: textMap(512), modules: lines(8192),
    builtin: lines(8192), dep: lines(8192), config: lines(8192), configFrom: fileText, crypto: lines(1024), drivers: textMap(512),
    errors: textMap(256),
  },
  clock: { id, time: num(0, 1e11) },
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
