import test from 'ava';
import { evaluateHostAccess } from '../../checks/host-access.js';
import type { HostResult } from '../../src/model.js';

const down: HostResult = { id: 'n1', address: '10.0.0.1', role: 'worker', reachable: false, error: 'ProxyCommand for 10.0.0.1:22 exited with status 1 before ssh was ready: denied', errorKind: 'unreachable' };

test('a host that could not be reached is an error whose fix is the error\'s own hint when it has one', (t) => {
  const [finding] = evaluateHostAccess(down, 'run the ProxyCommand yourself (nc 10.0.0.1 22): it should print an SSH banner at once');
  t.is(finding?.status, 'error');
  t.is(finding?.remediation, 'run the ProxyCommand yourself (nc 10.0.0.1 22): it should print an SSH banner at once');
});

test('without its own hint the fix is the one for the error kind', (t) => {
  const [finding] = evaluateHostAccess(down);
  t.regex(finding?.remediation ?? '', /sshd listens on that port/);
  t.deepEqual(evaluateHostAccess({ ...down, reachable: true, error: null }), []);
});
