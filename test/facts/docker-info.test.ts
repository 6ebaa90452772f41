import test from 'ava';
import { InvalidDataError } from '../../src/agent/invalid-data.js';
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

/** The manager's real output with one field changed, as a hostile host could print it. */
function managerWith(edit: (raw: Record<string, any>) => void): string {
  const raw = JSON.parse(fixture('lab/docker-info.manager.json'));
  edit(raw);
  return JSON.stringify(raw);
}

test('a data-path port, address, address pool or version that is not what docker prints is invalid data, not a value', (t) => {
  const cases: [string, (raw: Record<string, any>) => void, RegExp][] = [
    ['a non-numeric data-path port', (r) => { r.Swarm.Cluster.DataPathPort = '4789; curl x | sh #'; }, /DataPathPort "4789; curl x \| sh #" is not a whole number from 1 to 65535/],
    ['a data-path port out of range', (r) => { r.Swarm.Cluster.DataPathPort = 70000; }, /DataPathPort 70000/],
    ['a fractional data-path port', (r) => { r.Swarm.Cluster.DataPathPort = 4789.5; }, /DataPathPort/],
    ['a NodeAddr with shell text', (r) => { r.Swarm.NodeAddr = '10.9.9.9; curl x | sh #'; }, /NodeAddr "10\.9\.9\.9; curl x \| sh #" is not an IP address/],
    ['a NodeAddr with an escape sequence', (r) => { r.Swarm.NodeAddr = '\u001b]0;x\u0007'; }, /NodeAddr "\\u001b\]0;x\\u0007"/],
    ['an address pool that is not CIDR', (r) => { r.Swarm.Cluster.DefaultAddrPool = ['10.0.0.0/8', '<b>']; }, /DefaultAddrPool \[1\]/],
    ['a version with markup', (r) => { r.ServerVersion = '20.10<script>'; }, /ServerVersion/],
    ['a subnet size out of range', (r) => { r.Swarm.Cluster.SubnetSize = 99; }, /SubnetSize/],
  ];
  for (const [what, edit, message] of cases) {
    const error = t.throws(() => parseDockerInfo(ok(managerWith(edit))), { instanceOf: InvalidDataError }, what);
    t.regex(error?.message ?? '', message, what);
    t.false(/[\u0000-\u001f\u007f-\u009f]/.test(error?.message ?? ''), `${what}: the message shows control characters escaped`);
  }
});
