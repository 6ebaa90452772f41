import test from 'ava';
import { check, offloadInterfaces } from '../../checks/nic-offload.js';
import { parseFeatures } from '../../src/facts/ethtool.js';
import { fixture } from '../fixtures/load.js';
import { context, host, labFiles } from './helpers/host-context.js';

// ethtool -k of a lab veth (tx-checksum-ip-generic on), as it would read on a vmxnet3 NIC with offload on.
const features = parseFeatures(fixture('lab/ethtool-k.veth.txt'));
const files = { ...labFiles('hostfacts.n1.json'), drivers: { ens192: 'vmxnet3', lo: null } };

test('only vmxnet3 NICs are read with ethtool', (t) => {
  t.deepEqual(offloadInterfaces({ ens192: 'vmxnet3', eth0: 'virtio_net', lo: null }), ['ens192']);
});

test('vmxnet3 with tx-checksum-ip-generic on warns with the ethtool -K fix', (t) => {
  const [f] = check.evaluate(context([host('n1', { files, offload: { ens192: { features } } })]));
  t.is(f.status, 'warn');
  t.regex(f.remediation ?? '', /ethtool -K ens192 tx-checksum-ip-generic off/);
});

test('with the offload off nothing; where ethtool is missing the finding says what could not be read', (t) => {
  const off = { ...features, 'tx-checksum-ip-generic': { on: false, fixed: false } };
  t.deepEqual(check.evaluate(context([host('n1', { files, offload: { ens192: { features: off } } })])), []);
  const [f] = check.evaluate(context([host('n1', { files, offload: { ens192: { error: 'ethtool is not installed' } } })]));
  t.regex(f.summary, /its checksum offload could not be read \(ethtool is not installed\)/);
});

test('the lab\'s virtual NICs are not vmxnet3: nothing', (t) => {
  t.deepEqual(check.evaluate(context([host('n1', { files: labFiles('hostfacts.n1.json') })])), []);
});
