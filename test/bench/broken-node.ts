// What a run must say when one node drops the data-path port (4789/udp) from every peer, and only
// that: every verdict it gives is compared with this. Anything else that fails or errs, and anything
// expected that does not, is a false verdict.
import type { RunResult } from '../../src/model.js';

export interface BrokenNodeJudgement {
  falseVerdicts: number;
  /** One line each: what was wrong. */
  wrong: string[];
  /** The canary pairs that failed, "from>to", sorted. */
  canaryFails: string[];
  /** The causes, "status: summary". */
  causes: string[];
}

/**
 * Expected with `broken` dropping `port`/udp inbound: the port probes into it fail, the path-MTU pairs
 * into it are "not measurable" errors (their probe never arrived), every canary pair into it fails,
 * every canary pair out of it passes (its requests are counted at the peer; only the replies back are
 * lost), and one cause names it and the port. Warnings (a one-manager lab) are not verdicts on the fault.
 */
export function judgeBrokenNode(r: RunResult, broken: string, port: number): BrokenNodeJudgement {
  const wrong: string[] = [];
  const peers = r.hosts.map((h) => h.id).filter((id) => id !== broken);
  for (const p of r.probes) {
    const expectedFail = p.to === broken && p.protocol === 'udp' && p.port === port;
    if (expectedFail && p.status !== 'fail') wrong.push(`probe ${p.from} -> ${p.to} ${p.port}/${p.protocol} is ${p.status}, expected fail`);
    if (!expectedFail && (p.status === 'fail' || p.status === 'error')) wrong.push(`probe ${p.from} -> ${p.to} ${p.port}/${p.protocol} is ${p.status}: ${p.detail}`);
  }
  const canary = r.findings.filter((f) => f.check === 'canary');
  for (const f of r.findings) {
    if (f.status !== 'fail' && f.status !== 'error') continue;
    const into = f.to === broken && f.from !== undefined && peers.includes(f.from);
    const expected = into && ((f.check === 'path-mtu' && f.status === 'error') || (f.check === 'canary' && f.status === 'fail'));
    if (!expected) wrong.push(`${f.check} ${f.from ?? f.host ?? ''} -> ${f.to ?? ''} is ${f.status}: ${f.summary}`);
  }
  for (const peer of peers) {
    const into = canary.find((f) => f.from === peer && f.to === broken);
    const out = canary.find((f) => f.from === broken && f.to === peer);
    if (into?.status !== 'fail') wrong.push(`canary ${peer} -> ${broken} is ${into?.status ?? 'missing'}, expected fail`);
    if (out?.status !== 'pass') wrong.push(`canary ${broken} -> ${peer} is ${out?.status ?? 'missing'}, expected pass`);
  }
  const failing = (r.causes ?? []).filter((c) => c.status === 'fail' || c.status === 'error');
  const named = failing.filter((c) => c.hosts[0] === broken && c.ports.includes(`${port}/udp`));
  if (named.length !== 1) wrong.push(`${named.length} causes name ${broken} and ${port}/udp, expected 1`);
  return {
    falseVerdicts: wrong.length, wrong,
    canaryFails: canary.filter((f) => f.status === 'fail').map((f) => `${f.from}>${f.to}`).sort(),
    causes: (r.causes ?? []).map((c) => `${c.status}: ${c.summary}`),
  };
}
