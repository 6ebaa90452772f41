import test from 'ava';
import { connectError } from '../../src/ssh/connect-error.js';

const socketError = (code: string) => Object.assign(new Error(`connect ${code} 198.18.0.11:22`), { code, level: 'client-socket' });

for (const code of ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND']) {
  test(`${code} is unreachable, naming host:port and the errno, with the error as cause`, (t) => {
    const cause = socketError(code);
    const error = connectError(cause, '198.18.0.11:22', 5000);
    t.is(error.kind, 'unreachable');
    t.true(error.message.startsWith('cannot reach 198.18.0.11:22: '));
    t.true(error.message.endsWith(`(${code})`));
    t.is(error.cause, cause);
  });
}

test('ssh2 readyTimeout is a timeout naming the time waited', (t) => {
  const cause = Object.assign(new Error('Timed out while waiting for handshake'), { level: 'client-timeout' });
  const error = connectError(cause, '198.18.0.11:22', 5000);
  t.is(error.kind, 'timeout');
  t.is(error.message, 'ssh to 198.18.0.11:22 timed out after 5000 ms (no ssh handshake)');
  t.is(error.cause, cause);
});

test('a socket ETIMEDOUT is a timeout', (t) => {
  t.is(connectError(socketError('ETIMEDOUT'), 'h:22', 5000).kind, 'timeout');
});

test('any other failure while connecting is unreachable and keeps the ssh2 message', (t) => {
  const cause = Object.assign(new Error('Handshake failed: no matching key exchange algorithm'), { level: 'handshake' });
  const error = connectError(cause, 'h:22', 5000);
  t.is(error.kind, 'unreachable');
  t.is(error.message, 'ssh to h:22 failed: Handshake failed: no matching key exchange algorithm');
});
