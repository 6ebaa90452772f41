// report --diff against real runs: a fault in the first run and healed in the second is exactly one
// fixed cause; the other way round it is exactly one newly broken cause.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CauseDiff } from '../../src/report/diff.js';
import { labSuite } from './lab-suite.js';
import { labArgs, runCli } from './cli.js';

const { labTest } = labSuite({ hosts: 3, managers: 1 });

labTest('a dropped port healed between two runs is the one fixed cause; in reverse the one newly broken', async (t) => {
  const { lab } = t.context;
  const broken = join(lab.stateDir, 'diff-broken.json');
  const healed = join(lab.stateDir, 'diff-healed.json');
  const check = (file: string) => runCli(labArgs(lab, ['--mode', 'pre', '--timeout', '1', '--format', 'json', '-o', file]));
  await lab.drop('n3', { proto: 'udp', port: 4789, direction: 'in' });
  const first = await check(broken);
  t.is(first.code, 1, first.stderr);
  await lab.clearFaults();
  const second = await check(healed);
  t.is(second.code, 0, second.stderr);
  const saved = JSON.parse(readFileSync(broken, 'utf8'));
  t.deepEqual(saved.causes.map((c: { id: string }) => c.id), ['inbound-blocked:n3:4789/udp'], 'the fault is one cause in the saved result');

  const forward = await runCli(['report', '--diff', broken, healed, '--format', 'json']);
  t.is(forward.code, 0, forward.stderr);
  const fixed = JSON.parse(forward.stdout) as CauseDiff;
  t.deepEqual(fixed.fixed.map((c) => c.id), ['inbound-blocked:n3:4789/udp']);
  // Its two probes, and the path-MTU findings it explains (not measurable while 4789/udp was dropped).
  t.like(fixed.fixed[0], { probes: 2, findings: saved.causes[0].findings.length });
  t.deepEqual([fixed.broken, fixed.still, fixed.untested], [[], [], []]);
  t.deepEqual(fixed.hosts, { added: [], removed: [] });
  t.regex(fixed.old.verdict, /^FAIL/);
  t.regex(fixed.new.verdict, /^PASS/);

  const reverse = await runCli(['report', '--diff', healed, broken]);
  t.is(reverse.code, 0, reverse.stderr);
  t.regex(reverse.stdout, /^0 fixed, 1 newly broken, 0 still broken\n/);
  t.regex(reverse.stdout, /Newly broken \(1\):\n {2}✗ n3 drops 4789\/udp from both peers: dropped by n3's rule in nft inet spf_fault input \(handle \d+\): udp dport 4789 drop \(found by evaluating its rules\) {2}\[inbound-blocked:n3:4789\/udp\]\n {6}passed in the old run\n {6}fix: on n3: nft insert rule inet spf_fault input position \d+ /);
  const json = JSON.parse((await runCli(['report', '--diff', healed, broken, '--format', 'json'])).stdout) as CauseDiff;
  t.deepEqual(json.broken.map((c) => c.id), ['inbound-blocked:n3:4789/udp']);
  t.deepEqual([json.fixed, json.still, json.untested], [[], [], []]);
  t.deepEqual(await lab.leftovers(), [], 'nothing is left on any host');
});
