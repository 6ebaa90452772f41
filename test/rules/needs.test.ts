import test from 'ava';
import { PreflightError } from '../../src/errors.js';
import { mergeOpenings, swarmNeeds } from '../../src/rules/needs.js';
import { INVENTORY } from './inventory.js';


test('managers get 2377/tcp, every node 7946/tcp, 7946/udp and the data-path port from every other node', (t) => {
  const [m1, w1] = swarmNeeds({ hosts: INVENTORY, dataPathPort: 4789, esp: false });
  t.deepEqual(m1.allows, [
    { direction: 'in', protocol: 'tcp', ports: [2377, 7946], peers: ['10.0.0.21', '10.0.0.22'] },
    { direction: 'in', protocol: 'udp', ports: [7946, 4789], peers: ['10.0.0.21', '10.0.0.22'] },
  ]);
  t.deepEqual(w1.allows, [
    { direction: 'in', protocol: 'tcp', ports: [7946], peers: ['10.0.0.11', '10.0.0.22'] },
    { direction: 'in', protocol: 'udp', ports: [7946, 4789], peers: ['10.0.0.11', '10.0.0.22'] },
  ]);
});

test('ESP and a custom data-path port are in the list when asked for; a range replaces the peers', (t) => {
  const [, w1] = swarmNeeds({ hosts: INVENTORY, dataPathPort: 4790, esp: true, sourceCidr: '10.0.0.99/24' });
  t.deepEqual(w1.allows, [
    { direction: 'in', protocol: 'tcp', ports: [7946], peers: ['10.0.0.0/24'] },
    { direction: 'in', protocol: 'udp', ports: [7946, 4790], peers: ['10.0.0.0/24'] },
    { direction: 'in', protocol: 'esp', ports: [], peers: ['10.0.0.0/24'] },
  ]);
});

test('a host of unknown role may become a manager, so it gets 2377/tcp', (t) => {
  const needs = swarmNeeds({ hosts: [{ id: 'a', address: '10.0.0.1', role: 'unknown' }, { id: 'b', address: '10.0.0.2', role: 'unknown' }], dataPathPort: 4789, esp: false });
  t.deepEqual(needs[0].allows[0].ports, [2377, 7946]);
});

test('only plain IPv4 reaches a rule: a name or anything else is a usage error naming the host', (t) => {
  for (const address of ['db1.example.com', '10.0.0.1; reboot', ' 10.0.0.1', '010.0.0.1']) {
    const error = t.throws(() => swarmNeeds({ hosts: [{ id: 'x', address, role: 'worker' }], dataPathPort: 4789, esp: false }), { instanceOf: PreflightError });
    t.is(error?.kind, 'usage');
    t.regex(error?.message ?? '', /^x: its address/);
  }
  t.throws(() => swarmNeeds({ hosts: INVENTORY, dataPathPort: 4789, esp: false, sourceCidr: '10.0.0.0/33' }), { message: /--source-cidr/ });
});

test('openings merge into one rule per protocol only where the peers are the same', (t) => {
  t.deepEqual(mergeOpenings([
    { direction: 'in', protocol: 'udp', port: 4789, peer: '10.0.0.1' },
    { direction: 'in', protocol: 'udp', port: 7946, peer: '10.0.0.1' },
    { direction: 'in', protocol: 'udp', port: 7946, peer: '10.0.0.2' },
    { direction: 'out', protocol: 'udp', port: 4789, peer: '10.0.0.3' },
  ]), [
    { direction: 'in', protocol: 'udp', ports: [4789], peers: ['10.0.0.1'] },
    { direction: 'in', protocol: 'udp', ports: [7946], peers: ['10.0.0.1', '10.0.0.2'] },
    { direction: 'out', protocol: 'udp', ports: [4789], peers: ['10.0.0.3'] },
  ]);
});
