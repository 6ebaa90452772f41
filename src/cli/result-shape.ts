// What `report` checks of a file before rendering it: enough of the result's shape that the
// renderers and the causes step cannot trip over it. A full check is the JSON schema; this names
// the first thing wrong in words. Pure.

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndexList = (v: unknown) => Array.isArray(v) && v.every((i) => Number.isInteger(i) && i >= 0);

/** The first problem with the value as a schemaVersion 1 result, or undefined. */
export function resultProblem(value: unknown): string | undefined {
  if (!isObject(value) || value.schemaVersion !== 1) return 'no schemaVersion 1';
  for (const field of ['hosts', 'probes', 'findings'] as const) if (!Array.isArray(value[field])) return `no ${field} list`;
  if (!isObject(value.summary)) return 'no summary';
  const hosts = value.hosts as unknown[];
  const bad = hosts.findIndex((h) => !isObject(h) || typeof h.id !== 'string');
  if (bad >= 0) return `hosts[${bad}] has no id`;
  const probe = (value.probes as unknown[]).findIndex((p) => !isObject(p) || typeof p.from !== 'string' || typeof p.to !== 'string'
    || typeof p.protocol !== 'string' || typeof p.port !== 'number' || typeof p.status !== 'string');
  if (probe >= 0) return `probes[${probe}] lacks from, to, protocol, port or status`;
  const finding = (value.findings as unknown[]).findIndex((f) => !isObject(f) || typeof f.check !== 'string' || typeof f.status !== 'string');
  if (finding >= 0) return `findings[${finding}] lacks check or status`;
  if (value.untested !== undefined) {
    if (!Array.isArray(value.untested)) return 'untested is not a list';
    const u = value.untested.findIndex((x) => !isObject(x) || typeof x.host !== 'string' || typeof x.reason !== 'string' || typeof x.fromDetail !== 'string'
      || typeof x.toDetail !== 'string' || !Number.isInteger(x.probes) || !Number.isInteger(x.notApplicable) || !Array.isArray(x.ports));
    if (u >= 0) return `untested[${u}] lacks host, reason, fromDetail, toDetail, probes, notApplicable or ports`;
  }
  if (value.causes !== undefined) {
    if (!Array.isArray(value.causes)) return 'causes is not a list';
    const cause = value.causes.findIndex((c) => !isObject(c) || typeof c.id !== 'string' || typeof c.kind !== 'string' || typeof c.summary !== 'string'
      || !Array.isArray(c.hosts) || !Array.isArray(c.ports) || !isIndexList(c.probes) || !isIndexList(c.findings));
    if (cause >= 0) return `causes[${cause}] lacks id, kind, summary, hosts, ports or probe and finding indexes`;
  }
  return undefined;
}
