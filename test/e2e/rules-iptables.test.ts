// `rules` on three hosts whose iptables INPUT policy is DROP (SSH accepted): the generated scripts put
// a chain of their own ahead of the DROP; the check passes; running the same script again changes
// nothing.
import { labSuite } from './lab-suite.js';
import { denyInput, hostOk } from './rules-firewalls.js';
import { applyFile, check, rulesFiles } from './rules-apply.js';

const { labTest } = labSuite({ hosts: 3, managers: 1 });

labTest('the iptables rules open a default-deny swarm, and the same script applied twice changes nothing', async (t) => {
  const { lab } = t.context;
  await Promise.all(lab.hosts.map((h) => denyInput(lab, h.id, 'iptables')));
  const before = await check(lab);
  t.is(before.code, 1, before.stderr);

  // Without --firewall: each host's own firewall, as the check detects it.
  const files = await rulesFiles(t, lab);
  t.deepEqual([...files.keys()].sort(), ['n1.iptables.sh', 'n2.iptables.sh', 'n3.iptables.sh']);
  await Promise.all(lab.hosts.map((h) => applyFile(lab, h.id, `${h.id}.iptables.sh`, files.get(`${h.id}.iptables.sh`) as string)));
  const after = await check(lab);
  t.is(after.code, 0, after.stderr);

  const save = async (id: string) => (await hostOk(lab, id, 'iptables-save')).replace(/^#.*\n/gm, '').replace(/\[\d+:\d+\]/g, '');
  const applied = await Promise.all(lab.hosts.map((h) => save(h.id)));
  t.regex(applied[0], /^-A INPUT -j SWARM-PREFLIGHT-IN\n-A INPUT -m conntrack/m, 'the jump comes first, ahead of the host\'s rules');
  await Promise.all(lab.hosts.map((h) => applyFile(lab, h.id, `${h.id}.iptables.sh`, files.get(`${h.id}.iptables.sh`) as string)));
  t.deepEqual(await Promise.all(lab.hosts.map((h) => save(h.id))), applied);
  t.deepEqual(await lab.leftovers(), []);
});
