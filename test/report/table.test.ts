import test from 'ava';
import { renderTable } from '../../src/report/table.js';
import { makeResult } from './results.js';

test('an all-pass run shows one row and one column per host and a PASS verdict', (t) => {
  const text = renderTable(makeResult(3), { color: false });
  const rows = text.split('\n').filter((l) => /^│ n\d/.test(l));
  t.is(rows.length, 3);
  t.regex(text, /ports in each cell: 2377\/tcp 7946\/tcp 7946\/udp 4789\/udp/);
  t.regex(text, /^PASS: probes 20 pass, 0 fail, 0 untested, 4 n\/a · findings 0 fail, 0 warn · 3 hosts/m);
  t.notRegex(text, /Failures/);
});

test('a failing cell shows its mark in the right row and column, and the failure once with its fix', (t) => {
  const result = makeResult(3, (from, to, proto, port) => (from === 'n2' && to === 'n3' && proto === 'udp' && port === 7946 ? 'fail' : 'pass'));
  const text = renderTable(result, { color: false });
  const n2 = text.split('\n').find((l) => l.startsWith('│ n2'))!;
  // Columns: the row name, then n1, n2 (itself, empty) and n3.
  const cellsOfN2 = n2.split('│').slice(1, -1).map((c) => c.trim());
  t.deepEqual(cellsOfN2, ['n2', '✓ ✓ ✓ ✓', '', '- ✓ ✗ ✓']);
  t.is(text.match(/n2 -> n3 {2}7946\/udp/g)?.length, 1);
  t.regex(text, /fix: on n3: iptables/);
  t.regex(text, /^FAIL: /m);
});

test('colours appear only when asked for', (t) => {
  const result = makeResult(2);
  t.regex(renderTable(result, { color: true }), /\u001b\[32m✓/);
  t.notRegex(renderTable(result, { color: false }), /\u001b\[/);
});

test('an unreachable host is marked in the header and its errors are summarised once per reason', (t) => {
  const result = makeResult(3, (from, to) => (from === 'n3' || to === 'n3' ? 'error' : 'pass'));
  result.hosts[2] = { ...result.hosts[2], reachable: false, error: 'timed out' };
  for (const p of result.probes) if (p.status === 'error') p.detail = 'could not test on n3: timed out';
  const text = renderTable(result, { color: false });
  t.regex(text, /n3 \(!\)/);
  t.regex(text, /Not tested/);
  t.regex(text, /^INCOMPLETE: /m);
});
