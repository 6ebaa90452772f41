// Fixed results for the renderer tests, built the way the runner builds them.
import type { ProbeResult, RunResult } from '../../src/model.js';

const PORTS: [ProbeResult['protocol'], number][] = [['tcp', 2377], ['tcp', 7946], ['udp', 7946], ['udp', 4789]];

export function makeResult(hostCount: number, status: (from: string, to: string, protocol: string, port: number) => ProbeResult['status'] = () => 'pass'): RunResult {
  const ids = Array.from({ length: hostCount }, (_, i) => `n${i + 1}`);
  const probes: ProbeResult[] = [];
  for (const from of ids) {
    for (const to of ids) {
      if (from === to) continue;
      for (const [protocol, port] of PORTS) {
        const s = port === 2377 && to !== 'n1' ? 'skip' : status(from, to, protocol, port);
        probes.push({ from, to, protocol, port, status: s, detail: s === 'fail' ? 'not received: sent 3 times within 1000 ms, never seen (dropped)' : s, ms: 1, ...(s === 'fail' ? { remediation: `on ${to}: iptables -I INPUT -p ${protocol} --dport ${port} -j ACCEPT` } : {}) });
      }
    }
  }
  const summary = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const p of probes) summary[p.status] += 1;
  return {
    schemaVersion: 1,
    tool: { name: 'swarm-preflight', version: '0.1.0' },
    startedAt: '2026-11-26T00:00:00.000Z',
    durationMs: 1234,
    mode: 'pre',
    options: {},
    hosts: ids.map((id, i) => ({ id, address: `198.18.0.${11 + i}`, role: i === 0 ? 'manager' : 'worker', reachable: true, error: null })),
    probes,
    findings: [],
    summary,
  };
}

/** Count every probe and finding by status, as the runner does, after a fixture was edited. */
export function recount(result: RunResult): RunResult {
  const summary = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const item of [...result.probes, ...result.findings]) summary[item.status] += 1;
  result.summary = summary;
  return result;
}

/** The facts the runner gathers on a reachable host, and the options it records. */
export function withFacts(result: RunResult): RunResult {
  result.hosts = result.hosts.map((h) => (h.reachable && !h.error ? {
    ...h,
    facts: { hostname: `${h.id}.lab.example`, uid: 0, python: '3.11.2', dockerVersion: '27.3.1', swarmState: 'inactive', nodeAddr: h.address, firewall: 'none', addresses: [h.address, '127.0.0.1'], mode: 'pre' },
  } : h));
  result.options = { mode: 'auto', dataPathPort: 4789, esp: false, encryptedOverlays: [], timeoutMs: 3000, deadlineMs: 120000, concurrency: 64, sudo: false, hostKeyCheck: 'strict' };
  return result;
}

/** One finding of each kind the checks emit (warn, fail and error), the way they word them. */
export function withFindings(result: RunResult): RunResult {
  const [first, second] = result.hosts.map((h) => h.id);
  result.findings.push(
    { check: 'port-owner', host: second, status: 'warn', summary: `7946/tcp on ${second} is held by consul (pid 812), not by docker`, remediation: `swarm needs 7946/tcp for itself: stop or move consul before this host joins the swarm (see: ss -lntup | grep 7946)`, evidence: { protocol: 'tcp', port: 7946, owner: { comm: 'consul', pid: 812 } } },
    { check: 'swarm-role', host: first, status: 'fail', summary: `swarm state on ${first} is error: rpc error`, remediation: `read the docker log on ${first}; if it cannot reach a manager, fix the ports below, then docker swarm leave && docker swarm join`, evidence: { swarmState: 'error', error: 'rpc error' } },
  );
  return recount(result);
}

/** `hostCount` hosts, the last one unreachable: every probe to or from it is an error, and a host-access finding says why. */
export function unreachableResult(hostCount: number): RunResult {
  const last = `n${hostCount}`;
  const result = makeResult(hostCount, (from, to) => (from === last || to === last ? 'error' : 'pass'));
  const i = hostCount - 1;
  result.hosts[i] = { ...result.hosts[i], reachable: false, error: 'timed out after 10 s connecting to port 22', errorKind: 'timeout' };
  withFacts(result);
  for (const p of result.probes) if (p.status === 'error') Object.assign(p, { detail: `could not test on ${last}: timed out after 10 s connecting to port 22`, reason: 'unreachable', ms: null });
  result.findings.push({ check: 'host-access', host: last, status: 'error', summary: result.hosts[i].error as string, remediation: 'the host did not answer in time: check the address and any firewall between here and its sshd', evidence: { kind: 'timeout', reachable: false } });
  return recount(result);
}

/** A run with a bit of everything: a blocked port towards one host, one pair not tested, skips and findings. */
export function mixedResult(): RunResult {
  const result = withFacts(makeResult(4, (from, to, proto, port) => {
    if (to === 'n3' && proto === 'udp' && port === 4789) return 'fail';
    if (from === 'n4' && to === 'n2' && proto === 'tcp') return 'error';
    return 'pass';
  }));
  for (const p of result.probes) {
    if (p.status === 'fail') p.reason = 'not-seen';
    if (p.status === 'error') Object.assign(p, { detail: 'send failed: EHOSTUNREACH', reason: 'send-failed', ms: null });
  }
  return withFindings(result);
}

/**
 * The same run as the runner writes it for a host that was out before probing: that host's probes are
 * one `untested` entry (counted, not listed), and everything else is as it was.
 */
export function asUnsent(result: RunResult, id: string, message = 'timed out after 10 s connecting to port 22'): RunResult {
  const theirs = result.probes.filter((p) => p.from === id || p.to === id);
  const reason = theirs.find((p) => p.status === 'error')?.reason ?? 'unreachable';
  result.probes = result.probes.filter((p) => p.from !== id && p.to !== id);
  result.untested = [...(result.untested ?? []), {
    host: id, reason, fromDetail: `could not test from ${id}: ${message}`, toDetail: `could not test on ${id}: ${message}`,
    probes: theirs.filter((p) => p.status === 'error').length, notApplicable: theirs.filter((p) => p.status === 'skip').length,
    ports: ['2377/tcp', '7946/tcp', '7946/udp', '4789/udp'],
  }];
  return result;
}

/** `hostCount` hosts, the last one unreachable, as the runner writes it now: its probes one `untested` entry. */
export function unsentResult(hostCount: number): RunResult {
  return asUnsent(unreachableResult(hostCount), `n${hostCount}`);
}
