// Property tests of the agent-event parser: any line, and any real event with one field replaced by
// any JSON value, is an event, invalid or other, never a throw; what passes as an event has only
// finite numbers and, outside command output, no control characters.
import test from 'ava';
import fc from 'fast-check';
import { EVENT_SHAPES, parseAgentLine } from '../../src/agent/events.js';
import { GOOD } from './event-samples.js';

/** Fields that carry command output, docker's answers or file contents: their parsers check what they read. */
const RAW_TEXT = new Set(['stdout', 'stderr', 'body', 'text', 'resolv', 'nonce', 'links', 'routes', 'netstat', 'snmp',
  'machineId', 'bootId', 'netns', 'sysctl', 'rpFilter', 'modules', 'builtin', 'dep', 'config', 'configFrom', 'crypto', 'drivers', 'errors']);

function problems(value: unknown, key = ''): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${key} is not finite`];
  if (typeof value === 'string') return !RAW_TEXT.has(key) && /[\u0000-\u001f\u007f-\u009f<>`$]/.test(value) ? [`${key} has a control or markup character`] : [];
  if (Array.isArray(value)) return RAW_TEXT.has(key) ? [] : value.flatMap((v) => problems(v, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => problems(v, k));
  return [];
}

function holds(line: string): boolean {
  const parsed = parseAgentLine(line);
  if (parsed.kind === 'event') {
    const found = problems(parsed.event);
    if (found.length) throw new Error(`${line}: ${found.join('; ')}`);
  }
  return ['event', 'invalid', 'other'].includes(parsed.kind);
}

test('any line is an event, invalid or not an event, and never throws', (t) => {
  fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v))), holds), { numRuns: 3000 });
  t.pass();
});

test('a real event with any field replaced, added or removed is checked, never trusted as it is', (t) => {
  const event = fc.constantFrom(...GOOD);
  const mutated = fc.tuple(event, fc.nat(), fc.jsonValue(), fc.constantFrom('replace', 'remove', 'add', 'nest')).map(([e, n, value, how]) => {
    const copy = structuredClone(e) as Record<string, unknown>;
    const keys = Object.keys(copy).filter((k) => k !== 'ev');
    const key = keys.length ? keys[n % keys.length] : 'extra';
    if (how === 'remove') delete copy[key];
    else if (how === 'add') copy[`x${n}`] = value;
    else if (how === 'nest' && Array.isArray(copy[key]) && (copy[key] as unknown[]).length) {
      const items = copy[key] as Record<string, unknown>[];
      const item = items[n % items.length];
      if (item && typeof item === 'object') {
        const fields = Object.keys(item);
        if (fields.length) item[fields[n % fields.length]] = value;
      }
    } else copy[key] = value;
    return JSON.stringify(copy);
  });
  fc.assert(fc.property(mutated, holds), { numRuns: 3000 });
  t.is(Object.keys(EVENT_SHAPES).length, new Set(GOOD.map((e) => e.ev)).size);
});
