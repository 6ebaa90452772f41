// `check --fix-out DIR` on a lab where two hosts block one port each: the files it writes, applied as
// they are, make the next check pass; nothing else is written.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labSuite } from './lab-suite.js';
import { labArgs, runCli } from './cli.js';
import { applyFile, check } from './rules-apply.js';

const { labTest } = labSuite({ hosts: 3, managers: 1 });

labTest('the files of --fix-out open exactly the failing cells, and the next check passes', async (t) => {
  const { lab } = t.context;
  await lab.drop('n2', { proto: 'udp', port: 4789, direction: 'in' });
  await lab.reject('n3', { proto: 'tcp', port: 7946, direction: 'in', peer: 'n1' });
  const dir = mkdtempSync(join(tmpdir(), 'spf-fix-'));
  try {
    const run = await runCli(labArgs(lab, ['--format', 'json', '--timeout', '2', '--fix-out', dir]));
    t.is(run.code, 1, run.stderr);
    t.regex(run.stderr, /fixes for 2 hosts written to/);
    t.deepEqual(readdirSync(dir).sort(), ['README.txt', 'n2.nft', 'n3.nft']);
    const n2 = readFileSync(join(dir, 'n2.nft'), 'utf8');
    const n3 = readFileSync(join(dir, 'n3.nft'), 'utf8');
    // Only what failed: 4789/udp into n2 from both peers, 7946/tcp into n3 from n1 alone, each ahead
    // of the drop in the table that holds it.
    t.regex(n2, /^add rule inet spf_fault swarm_preflight_in ip saddr \{ 198\.18\.0\.11, 198\.18\.0\.13 \} udp dport 4789 accept/m);
    t.regex(n3, /^add rule inet spf_fault swarm_preflight_in ip saddr 198\.18\.0\.11 tcp dport 7946 accept/m);
    t.is(n3.match(/^add rule/gm)?.length, 1);
    t.regex(n3, /^insert rule inet spf_fault input jump swarm_preflight_in/m);
    await applyFile(lab, 'n2', 'n2.nft', n2);
    await applyFile(lab, 'n3', 'n3.nft', n3);
    const after = await check(lab);
    t.is(after.code, 0, after.stderr);
    t.deepEqual(await lab.leftovers(), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
