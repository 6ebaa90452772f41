// The canary on a 10-node swarm with one node dropping the data-path port: what operators run it for.
// It must stay quick (one long wait for the failing pairs, not one per slot), fail exactly the pairs
// into that node, and leave no container or network of its own on any node.
import type { Finding } from '../../src/model.js';
import { labSuite } from './lab-suite.js';
import { labArgs, runCli } from './cli.js';

const { labTest } = labSuite({ hosts: 10, docker: true, managers: 3 });

const pairs = (fs: Finding[]) => fs.map((f) => `${f.from}>${f.to}`).sort();

labTest('with 4789/udp dropped into one of 10 nodes the canary fails exactly the pairs into it, within 25 s, and leaves nothing behind', async (t) => {
  const { lab } = t.context;
  await lab.drop('n7', { proto: 'udp', port: 4789, direction: 'in' });
  const started = Date.now();
  const run = await runCli(labArgs(lab, ['--timeout', '2', '--format', 'json', '--canary', '--canary-image', 'spf-busybox:lab']));
  const seconds = (Date.now() - started) / 1000;
  t.is(run.code, 1, run.stderr);
  const canary = run.json!.findings.filter((f) => f.check === 'canary');
  t.log(`canary run: ${seconds.toFixed(1)} s; canary steps ${JSON.stringify((canary[0]?.evidence as { timings?: unknown })?.timings)}; ${run.stderr.split('\n').slice(-3).join(' | ')}`);
  t.log(run.json!.findings.filter((f) => f.status !== 'pass').slice(0, 5).map((f) => `${f.check} ${f.status}: ${f.summary}`).join('\n'));
  const into = lab.hosts.filter((h) => h.id !== 'n7').map((h) => `${h.id}>n7`).sort();
  t.deepEqual(pairs(canary.filter((f) => f.status === 'fail')), into);
  t.true(canary.filter((f) => f.status === 'fail').every((f) => /no echo request from n\d+ reached n7's container/.test(f.summary)));
  // Out of n7 the requests arrive (counted at each target); only the replies into n7 are lost.
  const out = canary.filter((f) => f.from === 'n7');
  t.is(out.length, 9);
  t.true(out.every((f) => f.status === 'pass' && /replies back into n7 are lost/.test(f.summary)), out.map((f) => f.summary).join('\n'));
  t.is(canary.filter((f) => f.status === 'pass').length, 90 - 9);
  t.false(canary.some((f) => f.status === 'warn'), 'cleanup left nothing');
  t.true(seconds <= 25, `${seconds.toFixed(1)} s`);
  // Asked of every node's dockerd right after the run: no canary container or network anywhere.
  t.deepEqual(await lab.leftovers(), []);
});
