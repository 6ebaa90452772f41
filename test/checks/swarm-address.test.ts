import test from 'ava';
import { evaluateSwarmAddress } from '../../checks/swarm-address.js';
import { type labFacts, labProbes, labView } from './swarm-view-fixture.js';

test('a node advertising an address it does not have, which its peers cannot reach, is a failure naming the address and the re-join', (t) => {
  const findings = evaluateSwarmAddress(labView(), labProbes());
  t.is(findings.length, 1);
  const [f] = findings;
  t.like(f, { check: 'swarm-address', host: 'n3', status: 'fail' });
  t.is(f.summary, 'n3 advertises 198.18.0.99 (also its data-path address) to the swarm, an address n3 does not have: its peers cannot reach it there (all 6 probes to 198.18.0.99 failed), while n3 is at 198.18.0.13 (where the managers see it)');
  t.regex(f.remediation ?? '', /^on n3: docker swarm leave, then docker swarm join --advertise-addr 198\.18\.0\.13 --data-path-addr 198\.18\.0\.13 --token TOKEN 198\.18\.0\.11:2377 \(docker swarm join-token -q worker on n1 prints it\)/);
  t.notRegex(f.remediation ?? '', /iptables|nft |ufw|firewall-cmd/);
  t.deepEqual(f.explains, [{ to: 'n3' }]);
  t.like(f.evidence, { advertiseAddr: '198.18.0.99', managersSeeItAt: '198.18.0.13', probesTowards: 6, failedTowards: 6 });
});

test('the same address reached by its peers (a NAT or elastic address) passes', (t) => {
  const probes = labProbes().map((p) => (p.to === 'n3' && p.status === 'fail' ? { ...p, status: 'pass' as const, reason: 'received' } : p));
  const [f] = evaluateSwarmAddress(labView(), probes);
  t.like(f, { host: 'n3', status: 'pass' });
  t.is(f.explains, undefined);
});

test('one probe through is not "cannot reach": nothing is claimed', (t) => {
  let first = true;
  const probes = labProbes().map((p) => {
    if (p.to !== 'n3' || p.status !== 'fail' || !first) return p;
    first = false;
    return { ...p, status: 'pass' as const };
  });
  t.true(evaluateSwarmAddress(labView(), probes).every((f) => f.status === 'pass' && !f.explains));
});

test('untested towards it: a warning that says so, claiming nothing', (t) => {
  const [f] = evaluateSwarmAddress(labView(), labProbes().filter((p) => p.to !== 'n3'));
  t.like(f, { host: 'n3', status: 'warn' });
  t.regex(f.summary, /was not tested/);
  t.is(f.explains, undefined);
});

/** n3 as if it had joined with its own address: advertise and data-path address 198.18.0.13. */
const ownAddress = (p: ReturnType<typeof labFacts>) => {
  const n3 = p.facts.get('n3')!;
  n3.docker = { ...n3.docker, nodeAddr: '198.18.0.13' };
  const net = p.net.get('n3')!;
  net.localOverlays = net.localOverlays?.map((o) => ({ ...o, tasks: o.tasks.map((task) => ({ ...task, hostIp: '198.18.0.13' })) }));
};

test('a node whose own address is advertised gives nothing, whatever the probes say', (t) => {
  const view = labView(ownAddress);
  // Probes to n3 at its own address fail: that is a firewall's business, not this check's.
  t.deepEqual(evaluateSwarmAddress(view, labProbes()), []);
});

test('an advertise address on the host, but not where the managers see it, which nobody reaches, is claimed too', (t) => {
  const view = labView((p) => {
    const net = p.net.get('n3')!;
    net.interfaces = net.interfaces.map((i) => (i.name === 'eth0' ? { ...i, addresses: [...i.addresses, { family: 'inet' as const, address: '198.18.0.99', prefix: 32, cidr: '198.18.0.99/32' }] } : i));
  });
  const [f] = evaluateSwarmAddress(view, labProbes());
  t.like(f, { host: 'n3', status: 'fail' });
  t.regex(f.summary, /while the managers see it at 198\.18\.0\.13/);
  t.deepEqual(f.explains, [{ to: 'n3' }]);
});

test('peers probed at an inventory override (swarm_address) do not speak for the advertise address', (t) => {
  const view = labView();
  view.hosts[2].probeAddress = '198.18.0.13';
  const [f] = evaluateSwarmAddress(view, labProbes());
  t.is(f.status, 'warn');
});

test('a data-path address the host does not have is its own failure, with --data-path-addr', (t) => {
  const view = labView((p) => {
    const n3 = p.facts.get('n3')!;
    n3.docker = { ...n3.docker, nodeAddr: '198.18.0.13' };
  });
  const [f] = evaluateSwarmAddress(view, labProbes());
  t.like(f, { host: 'n3', status: 'fail' });
  t.regex(f.summary, /data-path address is 198\.18\.0\.99, an address it does not have/);
  t.regex(f.remediation ?? '', /--advertise-addr 198\.18\.0\.13 --data-path-addr 198\.18\.0\.13/);
  t.is(f.explains, undefined);
});

test('a manager is demoted before it re-joins', (t) => {
  const view = labView((p) => {
    const n3 = p.facts.get('n3')!;
    n3.docker = { ...n3.docker, isManager: true };
  });
  const [f] = evaluateSwarmAddress(view, labProbes());
  t.regex(f.remediation ?? '', /^demote it first \(docker node demote n3, on another manager\), then on n3: docker swarm leave --force, .*join-token -q manager/);
});

test('an inventory that names the host by DNS name still gets an IP in the fix: where the managers see it', (t) => {
  const view = labView();
  view.hosts[2].inventoryAddress = 'n3.lab.example';
  const [f] = evaluateSwarmAddress(view, labProbes());
  t.regex(f.remediation ?? '', /--advertise-addr 198\.18\.0\.13 /);
});
