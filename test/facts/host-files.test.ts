import test from 'ava';
import { parseHostFiles } from '../../src/facts/host-files.js';
import { fixture } from '../fixtures/load.js';

const event = (name: string) => JSON.parse(fixture(`lab/${name}`)) as Record<string, unknown>;

test('a lab docker host\'s files: identity, sysctls, the kernel config lines and no module lists', (t) => {
  const f = parseHostFiles(event('hostfacts.n1.json'));
  t.regex(f.machineId ?? '', /^[0-9a-f]{32}$/);
  t.regex(f.bootId ?? '', /^[0-9a-f-]{36}$/);
  t.regex(f.netns ?? '', /^net:\[\d+\]$/);
  t.is(f.ipForward, 1);
  t.is(f.bridgeNfCallIptables, 1);
  t.is(f.rpFilter.eth0, 0);
  t.is(f.configFrom, '/proc/config.gz');
  t.true(f.config?.includes('CONFIG_VXLAN=y'));
  t.true(f.config?.includes('# CONFIG_IP_VS is not set'));
  // This kernel has no module support: /proc/modules and /lib/modules are absent, and say so.
  t.is(f.loaded, undefined);
  t.deepEqual(f.errors, { modules: 'ENOENT', builtin: 'ENOENT', dep: 'ENOENT' });
  t.is(f.drivers.eth0, null);
  t.true(f.crypto?.includes('aes'));
});

test('the host with ip_forward=0 and rp_filter all=1 reads as such', (t) => {
  const f = parseHostFiles(event('hostfacts.n2.ipforward0-rpstrict.json'));
  t.is(f.ipForward, 0);
  t.is(f.rpFilter.all, 1);
  t.is(f.rpFilter.side0, 0);
});

test('values of the wrong shape are dropped where they enter, never passed on', (t) => {
  const f = parseHostFiles({
    ev: 'hostfacts', pid: -3, machineId: 'not-hex; rm -rf /', bootId: 42, netns: 'net:[1]; x',
    sysctl: { 'net/ipv4/ip_forward': '1; reboot' }, rpFilter: { '-evil': '1', 'eth0': 'x', 'ens3': '2' },
    drivers: { '--help': 'vmxnet3', 'ens3': 'vmxnet3$(id)', 'ens4': 'vmxnet3' }, errors: { modules: 'ENOENT', other: 'x' },
    config: ['CONFIG_VXLAN=y', 'rm -rf /'], modules: ['vxlan', 'bad name'],
  });
  t.is(f.agentPid, undefined);
  t.is(f.machineId, undefined);
  t.is(f.bootId, undefined);
  t.is(f.netns, undefined);
  t.is(f.ipForward, undefined);
  t.deepEqual(f.rpFilter, { ens3: 2 });
  t.deepEqual(f.drivers, { ens4: 'vmxnet3' });
  t.deepEqual(f.errors, { modules: 'ENOENT' });
  t.deepEqual(f.config, ['CONFIG_VXLAN=y']);
  t.deepEqual(f.loaded, ['vxlan']);
});
