import test from 'ava';
import { parseHostFiles } from '../../src/facts/host-files.js';
import { readPiece } from '../../src/facts/kernel-modules.js';
import { fixture } from '../fixtures/load.js';

const lab = parseHostFiles(JSON.parse(fixture('lab/hostfacts.n1.json')) as Record<string, unknown>);

test('on the lab kernel (no module support) the config decides: vxlan built in, ip_vs and ESP missing', (t) => {
  t.deepEqual(readPiece(lab, { module: 'vxlan', config: 'CONFIG_VXLAN' }), { state: 'builtin', source: '/proc/config.gz (CONFIG_VXLAN=y)' });
  t.deepEqual(readPiece(lab, { module: 'ip_vs', config: 'CONFIG_IP_VS' }), { state: 'missing', source: '/proc/config.gz (CONFIG_IP_VS is not set)' });
  t.is(readPiece(lab, { module: 'esp4', config: 'CONFIG_INET_ESP' }).state, 'missing');
});

// A modular kernel's files in the shape kmod writes them (this machine's kernel has none to capture).
const modular = parseHostFiles({
  modules: ['br_netfilter', 'bridge', 'stp'],
  builtin: ['kernel/net/ipv4/esp4.ko'],
  dep: ['kernel/drivers/net/vxlan/vxlan.ko.zst: kernel/net/ipv4/udp_tunnel.ko.zst', 'kernel/net/netfilter/ipvs/ip_vs.ko.xz: kernel/net/netfilter/nf_conntrack.ko.xz'],
  config: ['CONFIG_MODULES=y', 'CONFIG_CRYPTO_GCM=m'],
  configFrom: '/boot/config-6.1.0-18-amd64',
});

test('loaded, built in and loadable are all there; loadable needs no loading by hand', (t) => {
  t.is(readPiece(modular, { module: 'bridge', config: 'CONFIG_BRIDGE' }).state, 'loaded');
  t.is(readPiece(modular, { module: 'esp4', config: 'CONFIG_INET_ESP' }).state, 'builtin');
  t.deepEqual(readPiece(modular, { module: 'vxlan', config: 'CONFIG_VXLAN' }), { state: 'loadable', source: 'modules.dep' });
  t.is(readPiece(modular, { module: 'ip_vs', config: 'CONFIG_IP_VS' }).state, 'loadable');
  t.is(readPiece(modular, { module: 'gcm', config: 'CONFIG_CRYPTO_GCM' }).state, 'loadable');
});

test('a piece in no list and without a config line is missing; with nothing readable it is unknown, and says why', (t) => {
  t.deepEqual(readPiece(modular, { module: 'xt_u32', config: 'CONFIG_NETFILTER_XT_MATCH_U32' }),
    { state: 'missing', source: '/boot/config-6.1.0-18-amd64 (no CONFIG_NETFILTER_XT_MATCH_U32 line)' });
  const blind = parseHostFiles({ errors: { modules: 'EACCES', config: 'ENOENT' } });
  t.deepEqual(readPiece(blind, { module: 'vxlan', config: 'CONFIG_VXLAN' }),
    { state: 'unknown', source: 'could not read /proc/modules (EACCES), the kernel config (ENOENT)' });
});
