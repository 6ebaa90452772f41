// 1,500 hosts nobody can reach, run with a heap of 160 MB: an untested host costs one entry, not the
// thousands of probes it would have had, so the run writes its report where it used to run out of
// heap (2.8 GB with every unsent probe held). Memory is the bound under test; the time is the bench's.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unpackResult } from '../../src/report/result-codec.js';
import { tempDir } from '../ssh/helpers/ssh-server.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const HOSTS = 1500;

test('1,500 unreachable hosts are reported within a 160 MB heap, each one entry with its probes counted', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  // Nothing listens on port 1 of the loopback addresses (each host its own): every connection is refused at once.
  const lines = ['[managers]', ...Array.from({ length: HOSTS }, (_, i) => `${i === 3 ? '[workers]\n' : ''}h${i} ansible_host=127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)} ansible_port=1`)];
  writeFileSync(join(dir, 'inventory.ini'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'known_hosts'), '');
  const out = join(dir, 'result.json');
  const r = spawnSync(process.execPath, ['--max-old-space-size=160', CLI, 'check', '-i', join(dir, 'inventory.ini'), '--max-hosts', String(HOSTS),
    '--known-hosts', join(dir, 'known_hosts'), '--timeout', '2', '--format', 'json', '-o', out, '-q'], { encoding: 'utf8', timeout: 120_000 });
  t.is(r.status, 3, r.stderr);
  const result = unpackResult(JSON.parse(readFileSync(out, 'utf8')));
  t.is(result.untested?.length, HOSTS);
  t.deepEqual(result.probes, []);
  // Every planned probe is counted once: 4 ports for each ordered pair, 2377/tcp n/a towards the
  // workers; the summary also counts each host's access finding.
  const pairs = HOSTS * (HOSTS - 1);
  const access = result.findings.filter((f) => f.check === 'host-access' && f.status === 'error').length;
  t.is(access, HOSTS);
  t.is(result.summary.error + result.summary.skip - access, 4 * pairs);
  t.is(result.summary.skip, (HOSTS - 3) * (HOSTS - 1));
  t.is(result.causes?.length, HOSTS);
  t.true(result.causes?.every((c) => c.kind === 'host-untested' && (c.untested ?? 0) > 0));
});
