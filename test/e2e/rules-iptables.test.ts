// `rules` on three hosts whose iptables INPUT policy is DROP (SSH accepted): the generated scripts put
// a chain of their own ahead of the DROP; the check passes; running the same script again changes
// nothing.
import { labSuite } from './lab-suite.js';
import { hostOk } from './rules-firewalls.js';
import { applyAll, openDeniedLab } from './rules-apply.js';

const { labTest } = labSuite({ hosts: 3, managers: 1 });

labTest('the iptables rules open a default-deny swarm, and the same script applied twice changes nothing', async (t) => {
  const { lab } = t.context;
  // Without --firewall: each host's own firewall, as the check detects it.
  const files = await openDeniedLab(t, lab, 'iptables', 'iptables.sh');
  const save = async (id: string) => (await hostOk(lab, id, 'iptables-save')).replace(/^#.*\n/gm, '').replace(/\[\d+:\d+\]/g, '');
  const applied = await Promise.all(lab.hosts.map((h) => save(h.id)));
  t.regex(applied[0], /^-A INPUT -j SWARM-PREFLIGHT-IN\n-A INPUT -m conntrack/m, 'the jump comes first, ahead of the host\'s rules');
  await applyAll(lab, files, 'iptables.sh');
  t.deepEqual(await Promise.all(lab.hosts.map((h) => save(h.id))), applied);
  t.deepEqual(await lab.leftovers(), []);
});
