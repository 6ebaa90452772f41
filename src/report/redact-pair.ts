// --redact for a diff: both results redacted as one, so a host or address gets the same placeholder
// in both runs (host-3 is the same machine before and after), also when hosts were added. Pure.
import type { RunResult } from '../model.js';
import { redact } from './redact.js';

export function redactPair(older: RunResult, newer: RunResult): [RunResult, RunResult] {
  // The old run's hosts first, so placeholders follow its inventory; the new run's new hosts after.
  const joined: RunResult = {
    ...older,
    options: { older: older.options, newer: newer.options },
    hosts: [...older.hosts, ...newer.hosts],
    probes: [...older.probes, ...newer.probes],
    findings: [...older.findings, ...newer.findings],
    untested: [...(older.untested ?? []), ...(newer.untested ?? [])],
    causes: [...(older.causes ?? []), ...(newer.causes ?? [])],
  };
  const r = redact(joined);
  const split = <T>(list: T[], first: number): [T[], T[]] => [list.slice(0, first), list.slice(first)];
  const [oldHosts, newHosts] = split(r.hosts, older.hosts.length);
  const [oldProbes, newProbes] = split(r.probes, older.probes.length);
  const [oldFindings, newFindings] = split(r.findings, older.findings.length);
  const [oldCauses, newCauses] = split(r.causes ?? [], older.causes?.length ?? 0);
  const [oldUntested, newUntested] = split(r.untested ?? [], older.untested?.length ?? 0);
  const options = r.options as { older: RunResult['options']; newer: RunResult['options'] };
  return [
    { ...older, options: options.older, hosts: oldHosts, probes: oldProbes, findings: oldFindings, ...(older.causes ? { causes: oldCauses } : {}), ...(older.untested ? { untested: oldUntested } : {}) },
    { ...newer, options: options.newer, hosts: newHosts, probes: newProbes, findings: newFindings, ...(newer.causes ? { causes: newCauses } : {}), ...(newer.untested ? { untested: newUntested } : {}) },
  ];
}
