import test from 'ava';
import { parseDockerInfo } from '../../src/facts/docker-info.js';
import { fixture } from '../fixtures/load.js';

const ok = (stdout: string) => ({ code: 0, stdout, stderr: '', error: null });

test('a swarm manager reports its role, address and the cluster data-path port', (t) => {
  const info = parseDockerInfo(ok(fixture('lab/docker-info.manager.json')));
  t.true(info.running);
  t.is(info.swarmState, 'active');
  t.true(info.isManager);
  t.is(info.nodeAddr, '198.18.0.11');
  t.is(info.dataPathPort, 4789);
  t.regex(info.version ?? '', /^20\.10/);
});

test('a worker is not a manager and does not know the cluster settings', (t) => {
  const info = parseDockerInfo(ok(fixture('lab/docker-info.worker.json')));
  t.is(info.swarmState, 'active');
  t.false(info.isManager);
  t.is(info.dataPathPort, undefined);
});

test('a docker client without a daemon counts as docker not running, with the reason', (t) => {
  const info = parseDockerInfo({ code: 1, stdout: fixture('lab/docker-info.no-daemon.stdout'), stderr: fixture('lab/docker-info.no-daemon.stderr'), error: null });
  t.false(info.running);
  t.regex(info.error ?? '', /Cannot connect to the Docker daemon/);
});

test('a host without docker says so', (t) => {
  t.deepEqual(parseDockerInfo({ code: null, stdout: '', stderr: '', error: 'not-found' }), { running: false, error: 'docker is not installed' });
});

test('garbage output is not mistaken for a running engine', (t) => {
  t.false(parseDockerInfo(ok('permission denied while trying to connect')).running);
});

test('an advertise address or node id that is not one is left out', (t) => {
  const raw = JSON.parse(fixture('lab/docker-info.worker.json')) as { Swarm: Record<string, unknown> };
  raw.Swarm.NodeAddr = '198.18.0.12 --evil';
  raw.Swarm.NodeID = '../../etc';
  const info = parseDockerInfo(ok(JSON.stringify(raw)));
  t.is(info.swarmState, 'active');
  t.is(info.nodeAddr, undefined);
  t.is(info.nodeId, undefined);
});
