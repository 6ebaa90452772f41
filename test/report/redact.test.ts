import test from 'ava';
import type { RunResult } from '../../src/model.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJson } from '../../src/report/json.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { redact } from '../../src/report/redact.js';
import { renderTable } from '../../src/report/table.js';
import { asUnsent, makeResult, recount, withFacts } from './results.js';
import { groupCauses } from '../../src/causes/group.js';

const NODE_ID = 'k3q9z8x7w6v5u4t3s2r1p0o9n';
const NETWORK_ID = '4f1e2d3c4b5a69788695041320a1b2c3d4e5f60718293a4b5c6d7e8f90123456';
const CONTAINER_ID = '9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b';
const CONTAINER_SHORT = CONTAINER_ID.slice(0, 12);

const IDS: Record<string, string> = { n1: 'zephyr-db', n2: 'zephyr-db-2', n3: 'quokka.corp.sentinel' };
const ADDRESSES: Record<string, string> = { n1: '203.0.113.7', n2: '203.0.113.77', n3: '2001:db8::7' };
const HOSTNAMES: Record<string, string> = { n1: 'zephyr-db.corp.sentinel', n2: 'ZEPHYRBOX2', n3: 'quokka.corp.sentinel' };
const LINK_LOCAL = 'fe80::a1b2:3cff:fe4d:5e6f';

/** Every name, address and ID in `sentinel()`: none may survive redaction. */
const ORIGINALS = [...Object.values(IDS), ...Object.values(ADDRESSES), ...Object.values(HOSTNAMES), 'quokka', LINK_LOCAL, '10.99.0.5', NODE_ID, NETWORK_ID, CONTAINER_ID, CONTAINER_SHORT];

/** Three hosts with distinctive names and addresses mentioned everywhere a real run mentions them. */
function sentinel(): RunResult {
  const result = withFacts(makeResult(3, (_from, to, proto, port) => (to === 'n2' && proto === 'udp' && port === 4789 ? 'fail' : 'pass')));
  const swap = (s: string) => s.replace(/\bn[123]\b/g, (m) => IDS[m]);
  result.hosts = result.hosts.map((h) => ({
    ...h,
    id: IDS[h.id],
    address: ADDRESSES[h.id],
    facts: { ...h.facts, hostname: HOSTNAMES[h.id], nodeAddr: ADDRESSES[h.id], addresses: [ADDRESSES[h.id], '10.99.0.5', LINK_LOCAL] },
  }));
  for (const p of result.probes) {
    p.from = swap(p.from);
    p.to = swap(p.to);
    if (p.status === 'fail') {
      p.detail = `not received from ${ADDRESSES.n1} on ${IDS.n2} (${HOSTNAMES.n2}) via ${LINK_LOCAL}: dropped`;
      p.remediation = `on ${IDS.n2}: ufw allow from ${ADDRESSES.n1} to any port 4789 proto udp; peer [${ADDRESSES.n3}]:7946`;
    }
  }
  result.findings.push({
    check: 'swarm-role', host: IDS.n3, status: 'warn',
    summary: `the inventory says worker, docker says quokka is a manager (node ${NODE_ID})`,
    remediation: `promote it (docker node promote ${NODE_ID}) or fix the inventory group of ${HOSTNAMES.n3}`,
    evidence: { nodeId: NODE_ID, networks: [NETWORK_ID], container: CONTAINER_ID, shortContainer: CONTAINER_SHORT, peers: [`${ADDRESSES.n2}:7946`, `[${ADDRESSES.n3}]:7946`] },
  });
  result.options = { ...result.options, bind: ADDRESSES.n1, seed: IDS.n3 };
  return recount(result);
}

test('no host name, address or docker ID of the original survives in any rendering of the redacted result', (t) => {
  const redacted = redact(sentinel());
  const renderings = {
    json: renderJson(redacted),
    markdown: renderMarkdown(redacted),
    html: renderHtml(redacted),
    junit: renderJunit(redacted),
    table: renderTable(redacted, { color: false }),
  };
  for (const [format, text] of Object.entries(renderings)) {
    for (const original of ORIGINALS) t.false(text.includes(original), `${format} still has ${original}`);
  }
  // The sentinels were there to begin with: the check above is not vacuous.
  const before = renderJson(sentinel());
  for (const original of ORIGINALS) t.true(before.includes(original), original);
});

test('hosts become host-N in host order, and the same original always maps to the same placeholder', (t) => {
  const r = redact(sentinel());
  t.deepEqual(r.hosts.map((h) => h.id), ['host-1', 'host-2', 'host-3']);
  t.deepEqual([...new Set(r.probes.flatMap((p) => [p.from, p.to]))].sort(), ['host-1', 'host-2', 'host-3']);
  const [a1, a2, a3] = r.hosts.map((h) => h.address);
  t.is(new Set([a1, a2, a3]).size, 3);
  for (const a of [a1, a2, a3]) t.regex(a, /^addr-\d+$/);
  t.is(r.hosts[0].facts?.nodeAddr, a1);
  t.is(r.options.bind, a1);
  // A hostname becomes its host's placeholder, whether or not it matches the id.
  t.is(r.hosts[1].facts?.hostname, 'host-2');
  t.is(r.hosts[2].facts?.hostname, 'host-3');
  t.is(r.options.seed, 'host-3');
  const linkLocal = r.hosts[0].facts?.addresses as string[];
  t.deepEqual(r.hosts.map((h) => (h.facts?.addresses as string[])[2]), [linkLocal[2], linkLocal[2], linkLocal[2]]);
  const fail = r.probes.find((p) => p.status === 'fail')!;
  t.is(fail.detail, `not received from ${a1} on host-2 (host-2) via ${linkLocal[2]}: dropped`);
  t.is(fail.remediation, `on host-2: ufw allow from ${a1} to any port 4789 proto udp; peer [${a3}]:7946`);
  const finding = r.findings.at(-1)!;
  t.is(finding.host, 'host-3');
  t.deepEqual(finding.evidence?.peers, [`${a2}:7946`, `[${a3}]:7946`]);
  t.regex(finding.summary, /^the inventory says worker, docker says host-3 is a manager \(node id-\d+\)$/);
});

test('docker IDs become id-N, and a short ID shares the placeholder of the long one it abbreviates', (t) => {
  const evidence = redact(sentinel()).findings.at(-1)!.evidence as Record<string, unknown>;
  const ids = [evidence.nodeId, (evidence.networks as string[])[0], evidence.container];
  for (const id of ids) t.regex(String(id), /^id-\d+$/);
  t.is(new Set(ids).size, 3);
  t.is(evidence.shortContainer, evidence.container);
});

test('a longer name is replaced whole, and a name inside a longer word is left alone', (t) => {
  const result = makeResult(10);
  result.probes[0].detail = 'n1 and n10, then n1. Key ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIn1 for xn1 and n1x';
  const r = redact(result);
  t.is(r.probes[0].detail, 'host-1 and host-10, then host-1. Key ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIn1 for xn1 and n1x');
  t.deepEqual(r.hosts.map((h) => h.id), Array.from({ length: 10 }, (_, i) => `host-${i + 1}`));
});

test('fixed vocabulary stays as it was even when a host is named like a role or a status', (t) => {
  const result = makeResult(3);
  const names: Record<string, string> = { n1: 'manager', n2: 'worker', n3: 'pass' };
  result.hosts = result.hosts.map((h) => ({ ...h, id: names[h.id] }));
  for (const p of result.probes) { p.from = names[p.from]; p.to = names[p.to]; }
  const r = redact(result);
  t.deepEqual(r.hosts.map((h) => [h.id, h.role]), [['host-1', 'manager'], ['host-2', 'worker'], ['host-3', 'worker']]);
  t.deepEqual(r.probes.map((p) => p.status), result.probes.map((p) => p.status));
  t.deepEqual(r.summary, result.summary);
  t.deepEqual(r.tool, result.tool);
  t.is(r.startedAt, result.startedAt);
});

test('times, versions and ports are not mistaken for addresses or IDs; a MAC address is replaced as one', (t) => {
  const result = withFacts(makeResult(2));
  const text = 'at 12:30:45 docker 27.3.1 python 3.11.2 on 7946/udp, mac 02:42:ac:11:00:02, sha256 of 12 chars? no';
  result.probes[0].detail = text;
  const r = redact(result);
  t.is(r.probes[0].detail, text.replace('02:42:ac:11:00:02', 'mac-1'));
  t.is(r.hosts[0].facts?.dockerVersion, '27.3.1');
});

test('redaction is pure: the input is left unchanged and redacting twice gives the same result', (t) => {
  const input = sentinel();
  const copy = structuredClone(input);
  const once = redact(input);
  t.deepEqual(input, copy);
  t.deepEqual(redact(input), once);
  t.not(once.hosts, input.hosts);
});

test('a host out before probing leaves no name or address in its untested entry, in any rendering', (t) => {
  const result = sentinel();
  result.hosts[2] = { ...result.hosts[2], reachable: false, error: `cannot reach ${ADDRESSES.n3}:22 (${HOSTNAMES.n3})`, errorKind: 'unreachable', facts: undefined };
  asUnsent(result, IDS.n3, `cannot reach ${ADDRESSES.n3}:22 (${HOSTNAMES.n3})`);
  result.causes = groupCauses(result);
  t.true(renderJson(result).includes(`could not test from ${IDS.n3}: cannot reach ${ADDRESSES.n3}`));
  const redacted = redact(result);
  t.is(redacted.untested?.[0].host, 'host-3');
  t.is(redacted.untested?.[0].probes, result.untested?.[0].probes);
  for (const [format, text] of Object.entries({ json: renderJson(redacted), markdown: renderMarkdown(redacted), html: renderHtml(redacted), junit: renderJunit(redacted), table: renderTable(redacted, { color: false }) })) {
    for (const original of [IDS.n3, ADDRESSES.n3, HOSTNAMES.n3, 'quokka']) t.false(text.includes(original), `${format} still has ${original}`);
  }
});
