import test from 'ava';
import { evaluateCloned } from '../../checks/cloned-hosts.js';
import { parseDockerInfo } from '../../src/facts/docker-info.js';
import { fixture } from '../fixtures/load.js';
import { context, host, labFiles } from './helpers/host-context.js';

const n1 = labFiles('hostfacts.n1.json');
const n2 = labFiles('hostfacts.n2.ipforward0-rpstrict.json');

test('lab hosts, each with its own machine-id, are not clones', (t) => {
  t.deepEqual(evaluateCloned(context([host('n1', { files: n1 }), host('n2', { files: n2 })])), []);
});

test('two hosts with the same machine-id: a warning naming both, with a digest and never the ID', (t) => {
  const clone = { ...n2, machineId: n1.machineId };
  const [f] = evaluateCloned(context([host('n1', { files: n1 }), host('n2', { files: n2 }), host('n3', { files: clone })]));
  t.is(f.status, 'warn');
  t.deepEqual(f.hosts, ['n1', 'n3']);
  t.regex(f.summary, /^n1, n3 have the same machine-id \(digest [0-9a-f]{12}\): cloned machines$/);
  t.false(JSON.stringify(f).includes(n1.machineId as string));
  t.regex(f.remediation ?? '', /systemd-machine-id-setup/);
});

test('the same docker engine ID and hostname are clones too; one machine listed twice is not', (t) => {
  const docker = parseDockerInfo({ code: 0, stdout: fixture('lab/docker-info.manager.json'), stderr: '', error: null });
  const a = host('a', { docker, result: { id: 'a', address: 'a', role: 'manager', reachable: true, error: null, facts: { hostname: 'web' } } });
  const b = host('b', { docker, result: { id: 'b', address: 'b', role: 'manager', reachable: true, error: null, facts: { hostname: 'web' } } });
  const what = evaluateCloned(context([a, b])).map((f) => f.evidence?.what);
  t.deepEqual(what, ['docker engine ID', 'swarm node ID', 'hostname']);
  t.deepEqual(evaluateCloned(context([a, b], { sameMachine: [['a', 'b']] })), []);
});
