// The cloud files, checked against the shapes their CLIs and APIs accept: AWS IpPermissions
// (authorize-security-group-ingress --ip-permissions), GCP compute firewall resources, Azure NSG
// securityRules. A field name or value outside those shapes fails here.
import test from 'ava';
import { type AwsPermission, awsPermissions } from '../../src/rules/aws.js';
import { azureRules } from '../../src/rules/azure.js';
import { cloudRules } from '../../src/rules/cloud-groups.js';
import { gcpFirewalls } from '../../src/rules/gcp.js';
import { renderCloud } from '../../src/rules/render.js';
import { needs } from './inventory.js';

const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;
const only = (o: object, keys: string[]) => Object.keys(o).every((k) => keys.includes(k));

function awsProblems(list: AwsPermission[]): string[] {
  const out: string[] = [];
  for (const p of list) {
    if (!only(p, ['IpProtocol', 'FromPort', 'ToPort', 'IpRanges', 'UserIdGroupPairs'])) out.push(`unknown key in ${JSON.stringify(p)}`);
    if (!['tcp', 'udp', '50'].includes(p.IpProtocol)) out.push(`IpProtocol ${p.IpProtocol}`);
    const ported = p.IpProtocol === 'tcp' || p.IpProtocol === 'udp';
    if (ported !== (Number.isInteger(p.FromPort) && Number.isInteger(p.ToPort))) out.push(`ports on ${p.IpProtocol}`);
    if (!p.IpRanges === !p.UserIdGroupPairs) out.push('exactly one of IpRanges and UserIdGroupPairs');
    for (const r of p.IpRanges ?? []) if (!only(r, ['CidrIp', 'Description']) || !CIDR.test(r.CidrIp) || r.Description.length > 255) out.push(`IpRange ${JSON.stringify(r)}`);
    for (const g of p.UserIdGroupPairs ?? []) if (!only(g, ['GroupId', 'Description']) || !/^sg-[0-9a-f]+$/.test(g.GroupId)) out.push(`group ${JSON.stringify(g)}`);
  }
  return out;
}

test('AWS: one IpPermission a port, ESP as protocol "50" without ports, every node as a /32', (t) => {
  const files = renderCloud(needs({ esp: true }), 'aws', {});
  t.deepEqual(files.map((f) => f.name), ['aws-managers.json', 'aws-nodes.json']);
  const managers = JSON.parse(files[0].text) as AwsPermission[];
  const nodes = JSON.parse(files[1].text) as AwsPermission[];
  t.deepEqual(awsProblems([...managers, ...nodes]), []);
  t.deepEqual(managers.map((p) => [p.IpProtocol, p.FromPort]), [['tcp', 2377]]);
  t.deepEqual(nodes.map((p) => [p.IpProtocol, p.FromPort ?? null]), [['tcp', 7946], ['udp', 7946], ['udp', 4789], ['50', null]]);
  t.deepEqual(nodes[0].IpRanges?.map((r) => r.CidrIp), ['10.0.0.11/32', '10.0.0.21/32', '10.0.0.22/32']);
});

test('AWS: nodes that share a security group get one list that references the group itself', (t) => {
  const files = renderCloud(needs({ dataPathPort: 4790 }), 'aws', { securityGroup: 'sg-0123456789abcdef0' });
  t.deepEqual(files.map((f) => f.name), ['aws-nodes.json']);
  const list = JSON.parse(files[0].text) as AwsPermission[];
  t.deepEqual(awsProblems(list), []);
  t.deepEqual(list.map((p) => `${p.FromPort}/${p.IpProtocol}`), ['2377/tcp', '7946/tcp', '7946/udp', '4790/udp']);
  t.true(list.every((p) => p.UserIdGroupPairs?.[0].GroupId === 'sg-0123456789abcdef0' && !p.IpRanges));
});

test('GCP: firewall resources for the managers\' and the nodes\' network tags, ESP as IPProtocol esp', (t) => {
  const list = gcpFirewalls(cloudRules(needs({ esp: true }), '10.0.0.0/24'));
  for (const f of list) {
    t.true(only(f, ['name', 'description', 'direction', 'priority', 'sourceRanges', 'targetTags', 'allowed']), JSON.stringify(f));
    t.regex(f.name, /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/);
    t.is(f.direction, 'INGRESS');
    t.true(f.sourceRanges.every((r) => CIDR.test(r)));
    t.true(f.allowed.every((a) => ['tcp', 'udp', 'esp'].includes(a.IPProtocol) && (a.IPProtocol === 'esp') === (a.ports === undefined)));
    t.true(f.allowed.every((a) => (a.ports ?? []).every((p) => /^\d+$/.test(p))));
  }
  t.deepEqual(list.map((f) => [f.name, f.targetTags, f.allowed]), [
    ['swarm-preflight-managers', ['swarm-manager'], [{ IPProtocol: 'tcp', ports: ['2377'] }]],
    ['swarm-preflight-nodes', ['swarm-node'], [{ IPProtocol: 'tcp', ports: ['7946'] }, { IPProtocol: 'udp', ports: ['7946', '4789'] }, { IPProtocol: 'esp' }]],
  ]);
  t.deepEqual(list[0].sourceRanges, ['10.0.0.0/24']);
});

test('Azure: inbound allow rules with unique priorities, a port field that fits the count, Esp with any port', (t) => {
  const list = azureRules(cloudRules(needs({ esp: true, dataPathPort: 4790 })));
  const priorities = list.map((r) => r.properties.priority);
  t.is(new Set(priorities).size, list.length);
  for (const r of list) {
    const p = r.properties;
    t.true(r.name.length <= 80 && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(r.name));
    t.true(p.priority >= 100 && p.priority <= 4096);
    t.is(p.direction, 'Inbound');
    t.is(p.access, 'Allow');
    t.true(['Tcp', 'Udp', 'Esp'].includes(p.protocol));
    t.true(p.description.length <= 140);
    t.true([...p.sourceAddressPrefixes, ...p.destinationAddressPrefixes].every((c) => CIDR.test(c)));
    t.true((p.destinationPortRange === undefined) !== (p.destinationPortRanges === undefined), 'one of destinationPortRange(s)');
  }
  const byName = Object.fromEntries(list.map((r) => [r.name, r.properties]));
  t.is(byName['swarm-preflight-managers-tcp'].destinationPortRange, '2377');
  t.deepEqual(byName['swarm-preflight-managers-tcp'].destinationAddressPrefixes, ['10.0.0.11/32']);
  t.deepEqual(byName['swarm-preflight-nodes-udp'].destinationPortRanges, ['7946', '4790']);
  t.is(byName['swarm-preflight-nodes-esp'].protocol, 'Esp');
  t.is(byName['swarm-preflight-nodes-esp'].destinationPortRange, '*');
  t.deepEqual(byName['swarm-preflight-nodes-tcp'].destinationAddressPrefixes, ['10.0.0.11/32', '10.0.0.21/32', '10.0.0.22/32']);
});

test('without ESP the clouds open no ESP', (t) => {
  const rules = cloudRules(needs());
  t.false(rules.some((r) => r.protocol === 'esp'));
  t.false(JSON.stringify(awsPermissions(rules, 'nodes')).includes('"50"'));
});
