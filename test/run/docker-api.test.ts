// What the runner makes of a docker engine's API answers: bodies of 200s, errors that say why, and
// host data checked before it becomes a name to remove or an address to ping.
import test from 'ava';
import type { RemoteAgent } from '../../src/agent/remote-agent.js';
import { containerAddress, engineGet, engineMessage, labelledIds } from '../../src/run/docker-api.js';

/** An agent whose engine answers every GET with `answer(path)`; the paths asked are kept. */
function agentWith(answer: (path: string) => { status: number | null; body?: string; error?: string | null }) {
  const asked: { path: string; afterStop?: boolean }[] = [];
  const agent = {
    dockerGet: async (path: string, _timeoutMs: number, opts: { afterStop?: boolean } = {}) => {
      asked.push({ path, afterStop: opts.afterStop });
      return { ev: 'docker', id: 'd1', body: '', error: null, ...answer(path) };
    },
  };
  return { agent: agent as unknown as RemoteAgent, asked };
}

test('a 200 answer is its body; any other status is an error with the engine\'s message, the path without its query', async (t) => {
  t.is(await engineGet(agentWith(() => ({ status: 200, body: '[]' })).agent, '/nodes', 1000), '[]');
  await t.throwsAsync(engineGet(agentWith(() => ({ status: 503, body: '{"message":"This node is not a swarm manager."}' })).agent, '/nodes?x=1', 1000),
    { message: 'GET /nodes: 503 This node is not a swarm manager.' });
  await t.throwsAsync(engineGet(agentWith(() => ({ status: null, error: '/run/docker.sock: EACCES' })).agent, '/info', 1000), { message: 'GET /info: /run/docker.sock: EACCES' });
});

test('an engine message keeps printable text only, and a body that is not JSON is shown as text', (t) => {
  t.is(engineMessage('{"message":"bad\\u001b[31m red\\n"}'), 'bad [31m red');
  t.is(engineMessage('404 page not found\n'), '404 page not found');
  t.is(engineMessage(''), 'no message');
});

test('labelled containers are asked for running or not, by label, also after the run was stopped when asked so', async (t) => {
  const { agent, asked } = agentWith(() => ({ status: 200, body: JSON.stringify([{ Id: 'a'.repeat(64) }, { Id: 'b'.repeat(64) }]) }));
  t.deepEqual(await labelledIds(agent, 'containers', 'swarm-preflight.canary=abc123', 1000, true), ['a'.repeat(64), 'b'.repeat(64)]);
  t.deepEqual(asked, [{ path: `/containers/json?all=1&filters=${encodeURIComponent('{"label":["swarm-preflight.canary=abc123"]}')}`, afterStop: true }]);
  await labelledIds(agent, 'networks', 'swarm-preflight.canary=abc123', 1000);
  t.is(asked[1]?.path, `/networks?filters=${encodeURIComponent('{"label":["swarm-preflight.canary=abc123"]}')}`);
});

test('a listed entry without a docker id is an error, not "nothing left", and never a name passed on', async (t) => {
  const hostile = agentWith(() => ({ status: 200, body: JSON.stringify([{ Id: '$(reboot)' }]) })).agent;
  await t.throwsAsync(labelledIds(hostile, 'containers', 'k=v', 1000), { message: /an entry without a docker id/ });
  await t.throwsAsync(labelledIds(agentWith(() => ({ status: 200, body: '{}' })).agent, 'networks', 'k=v', 1000), { message: /not a JSON array/ });
});

test('a container\'s address and PID are taken only when they are an IPv4 address and a positive PID', async (t) => {
  const inspect = (ip: unknown, pid: unknown) => agentWith(() => ({ status: 200, body: JSON.stringify({ NetworkSettings: { Networks: { net1: { IPAddress: ip } } }, State: { Pid: pid } }) })).agent;
  t.deepEqual(await containerAddress(inspect('10.0.9.3', 4242), 'c1', 'net1', 1000), { ip: '10.0.9.3', pid: 4242 });
  t.deepEqual(await containerAddress(inspect('10.0.9.3; reboot', 0), 'c1', 'net1', 1000), {});
  t.deepEqual(await containerAddress(inspect('10.0.9.3', '4242'), 'c1', 'other', 1000), {});
});
