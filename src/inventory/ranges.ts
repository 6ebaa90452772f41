// Ansible host patterns in INI and YAML host names: `node[01:20]` (zero padding kept), `[a:f]`,
// steps `[1:10:2]`, several ranges in one name, and a `:PORT` suffix (`web1:2222`).

/** Range expansion stops here: a typo like [1:1000000] should fail fast rather than build a million hosts. */
export const MAX_RANGE_HOSTS = 10_000;

export interface HostPattern { names: string[]; port?: string }

/** Expand one host pattern; throws Error(message) on a bad range (callers add file and line). */
export function expandHostPattern(pattern: string): HostPattern {
  const { name, port } = splitPort(pattern);
  const names = expand(name);
  return port === undefined ? { names } : { names, port };
}

function splitPort(pattern: string): { name: string; port?: string } {
  // Only a single colon outside brackets is a port: IPv6 literals have several.
  const outside = pattern.replace(/\[[^\]]*\]/g, '');
  const colons = outside.split(':').length - 1;
  if (colons !== 1) return { name: pattern };
  const m = /^(.*):([^:\]]*)$/.exec(pattern);
  return m && m[1] !== '' ? { name: m[1], port: m[2] } : { name: pattern };
}

function expand(name: string): string[] {
  const open = name.indexOf('[');
  if (open < 0) {
    if (name.includes(']')) throw new Error(`host pattern ${JSON.stringify(name)} has a "]" without "["`);
    return [name];
  }
  const close = name.indexOf(']', open);
  if (close < 0) throw new Error(`host range in ${JSON.stringify(name)} has no closing "]"; write it as name[01:20]`);
  const head = name.slice(0, open);
  const values = rangeValues(name.slice(open + 1, close), name);
  const tails = expand(name.slice(close + 1));
  if (values.length * tails.length > MAX_RANGE_HOSTS) {
    throw new Error(`host range ${JSON.stringify(name)} expands to ${values.length * tails.length} hosts, more than ${MAX_RANGE_HOSTS}; split the inventory or narrow the range`);
  }
  return values.flatMap((v) => tails.map((t) => head + v + t));
}

function rangeValues(spec: string, name: string): string[] {
  const bad = (why: string) => new Error(`bad host range [${spec}] in ${JSON.stringify(name)}: ${why}; write it as [01:20], [a:f] or [1:10:2]`);
  const parts = spec.split(':');
  if (parts.length < 2 || parts.length > 3) throw bad('expected start:end or start:end:step');
  const [beginRaw, end, stepRaw] = parts;
  // Ansible reads an empty start as 0.
  const begin = beginRaw === '' ? '0' : beginRaw;
  if (end === '') throw bad('the end is missing');
  let step = 1;
  if (stepRaw !== undefined) {
    if (!/^[1-9]\d{0,4}$/.test(stepRaw)) throw bad('the step must be a whole number from 1');
    step = Number(stepRaw);
  }
  if (/^[A-Za-z]$/.test(begin) && /^[A-Za-z]$/.test(end)) {
    const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const from = letters.indexOf(begin);
    const to = letters.indexOf(end);
    if (from > to) throw bad(`${begin} comes after ${end}`);
    const out: string[] = [];
    for (let i = from; i <= to; i += step) out.push(letters[i]);
    return out;
  }
  if (!/^\d{1,9}$/.test(begin) || !/^\d{1,9}$/.test(end)) throw bad('the range must be numeric or single letters');
  const pad = begin.length > 1 && begin.startsWith('0') ? begin.length : 0;
  if (pad > 0 && end.length !== pad) throw bad('a zero-padded range needs a start and end of the same width, as in [01:20]');
  const from = Number(begin);
  const to = Number(end);
  if (from > to) throw bad(`${from} is greater than ${to}`);
  if ((to - from) / step + 1 > MAX_RANGE_HOSTS) {
    throw new Error(`host range ${JSON.stringify(name)} expands to more than ${MAX_RANGE_HOSTS} hosts; split the inventory or narrow the range`);
  }
  const out: string[] = [];
  for (let i = from; i <= to; i += step) out.push(pad > 0 ? String(i).padStart(pad, '0') : String(i));
  return out;
}
