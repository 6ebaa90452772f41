import test from 'ava';
import { groupCauses } from '../../src/causes/group.js';
import type { RunResult } from '../../src/model.js';
import { buildMatrix } from '../../src/report/matrix.js';
import { matrixTable, matrixWidth, renderTable } from '../../src/report/table.js';
import { painter } from '../../src/report/color.js';
import { makeResult, recount, unreachableResult, unsentResult, withFacts } from './results.js';

const withCauses = (r: RunResult): RunResult => ({ ...r, causes: groupCauses(r) });

test('an all-pass run shows the verdict first, one row and one column per host, and no causes', (t) => {
  const text = renderTable(withCauses(makeResult(3)), { color: false });
  const rows = text.split('\n').filter((l) => /^│ n\d/.test(l));
  t.is(rows.length, 3);
  t.regex(text.split('\n')[0], /^PASS: /);
  t.regex(text, /ports in each cell: 2377\/tcp 7946\/tcp 7946\/udp 4789\/udp/);
  t.regex(text, /^PASS: probes 20 pass, 0 fail, 0 untested, 4 n\/a · findings 0 fail, 0 warn · 3 hosts/m);
  t.notRegex(text, /Fix first/);
});

test('a failing cell shows its mark in the right row and column, and its cause once with the fix, before the matrix', (t) => {
  const result = makeResult(3, (from, to, proto, port) => (from === 'n2' && to === 'n3' && proto === 'udp' && port === 7946 ? 'fail' : 'pass'));
  const text = renderTable(withCauses(result), { color: false });
  const n2 = text.split('\n').find((l) => l.startsWith('│ n2'))!;
  // Columns: the row name, then n1, n2 (itself, empty) and n3.
  const cellsOfN2 = n2.split('│').slice(1, -1).map((c) => c.trim());
  t.deepEqual(cellsOfN2, ['n2', '✓ ✓ ✓ ✓', '', '- ✓ ✗ ✓']);
  t.regex(text, /Fix first \(1 cause\):\n {2}1\. {2}✗ n3 blocks 7946\/udp from n2 \[1 probe\]/);
  t.regex(text, /fix: on n3 \(its firewall could not be read\): iptables -I INPUT -p udp -s 198\.18\.0\.12 --dport 7946 -j ACCEPT;/);
  t.is(text.match(/n2 -> n3 7946\/udp/g)?.length, 1);
  t.true(text.indexOf('Fix first') < text.indexOf('ports in each cell'));
  t.regex(text, /^FAIL: /);
});

test('colours appear only when asked for', (t) => {
  const result = withCauses(makeResult(2));
  t.regex(renderTable(result, { color: true }), /\u001b\[32m✓/);
  t.notRegex(renderTable(result, { color: false }), /\u001b\[/);
});

test('an unreachable host is marked in the header and is one cause, not an error line per probe', (t) => {
  const result = makeResult(3, (from, to) => (from === 'n3' || to === 'n3' ? 'error' : 'pass'));
  result.hosts[2] = { ...result.hosts[2], reachable: false, error: 'timed out' };
  for (const p of result.probes) if (p.status === 'error') p.detail = 'could not test on n3: timed out';
  const text = renderTable(withCauses(result), { color: false });
  t.regex(text, /n3 \(!\)/);
  t.regex(text, /1\. {2}! n3 could not be tested: timed out; 13 probes to and from it untested/);
  t.regex(text, /^INCOMPLETE: /);
});

/** 50 hosts, four faulty ones as in the lab: two ports dropped into one, a reject into another, one sender's own firewall, one pair. */
function fiftyHosts(): RunResult {
  const r = withFacts(makeResult(50, (from, to, proto, port) => {
    if (to === 'n7' && proto === 'udp') return 'fail';
    if (to === 'n12' && proto === 'tcp' && port === 7946) return 'fail';
    if (from === 'n20' && proto === 'udp' && port === 4789 && to !== 'n7') return 'fail';
    if (from === 'n30' && to === 'n31' && proto === 'tcp' && port === 7946) return 'fail';
    return 'pass';
  }));
  for (const h of r.hosts) if (h.facts) h.facts.firewall = 'nftables';
  for (const p of r.probes) {
    if (p.status !== 'fail') continue;
    p.reason = p.from === 'n20' && p.port === 4789 && p.to !== 'n7' ? 'blocked-outbound' : p.to === 'n12' ? 'refused' : p.protocol === 'tcp' ? 'filtered' : 'not-received';
  }
  return withCauses(recount(r));
}

test('50 hosts with four faults fit a screen: at most 80 lines and 200 columns, a per-host summary instead of the matrix', (t) => {
  const text = renderTable(fiftyHosts(), { color: false, columns: 200 });
  const lines = text.trimEnd().split('\n');
  t.true(lines.length <= 80, `${lines.length} lines`);
  t.true(Math.max(...lines.map((l) => l.length)) <= 200);
  t.regex(text, /Fix first \(4 causes\)/);
  t.regex(text, /n7 drops 7946\/udp and 4789\/udp from all 49 peers/);
  t.regex(text, /n12 rejects 7946\/tcp from all 49 peers/);
  t.regex(text, /n20's own firewall refuses to send 4789\/udp to 48 of 49 peers/);
  t.regex(text, /n31 drops 7946\/tcp from n30/);
  t.notRegex(text, /ports in each cell/);
  t.regex(text, /the matrix is \d+ columns wide \(--matrix shows it/);
  t.regex(text, /^ {2}n7 +worker +98 +1 +0 +#1$/m);
  t.regex(text, /the other 46 hosts: no cause of their own/);
});

test('--matrix forces the full matrix; a narrow terminal wraps the fixes', (t) => {
  const result = fiftyHosts();
  t.regex(renderTable(result, { color: false, matrix: true }), /ports in each cell/);
  const narrow = renderTable(result, { color: false, columns: 80 });
  t.true(Math.max(...narrow.split('\n').map((l) => l.length)) <= 80);
});

test('a host out of the run before probing draws the same matrix and verdict as a result that lists its probes', (t) => {
  const listed = renderTable(withCauses(unreachableResult(4)), { color: false, columns: 200 });
  const unsent = renderTable(withCauses(unsentResult(4)), { color: false, columns: 200 });
  const matrixOf = (text: string) => text.split('\n').filter((l) => /^│ (n\d|from)/.test(l));
  t.true(matrixOf(unsent).length === 5);
  t.deepEqual(matrixOf(unsent), matrixOf(listed));
  t.is(unsent.split('\n')[0], listed.split('\n')[0]);
  t.regex(unsent, /n4 could not be tested: timed out after 10 s connecting to port 22; 19 probes to and from it untested \[19 probes and 1 finding\]/);
  t.regex(unsent, /seen: n4 -> its peers \(19 probes\): could not test from n4: timed out after 10 s connecting to port 22 \(\+1 more\)/);
});

test('the matrix is measured to the column without being drawn', (t) => {
  const visible = (text: string) => Math.max(...text.split('\n').map((l) => l.length));
  for (const result of [makeResult(3), unsentResult(5), withFacts(makeResult(12))]) {
    result.hosts[1].id = 'a-much-longer-host-name';
    for (const p of result.probes) for (const end of ['from', 'to'] as const) if (p[end] === 'n2') p[end] = 'a-much-longer-host-name';
    const matrix = buildMatrix(result);
    t.is(matrixWidth(matrix, result), visible(matrixTable(matrix, result, painter(false))));
  }
});

test('1,000 hosts that were all out of the run render their causes and a line instead of a million-cell table', (t) => {
  const result = makeResult(2);
  result.hosts = Array.from({ length: 1000 }, (_, i) => ({ id: `h${i}`, address: '127.0.0.1', role: i < 3 ? 'manager' : 'worker', reachable: false, error: 'connection refused', errorKind: 'unreachable' }));
  result.probes = [];
  result.options = { dataPathPort: 4789, esp: false };
  result.untested = result.hosts.map((h) => ({ host: h.id, reason: 'unreachable', fromDetail: `could not test from ${h.id}: connection refused`, toDetail: `could not test on ${h.id}: connection refused`, probes: 2999, notApplicable: 997, ports: ['2377/tcp', '7946/tcp', '7946/udp', '4789/udp'] }));
  result.summary = { pass: 0, fail: 0, warn: 0, error: 2_999_000, skip: 997_000 };
  const text = renderTable(withCauses(result), { color: false, columns: 200 });
  t.regex(text, /^INCOMPLETE: 1000 causes · probes 0 pass, 0 fail, 2999000 untested, 997000 n\/a/);
  t.regex(text, /1000 hosts: the matrix is \d+ columns wide \(--matrix shows it/);
});
