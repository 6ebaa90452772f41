import test from 'ava';
import { classifyOpenFailure } from '../../src/ssh/forward.js';

test('direct-tcpip failures from OpenSSH are named refused, timeout, unreachable or prohibited', (t) => {
  const failure = (description: string, reason: number) => Object.assign(new Error(`(SSH) Channel open failure: ${description}`), { reason });
  t.is(classifyOpenFailure(failure('Connection refused', 2)), 'refused');
  t.is(classifyOpenFailure(failure('Connection timed out', 2)), 'timeout');
  t.is(classifyOpenFailure(failure('No route to host', 2)), 'unreachable');
  t.is(classifyOpenFailure(failure('', 1)), 'prohibited');
  t.is(classifyOpenFailure(failure('Name or service not known', 2)), 'Name or service not known');
});
