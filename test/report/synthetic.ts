// Realistic synthetic results of N hosts for the renderer tests: every probe and path-MTU pair the
// runner would produce, worded as the checks word them, with faults of several shapes placed at
// fixed hosts, and the causes the runner's own step (groupCauses) makes of them. `faultCauses` groups
// what the faults broke by construction (the generator knows which fault broke what): the oracle
// synthetic.test.ts holds groupCauses' grouping of these results to.
import { evaluatePathMtu } from '../../checks/path-mtu.js';
import { remediateProbe } from '../../checks/remediation.js';
import { groupCauses } from '../../src/causes/group.js';
import type { FirewallKind } from '../../src/facts/firewall.js';
import type { Cause, Finding, HostResult, ProbeResult, Protocol, RunResult, Status } from '../../src/model.js';
import { portLabel } from '../../src/report/matrix.js';
import { recount } from './results.js';

const PORTS: [Protocol, number][] = [['tcp', 2377], ['tcp', 7946], ['udp', 7946], ['udp', 4789]];
const FIREWALLS: FirewallKind[] = ['nftables', 'ufw', 'firewalld', 'iptables', 'none'];
const MANAGERS = 3;
/** The evidence of a passing path-MTU pair, as evaluatePathMtu writes it; shared by every such pair. */
const PASSED_MTU = { full: 1550, control: 576, largestSeen: null, smallestLost: null, port: 4789, tries: [{ size: 576, seen: true, error: null }, { size: 1550, seen: true, error: null }] };

/** Where the faults sit, as host indexes (0-based) of an n-host run, n >= 12. */
export function faultHosts(n: number): { dropsTwo: string; rejectsOne: string; outboundBlocked: string; pair: [string, string]; mtuPair: [string, string]; unreachable: string } {
  if (n < 12) throw new Error('the synthetic faults need at least 12 hosts');
  return {
    dropsTwo: hostId(6),
    rejectsOne: hostId(10),
    outboundBlocked: hostId(Math.min(19, n - 3)),
    pair: [hostId(3), hostId(n - 4)],
    mtuPair: [hostId(4), hostId(8)],
    unreachable: hostId(n - 1),
  };
}

export function hostId(i: number): string {
  return `node${String(i + 1).padStart(3, '0')}`;
}

function address(i: number): string {
  return `10.20.${Math.floor(i / 250)}.${(i % 250) + 4}`;
}

/** A deterministic round-trip time, so two renders of the same result are the same bytes. */
function msFor(seed: number): number {
  return (((seed * 2654435761) >>> 0) % 900) / 100 + 0.2;
}

export interface SyntheticOptions {
  /** The faults above; true unless false. */
  faults?: boolean;
  /** This many more single pairs that drop 7946/udp, each its own cause: a run with many causes. */
  pairs?: number;
  /** Host ids this long (padded with a domain), as FQDN inventories have them. */
  idLength?: number;
}

/** Extra single-pair faults: deterministic, never on the hosts the named faults use. */
export function extraPairs(n: number, k: number): [string, string][] {
  const f = faultHosts(n);
  const busy = new Set([f.outboundBlocked, f.unreachable, f.dropsTwo, f.rejectsOne]);
  const pairs = new Map<string, [string, string]>();
  for (let i = 0; pairs.size < k && i < k * 20; i++) {
    const from = hostId((i * 7) % n);
    const to = hostId((i * 7 + 5 + Math.floor((i * 7) / n)) % n);
    if (from !== to && !busy.has(from) && !busy.has(to)) pairs.set(`${from}>${to}`, [from, to]);
  }
  return [...pairs.values()];
}

const made = new Map<string, RunResult>();

/**
 * An n-host pre-mode run: 3 managers, the rest workers, 4 swarm ports, path MTU on every pair.
 * Made once per size and options (a 200-host run is 160,000 probes): callers must not change it.
 */
export function syntheticResult(n: number, options: SyntheticOptions = {}): RunResult {
  const key = JSON.stringify([n, options]);
  const cached = made.get(key) ?? makeSynthetic(n, options);
  made.set(key, cached);
  return cached;
}

function makeSynthetic(n: number, options: SyntheticOptions): RunResult {
  const faults = options.faults !== false;
  const f = faultHosts(Math.max(n, 12));
  const ids = Array.from({ length: n }, (_, i) => hostId(i));
  const index = new Map(ids.map((id, i) => [id, i]));
  const firewall = (id: string) => FIREWALLS[(index.get(id) ?? 0) % FIREWALLS.length];
  const down = faults ? f.unreachable : undefined;
  const extra = new Set(extraPairs(Math.max(n, 12), options.pairs ?? 0).map(([a, b]) => `${a}>${b}`));
  const hosts: HostResult[] = ids.map((id, i) => (id === down ? {
    id, address: address(i), role: 'worker', reachable: false, error: 'timed out after 10 s connecting to port 22', errorKind: 'timeout',
  } : {
    id, address: address(i), role: i < MANAGERS ? 'manager' : 'worker', reachable: true, error: null,
    facts: { hostname: `${id}.lab.example`, uid: 0, python: '3.11.2', dockerVersion: '27.3.1', swarmState: 'inactive', nodeAddr: address(i), firewall: firewall(id), addresses: [address(i), '127.0.0.1'], mode: 'pre' },
  }));
  const facts = { firewall, address: (id: string) => address(index.get(id) ?? 0) };
  const probes: ProbeResult[] = [];
  const findings: Finding[] = [];
  let seed = 1;
  for (const from of ids) {
    for (const to of ids) {
      if (from === to) continue;
      for (const [protocol, port] of PORTS) {
        const probe = extra.has(`${from}>${to}`) && protocol === 'udp' && port === 7946
          ? { from, to, protocol, port, status: 'fail' as const, reason: 'not-received', detail: `not received: sent 3 times within 1000 ms, ${to} never saw it (dropped)`, ms: null }
          : probeFor(from, to, protocol, port, (index.get(to) ?? 0) < MANAGERS, faults ? f : undefined, seed++);
        probe.remediation = probe.status === 'fail' && probe.reason !== 'blocked-outbound' ? remediateProbe(probe, facts) : probe.remediation;
        if (probe.remediation === undefined) delete probe.remediation;
        probes.push(probe);
      }
      if (from === down || to === down) continue;
      const dataPath = probes[probes.length - 1];
      const black = faults && from === f.mtuPair[0] && to === f.mtuPair[1];
      if (!black && dataPath.status === 'pass') {
        findings.push({ check: 'path-mtu', from, to, status: 'pass', summary: `1550-byte don't-fragment frames reach ${to} from ${from}`, evidence: PASSED_MTU });
        continue;
      }
      findings.push(evaluatePathMtu({
        from, to, full: 1550, control: 576, portBlocked: dataPath.status !== 'pass',
        tries: [{ size: 576, seen: true, error: null }, { size: 1550, seen: !black, error: null }, ...(black ? [{ size: 1400, seen: true, error: null }, { size: 1450, seen: false, error: null }] : [])],
        ...(black ? { largestSeen: 1400, smallestLost: 1450 } : {}),
      }, 4789));
    }
  }
  if (faults) {
    findings.push({ check: 'host-access', host: f.unreachable, status: 'error', summary: 'timed out after 10 s connecting to port 22', remediation: 'the host did not answer in time: check the address and any firewall between here and its sshd', evidence: { kind: 'timeout', reachable: false } });
    findings.push({ check: 'port-owner', host: hostId(2), status: 'warn', summary: `7946/tcp on ${hostId(2)} is held by consul (pid 812), not by docker`, remediation: 'swarm needs 7946/tcp for itself: stop or move consul before this host joins the swarm (see: ss -lntup | grep 7946)', evidence: { protocol: 'tcp', port: 7946, owner: { comm: 'consul', pid: 812 } } });
  }
  const result: RunResult = {
    schemaVersion: 1,
    tool: { name: 'swarm-preflight', version: '0.1.0' },
    startedAt: '2026-11-30T12:00:00.000Z',
    durationMs: 3700,
    phases: { connect: 1900, facts: 300, probes: 1200, pathMtu: 300 },
    mode: 'pre',
    options: { mode: 'auto', dataPathPort: 4789, esp: false, encryptedOverlays: [], timeoutMs: 1000, deadlineMs: 120000, concurrency: 64, sudo: false, hostKeyCheck: 'strict' },
    hosts,
    probes,
    findings,
    summary: { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 },
  };
  recount(result);
  result.causes = groupCauses(result);
  return options.idLength ? longIds(result, options.idLength) : result;
}

function probeFor(from: string, to: string, protocol: Protocol, port: number, toManager: boolean, f: ReturnType<typeof faultHosts> | undefined, seed: number): ProbeResult {
  const base = { from, to, protocol, port };
  const what = portLabel(protocol, port);
  if (port === 2377 && !toManager) return { from, to, protocol, port, status: 'skip', reason: 'not-applicable', detail: words(to).skip, ms: null };
  if (f && (from === f.unreachable || to === f.unreachable)) {
    const side = from === f.unreachable ? `from ${from}` : `on ${to}`;
    return { ...base, status: 'error', reason: 'timeout', detail: `could not test ${side}: timed out after 10 s connecting to port 22`, ms: null };
  }
  if (f && from === f.outboundBlocked) {
    return { ...base, status: 'fail', reason: 'blocked-outbound', detail: `${from} could not send ${what}: EPERM, its own firewall refuses it (output rules)`, ms: null, remediation: `on ${from}: allow outgoing ${what} to the swarm nodes in its output rules (nft list chain inet filter output; iptables -S OUTPUT)` };
  }
  const dropped = f && ((to === f.dropsTwo && protocol === 'udp') || (from === f.pair[0] && to === f.pair[1] && protocol === 'udp' && port === 4789));
  if (dropped) return { ...base, status: 'fail', reason: 'not-received', detail: `not received: sent 3 times within 1000 ms, ${to} never saw it (dropped)`, ms: null };
  if (f && to === f.rejectsOne && protocol === 'tcp' && port === 7946) {
    return { ...base, status: 'fail', reason: 'refused', detail: `refused (RST) although ${to} was listening: a REJECT rule`, ms: 0.4 };
  }
  const ms = msFor(seed);
  return protocol === 'tcp'
    ? { from, to, protocol, port, status: 'pass', reason: 'connected', detail: words(to).tcp, ms }
    : { from, to, protocol, port, status: 'pass', reason: 'received', detail: words(to).udp, ms };
}

// One string per host for the words 160,000 probes repeat, as a parsed result shares none but costs
// the same to render: building them per probe made the generator spend its time collecting garbage.
const WORDS = new Map<string, { skip: string; tcp: string; udp: string }>();

function words(to: string): { skip: string; tcp: string; udp: string } {
  let w = WORDS.get(to);
  if (!w) WORDS.set(to, w = { skip: `${to} is a worker; only managers listen on 2377/tcp`, tcp: `connected; ${to} received the nonce`, udp: `${to} received the probe` });
  return w;
}

const WORST: Exclude<Status, 'pass' | 'skip'>[] = ['fail', 'error', 'warn'];

/** The causes of the generator's faults, grouped by what the generator did, the biggest first. */
export function faultCauses(result: RunResult, pairs = 0): Cause[] {
  const f = faultHosts(result.hosts.length);
  const peers = result.hosts.length - 1;
  const shapes: { id: string; kind: Cause['kind']; hosts: string[]; summary: string; remediation: string; probe: (p: ProbeResult) => boolean; finding: (x: Finding) => boolean }[] = [
    {
      id: `outbound-blocked:${f.outboundBlocked}`, kind: 'outbound-blocked', hosts: [f.outboundBlocked],
      summary: `${f.outboundBlocked} cannot send any swarm port to its ${peers} peers: its own firewall refuses (EPERM)`,
      remediation: `on ${f.outboundBlocked}: allow outgoing 2377/tcp, 7946/tcp, 7946/udp and 4789/udp to the swarm nodes in its output rules`,
      probe: (p) => p.reason === 'blocked-outbound', finding: (x) => x.check === 'path-mtu' && x.from === f.outboundBlocked,
    },
    {
      id: `host-untested:${f.unreachable}`, kind: 'host-untested', hosts: [f.unreachable],
      summary: `${f.unreachable} could not be reached: timed out after 10 s connecting to port 22`,
      remediation: 'check the address and any firewall between here and its sshd, then run again',
      probe: (p) => p.status === 'error' && (p.from === f.unreachable || p.to === f.unreachable), finding: (x) => x.host === f.unreachable,
    },
    {
      id: `inbound-blocked:${f.dropsTwo}:7946/udp,4789/udp`, kind: 'inbound-blocked', hosts: [f.dropsTwo],
      summary: `${f.dropsTwo} drops 7946/udp and 4789/udp from all its peers`,
      remediation: `on ${f.dropsTwo} (nftables): nft insert rule inet filter input ip saddr { swarm nodes } udp dport { 7946, 4789 } accept`,
      probe: (p) => p.to === f.dropsTwo && p.reason === 'not-received', finding: (x) => x.check === 'path-mtu' && x.to === f.dropsTwo && x.status === 'error',
    },
    {
      id: `inbound-blocked:${f.rejectsOne}:7946/tcp`, kind: 'inbound-blocked', hosts: [f.rejectsOne],
      summary: `${f.rejectsOne} rejects 7946/tcp from all its peers`,
      remediation: `on ${f.rejectsOne}: allow 7946/tcp from the swarm nodes`,
      probe: (p) => p.to === f.rejectsOne && p.reason === 'refused', finding: () => false,
    },
    {
      id: `pair-blocked:${f.pair[0]}>${f.pair[1]}:4789/udp`, kind: 'pair-blocked', hosts: [f.pair[1], f.pair[0]],
      summary: `${f.pair[1]} drops 4789/udp from ${f.pair[0]} only`,
      remediation: `on ${f.pair[1]}: allow 4789/udp from ${f.pair[0]}`,
      probe: (p) => p.from === f.pair[0] && p.to === f.pair[1] && p.status === 'fail' && p.reason === 'not-received',
      finding: (x) => x.check === 'path-mtu' && x.from === f.pair[0] && x.to === f.pair[1] && x.status === 'error',
    },
    {
      id: `path-mtu:${f.mtuPair[0]}>${f.mtuPair[1]}`, kind: 'path-mtu', hosts: [f.mtuPair[1], f.mtuPair[0]],
      summary: `1550-byte overlay frames from ${f.mtuPair[0]} never reach ${f.mtuPair[1]}: a path-MTU black hole`,
      remediation: `raise the MTU of the path between ${f.mtuPair[0]} and ${f.mtuPair[1]} to at least 1550`,
      probe: () => false, finding: (x) => x.check === 'path-mtu' && x.from === f.mtuPair[0] && x.to === f.mtuPair[1] && x.status === 'fail',
    },
    {
      id: `finding:port-owner:${hostId(2)}`, kind: 'finding', hosts: [hostId(2)],
      summary: `7946/tcp on ${hostId(2)} is held by consul (pid 812), not by docker`,
      remediation: 'stop or move consul before this host joins the swarm',
      probe: () => false, finding: (x) => x.check === 'port-owner',
    },
    ...extraPairs(result.hosts.length, pairs).map(([from, to]) => ({
      id: `pair-blocked:${from}>${to}:7946/udp`, kind: 'pair-blocked' as const, hosts: [to, from],
      summary: `${to} drops 7946/udp from ${from} only`,
      remediation: `on ${to}: allow 7946/udp from ${from}`,
      probe: (p: ProbeResult) => p.from === from && p.to === to && p.status === 'fail', finding: () => false,
    })),
  ];
  const taken = { probes: new Set<number>(), findings: new Set<number>() };
  // Only what did not pass can belong to a cause: look at those alone (a few thousand of 160,000).
  const badProbes = result.probes.flatMap((p, i) => (p.status !== 'pass' && p.status !== 'skip' ? [i] : []));
  const badFindings = result.findings.flatMap((x, i) => (x.status !== 'pass' && x.status !== 'skip' ? [i] : []));
  const causes = shapes.map((s): Cause => {
    const probes = badProbes.filter((i) => !taken.probes.has(i) && s.probe(result.probes[i]));
    const findings = badFindings.filter((i) => !taken.findings.has(i) && s.finding(result.findings[i]));
    for (const i of probes) taken.probes.add(i);
    for (const i of findings) taken.findings.add(i);
    const statuses = [...probes.map((i) => result.probes[i].status), ...findings.map((i) => result.findings[i].status)];
    const ports = [...new Set(probes.map((i) => portLabel(result.probes[i].protocol, result.probes[i].port)))];
    return { id: s.id, kind: s.kind, status: WORST.find((w) => statuses.includes(w)) ?? 'warn', summary: s.summary, remediation: s.remediation, hosts: s.hosts, ports, probes, findings };
  });
  return causes.filter((c) => c.probes.length + c.findings.length > 0).sort((a, b) => b.probes.length + b.findings.length - (a.probes.length + a.findings.length));
}

/** The same result with every host id `length` characters long, everywhere it appears. */
function longIds(result: RunResult, length: number): RunResult {
  const long = (id: string) => `${id}.${'x'.repeat(Math.max(1, length - id.length - 13))}.example.com`;
  const text = JSON.stringify(result).replace(/node\d{3}/g, (id) => long(id));
  return JSON.parse(text) as RunResult;
}
