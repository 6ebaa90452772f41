import test from 'ava';
import { diffResults } from '../../src/report/diff.js';
import { renderDiffTable } from '../../src/report/diff-table.js';
import { richPair } from './diff-fixtures.js';

const diff = () => diffResults(...richPair());

test('the terminal diff leads with the headline and the hosts added, then the lists in headline order', (t) => {
  const lines = renderDiffTable(diff(), { color: false }).split('\n');
  t.is(lines[0], '1 fixed, 2 newly broken, 1 still broken, 1 no longer tested');
  t.is(lines[1], '1 host added (n6)');
  const headings = lines.filter((l) => /^[A-Z][a-z ]+ \(\d+\):$/.test(l));
  t.deepEqual(headings, ['Fixed (1):', 'Newly broken (2):', 'Still broken (1):', 'No longer tested (1):']);
});

test('each cause shows its summary and id, broken ones their fix, fixed ones none', (t) => {
  const text = renderDiffTable(diff(), { color: false });
  const section = (title: string) => text.split(`${title} (`)[1].split('\n\n')[0];
  t.regex(section('Fixed'), /✓ n4 drops 7946\/tcp from n1 {2}\[pair-blocked:n4\+n1:7946\/tcp\]/);
  t.notRegex(section('Fixed'), /fix:/);
  t.regex(section('Newly broken'), /✗ n2 drops 7946\/tcp from all 4 tested peers {2}\[inbound-blocked:n2:7946\/tcp\]\n {6}3 passed in the old run, 1 not in the old run \(a new host, port or check\)\n {6}fix: .*7946\/tcp into n2/);
  // Failing before, untested now: the 4 into n5 on 4789/udp and n5's 2 towards n3's closed ports.
  t.regex(section('Newly broken'), /! n5 could not be tested: .*\n {6}20 passed in the old run, 6 failed in the old run, 6 not in the old run/);
  // n5 -> n3 7946/udp could not be tested again, so the port is not said to be fixed; n6 is new.
  t.regex(section('Still broken'), /n3 drops 4789\/udp from all 4 tested peers {2}\[inbound-blocked:n3:4789\/udp\]\n {6}partly fixed: 3 of 8 probes now pass; 2 no longer tested; 1 newly failing\n {6}was: n3 drops 7946\/udp and 4789\/udp from all 4 peers/);
  t.regex(section('Still broken'), /fix: /);
  t.regex(section('No longer tested'), /n5 drops 4789\/udp from all 4 peers .*\n {6}not known to be fixed: 4 of 4 could not be tested in the new run; see host-untested:n5/);
});

test('the verdict lines of both runs end the report, and colours appear only when asked', (t) => {
  const plain = renderDiffTable(diff(), { color: false });
  t.regex(plain, /\nbefore: FAIL: .* · started 2026-11-26T10:00:00\.000Z\nafter: {2}FAIL: .* · started 2026-11-26T11:00:00\.000Z\n$/);
  t.notRegex(plain, /\u001b\[/);
  t.regex(renderDiffTable(diff(), { color: true }), /\u001b\[31m✗\u001b\[39m n2 drops/);
});
