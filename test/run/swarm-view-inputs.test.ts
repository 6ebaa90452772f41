import test from 'ava';
import { labFacts, labView } from '../checks/swarm-view-fixture.js';

test('the view takes the manager\'s node list and each host\'s own docker info, addresses and overlays', (t) => {
  const view = labView();
  t.is(view.manager?.host, 'n1');
  t.is(view.manager?.dataPathPort, 4789);
  t.deepEqual(view.manager?.nodes.map((n) => n.hostname), ['n1', 'n2', 'n3']);
  const n3 = view.hosts.find((h) => h.id === 'n3')!;
  t.like(n3, { inventoryAddress: '198.18.0.13', probeAddress: '198.18.0.99', reached: true, docker: { swarmState: 'active', nodeAddr: '198.18.0.99', isManager: false } });
  t.true(n3.addresses?.includes('198.18.0.13'));
  t.false(n3.addresses?.includes('198.18.0.99'));
  t.deepEqual(n3.overlays?.map((o) => [o.name, o.attached, o.peers, o.dataPathAddr]), [['spf-net', true, ['198.18.0.99'], '198.18.0.99']]);
  // On the manager, ingress and spf-net are both attached.
  t.deepEqual(view.hosts[0].overlays?.map((o) => [o.name, o.attached]), [['ingress', true], ['spf-net', true]]);
});

test('without a reachable manager there is no manager view; a host whose network could not be read has no addresses', (t) => {
  const view = labView((p) => {
    p.facts.delete('n1');
    p.net.set('n2', { ...p.net.get('n2')!, unreadable: 'ip: permission denied' });
  });
  t.is(view.manager, undefined);
  t.false(view.hosts[0].reached);
  t.is(view.hosts[1].addresses, undefined);
  t.is(labFacts().hosts.length, 3);
});
