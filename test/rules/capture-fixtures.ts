// Regenerates test/fixtures/rules/ from the lab: the rulesets of hosts with a default-deny input
// firewall of each kind, and of a host with the lab's fault table. Run as root, under the lab lock:
//   flock /tmp/spf-lab.lock node dist/test/rules/capture-fixtures.js
import { writeFileSync } from 'node:fs';
import { Lab, UFW_PATHS } from '../lab/lab.js';
import { denyInput, hostOk } from '../e2e/rules-firewalls.js';

const dir = new URL('../../../test/fixtures/rules/', import.meta.url);
const lab = await Lab.up({ hosts: 4, privatePaths: UFW_PATHS });
try {
  await denyInput(lab, 'n1', 'nftables');
  await denyInput(lab, 'n2', 'iptables');
  await denyInput(lab, 'n3', 'ufw');
  await lab.drop('n4', { proto: 'udp', port: 4789, direction: 'in' });
  const names = { n1: 'nft-default-deny', n2: 'iptables-default-deny', n3: 'ufw-default-deny', n4: 'lab-fault' };
  for (const [id, name] of Object.entries(names)) {
    writeFileSync(new URL(`${name}.nft.json`, dir), await hostOk(lab, id, 'nft -j list ruleset'));
    writeFileSync(new URL(`${name}.iptables-save`, dir), (await hostOk(lab, id, 'iptables-save')).replace(/^# (Generated|Completed) .*\n/gm, ''));
  }
  writeFileSync(new URL('ufw-status.txt', dir), await hostOk(lab, 'n3', 'ufw status'));
} finally {
  await lab.teardown();
}
