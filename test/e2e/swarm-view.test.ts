// The swarm's view of itself against a real swarm in the lab whose n3 joined advertising 198.18.0.99,
// an address it does not have and nothing answers: the managers list it Ready at 198.18.0.13 while
// its peers gossip to 198.18.0.99. The answer is that address, not six firewall fixes.
import type { Finding } from '../../src/model.js';
import { labSuite } from './lab-suite.js';
import { cells, labArgs, runCli } from './cli.js';

const { labTest } = labSuite({ hosts: 3, docker: true, managers: 1, swarmAddresses: { n3: { advertise: '198.18.0.99' } } });

const FIREWALL_ADVICE = /iptables|ip6tables|nft (insert|add)|ufw |firewall-cmd|security group|network ACL/;

labTest('a node advertising an address it does not have is one cause naming the address and the re-join, with no firewall advice anywhere', async (t) => {
  const { lab } = t.context;
  const run = await runCli(labArgs(lab, ['--timeout', '1', '--format', 'json']));
  t.is(run.code, 1, run.stderr);
  const r = run.json!;
  t.deepEqual(cells(r, 'fail'), ['n1>n3 4789/udp', 'n1>n3 7946/tcp', 'n1>n3 7946/udp', 'n2>n3 4789/udp', 'n2>n3 7946/tcp', 'n2>n3 7946/udp']);
  const causes = r.causes ?? [];
  t.log(causes.map((c) => `${c.kind} ${c.status}: ${c.summary}\n  fix: ${c.remediation}`).join('\n'));
  const failing = causes.filter((c) => c.status === 'fail');
  t.is(failing.length, 1);
  const [cause] = failing;
  t.is(cause.kind, 'swarm-address');
  t.deepEqual(cause.hosts, ['n3']);
  t.regex(cause.summary, /^n3 advertises 198\.18\.0\.99 .*an address n3 does not have: its peers cannot reach it there \(all 6 probes to 198\.18\.0\.99 failed\), while n3 is at 198\.18\.0\.13/);
  t.regex(cause.remediation, /on n3: docker swarm leave, then docker swarm join --advertise-addr 198\.18\.0\.13 --data-path-addr 198\.18\.0\.13 --token TOKEN 198\.18\.0\.11:2377/);
  // Every failed probe, and the gossip and path-MTU findings of its pairs, belong to that one cause.
  t.deepEqual(cause.probes, r.probes.flatMap((p, i) => (p.status === 'fail' ? [i] : [])));
  const own = (f: Finding) => cause.findings.includes(r.findings.indexOf(f));
  t.true(r.findings.filter((f) => f.check === 'overlay-peers' && f.status === 'fail').every(own));
  t.true(r.findings.filter((f) => f.check === 'overlay-peers' && f.status === 'fail').length >= 2, 'n1-n3 and n2-n3 gossip broken');
  // Read in every node's overlay sandboxes: one data-path port everywhere.
  t.like(r.findings.find((f) => f.check === 'data-path-port'), { status: 'pass' });
  for (const c of causes) t.notRegex(c.remediation, FIREWALL_ADVICE, c.summary);
  for (const p of r.probes) t.notRegex(p.remediation ?? '', FIREWALL_ADVICE, `${p.from}>${p.to}`);
  // The terminal report says the same, and nothing about a firewall.
  const table = await runCli(labArgs(lab, ['--timeout', '1']));
  t.is(table.code, 1);
  t.regex(table.stdout, /n3 advertises 198\.18\.0\.99/);
  t.notRegex(table.stdout, FIREWALL_ADVICE);
  t.deepEqual(await lab.leftovers(), []);
});

labTest('a swarm member missing from the inventory is a warning naming it', async (t) => {
  const { lab } = t.context;
  const args = labArgs(lab, ['--timeout', '1', '--format', 'json']);
  args[args.indexOf('-i') + 1] = lab.writeInventory('yaml', { omit: ['n3'] });
  const run = await runCli(args);
  const r = run.json!;
  t.deepEqual(r.hosts.map((h) => h.id), ['n1', 'n2']);
  const missing = r.findings.filter((f) => f.check === 'swarm-members' && /not in the inventory/.test(f.summary));
  t.is(missing.length, 1);
  t.is(missing[0].status, 'warn');
  t.regex(missing[0].summary, /n3 \(198\.18\.0\.13, worker\)/);
  t.true((r.causes ?? []).some((c) => c.findings.includes(r.findings.indexOf(missing[0])) && /n3/.test(c.summary)));
  t.deepEqual(await lab.leftovers(), []);
});
