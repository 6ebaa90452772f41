import test from 'ava';
import { evaluateDataPathPort } from '../../checks/data-path-port.js';
import { parseLinks } from '../../src/facts/ip.js';
import { fixture } from '../fixtures/load.js';
import { labView } from './swarm-view-fixture.js';

/** The port of the vxlan device in a lab overlay's sandbox, as `ip -j -d link` printed it there. */
const LAB_PORT = parseLinks(fixture('lab/ip-j-d-link.vxlan.json')).find((l) => l.kind === 'vxlan')?.vxlan?.port as number;

/** Every node's vxlan devices on the lab's port; `odd` gets another. */
const withPorts = (odd?: { host: string; port: number }) => labView((p) => {
  for (const [id, net] of p.net) net.localOverlays = net.localOverlays?.map((o) => ({ ...o, vxlanPort: id === odd?.host ? odd.port : LAB_PORT }));
});

test('every node on the swarm\'s data-path port passes', (t) => {
  const findings = evaluateDataPathPort(withPorts());
  t.deepEqual(findings.map((f) => [f.status, f.summary]), [['pass', 'every node read (n1, n2, n3) uses the swarm\'s data-path port 4789/udp']]);
});

test('a node whose vxlan devices use another port fails, naming both ports', (t) => {
  const findings = evaluateDataPathPort(withPorts({ host: 'n2', port: 4790 }));
  t.is(findings.length, 1);
  t.like(findings[0], { host: 'n2', status: 'fail' });
  t.regex(findings[0].summary, /^n2's overlay VXLAN devices use 4790\/udp, the swarm's data-path port is 4789\/udp/);
});

test('without the devices read (no root) nothing is concluded', (t) => {
  t.deepEqual(evaluateDataPathPort(labView()), []);
});
