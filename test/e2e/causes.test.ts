// Causes on a real 40-host lab with four faulty hosts of different kinds: each fault is one cause that
// names its host, the sender whose own firewall refuses is a fail, and the reports fit their media.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '../../src/model.js';
import { type PackedResult, unpackResult } from '../../src/report/result-codec.js';
import { labSuite } from './lab-suite.js';
import { cells, runCli } from './cli.js';

const { labTest } = labSuite({ hosts: 40, managers: 1 });

labTest('four faulty hosts of four kinds are exactly four causes, each naming its host, and the reports fit a screen and a ticket', async (t) => {
  const { lab } = t.context;
  await lab.drop('n7', { proto: 'udp', port: 7946, direction: 'in' });
  await lab.drop('n7', { proto: 'udp', port: 4789, direction: 'in' });
  await lab.reject('n12', { proto: 'tcp', port: 7946, direction: 'in' });
  await lab.drop('n20', { proto: 'udp', port: 4789, direction: 'out' });
  await lab.drop('n31', { proto: 'tcp', port: 7946, direction: 'in', peer: 'n30' });
  const dir = mkdtempSync(join(tmpdir(), 'spf-causes-'));
  try {
    const file = join(dir, 'result.json');
    // A generous login timeout: 40 logins at once on two cores must not turn into untested hosts.
    const run = await runCli(['check', '-i', lab.writeInventory(), '--identity', lab.sshKeyPath, '--known-hosts', lab.knownHostsPath,
      '--connect-timeout', '20', '--timeout', '3', '--format', 'json', '-o', file]);
    t.is(run.code, 1, run.stderr);
    const result = unpackResult(JSON.parse(readFileSync(file, 'utf8')) as PackedResult);
    const causes = result.causes ?? [];
    t.log(causes.map((c) => `${c.id}: ${c.summary}`).join('\n'));
    t.deepEqual(causes.map((c) => [c.kind, c.hosts[0]]).sort(), [
      ['inbound-blocked', 'n12'], ['inbound-blocked', 'n7'], ['outbound-blocked', 'n20'], ['pair-blocked', 'n31'],
    ].sort());
    // n20's 4789/udp never left n20, so n7 was tested on it by the other 38 peers only.
    // Each names the rule in the host's own ruleset that does it (the lab's fault table, rules without counters).
    t.regex(causes.find((c) => c.hosts[0] === 'n7')!.summary, /^n7 drops 7946\/udp from all 39 peers and 4789\/udp from all 38 tested peers: dropped by n7's rule in nft inet spf_fault input \(handle \d+\): udp dport 7946 drop \(found by evaluating its rules\); and by n7's rule in nft inet spf_fault input \(handle \d+\): udp dport 4789 drop/);
    t.regex(causes.find((c) => c.hosts[0] === 'n12')!.summary, /^n12 rejects 7946\/tcp from all 39 peers: dropped by n12's rule in nft inet spf_fault input \(handle \d+\): tcp dport 7946 reject with tcp reset/);
    t.regex(causes.find((c) => c.hosts[0] === 'n20')!.summary, /^n20's own firewall refuses to send 4789\/udp to all 39 peers \(EPERM on n20\): dropped by n20's rule in nft inet spf_fault output/);
    t.regex(causes.find((c) => c.hosts[0] === 'n31')!.summary, /^n31 drops 7946\/tcp from n30: dropped by n31's rule in nft inet spf_fault input \(handle \d+\): ip saddr 198\.18\.0\.40 tcp dport 7946 drop/);
    // The sender's own refusal is conclusive: every one of its 4789/udp cells fails, none is an error.
    const fromN20 = result.probes.filter((p) => p.from === 'n20' && p.port === 4789);
    t.is(fromN20.length, 39);
    t.true(fromN20.every((p) => p.status === 'fail' && p.reason === 'blocked-outbound'));
    t.deepEqual(cells(result, 'error'), []);
    // Every failing probe and every non-passing finding (path MTU not measurable where the port is
    // blocked) belongs to exactly one cause.
    t.deepEqual(causes.flatMap((c) => c.probes).sort((a, b) => a - b), result.probes.flatMap((p, i) => (p.status === 'fail' ? [i] : [])));
    t.deepEqual(causes.flatMap((c) => c.findings).sort((a, b) => a - b), result.findings.flatMap((f, i) => (f.status !== 'pass' && f.status !== 'skip' ? [i] : [])));

    const table = await runCli(['report', file]);
    const lines = table.stdout.trimEnd().split('\n');
    t.true(lines.length <= 80, `terminal report: ${lines.length} lines`);
    t.true(Math.max(...lines.map((l) => l.length)) <= 200, 'terminal report: at most 200 columns');
    t.regex(lines[0], /^FAIL/);
    const markdown = await runCli(['report', file, '--format', 'markdown']);
    t.true(markdown.stdout.length <= 60000, `markdown: ${markdown.stdout.length} characters`);
    t.true(markdown.stdout.indexOf('n7 drops') < markdown.stdout.indexOf('| '), 'markdown leads with the causes');
    t.deepEqual(await lab.leftovers(), [], 'nothing is left on any host');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
