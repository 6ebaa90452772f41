import test from 'ava';
import { parseFeatures } from '../../src/facts/ethtool.js';
import { fixture } from '../fixtures/load.js';

test('ethtool -k of a lab veth: sub-features read with their state, fixed ones marked', (t) => {
  const f = parseFeatures(fixture('lab/ethtool-k.veth.txt'));
  t.deepEqual(f['tx-checksum-ip-generic'], { on: true, fixed: false });
  t.deepEqual(f['tx-checksum-ipv4'], { on: false, fixed: true });
  t.deepEqual(f['generic-receive-offload'], { on: false, fixed: false });
  t.false(Object.keys(f).some((k) => k.startsWith('Features')));
});
