import test from 'ava';
import { preferredHostKeyAlgorithms } from '../../src/ssh/host-key-check.js';

test('host key algorithms for known key types come first, rsa covering the rsa-sha2 variants', (t) => {
  const algos = preferredHostKeyAlgorithms([{ type: 'ssh-rsa', key: 'AAAA', revoked: false }]);
  t.deepEqual(algos?.slice(0, 3), ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
  t.true(algos!.includes('ssh-ed25519'));
  t.is(preferredHostKeyAlgorithms([]), undefined);
  t.is(preferredHostKeyAlgorithms([{ type: 'ssh-ed25519', key: 'AAAA', revoked: true }]), undefined);
});
