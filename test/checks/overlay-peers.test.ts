import test from 'ava';
import { evaluateOverlayPeers } from '../../checks/overlay-peers.js';
import { labView } from './swarm-view-fixture.js';

test('a node its peers do not list, and that lists none of them, breaks gossip with each: one failure per pair', (t) => {
  const findings = evaluateOverlayPeers(labView()).filter((f) => f.status === 'fail');
  t.deepEqual(findings.map((f) => `${f.from}>${f.to}`), ['n1>n3', 'n2>n3']);
  t.is(findings[0].summary, 'gossip between n1 and n3 is broken on spf-net: n1\'s peers lack n3 (198.18.0.99), n3\'s peers lack n1 (198.18.0.11)');
  t.regex(findings[0].remediation ?? '', /7946\/tcp and 7946\/udp both ways between n1 and n3/);
});

test('nodes that list each other pass, per network', (t) => {
  const view = labView((p) => {
    // As if n3 had advertised its own address and gossip had worked: every list holds all three.
    p.facts.get('n3')!.docker.nodeAddr = '198.18.0.13';
    for (const net of p.net.values()) {
      net.localOverlays = net.localOverlays?.map((o) => ({ ...o, peers: ['198.18.0.11', '198.18.0.12', '198.18.0.13'].map((ip) => ({ name: '', ip })) }));
    }
  });
  const findings = evaluateOverlayPeers(view);
  t.true(findings.every((f) => f.status === 'pass'));
  t.true(findings.some((f) => f.summary === 'every node with spf-net attached (n1, n2, n3) lists the others among its peers'));
});

test('a network attached on one node only has nobody to gossip with: nothing to say', (t) => {
  const view = labView((p) => {
    for (const id of ['n2', 'n3']) p.net.get(id)!.localOverlays = [];
  });
  t.deepEqual(evaluateOverlayPeers(view).filter((f) => f.status !== 'pass'), []);
});
