import test from 'ava';
import { evaluateKernels } from '../../checks/kernel-modules.js';
import { parseHostFiles } from '../../src/facts/host-files.js';
import { context, host, labFiles } from './helpers/host-context.js';

const labHosts = ['n1', 'n2', 'n3'].map((id) => host(id, { files: labFiles('hostfacts.n1.json') }));

test('the lab kernel lacks ip_vs and ESP: noted, not warned, while no VIP service or encrypted overlay needs them', (t) => {
  const findings = evaluateKernels(context(labHosts));
  t.deepEqual(findings.map((f) => f.status), ['skip', 'skip']);
  // Hosts with one kernel and the same gaps share one finding.
  t.deepEqual(findings[0].hosts, ['n1', 'n2', 'n3']);
  t.regex(findings[0].summary, /^the kernels of n1, n2 and n3 \(6\.18\.44-fc-v782\) lack ip_vs/);
  t.regex(findings[1].summary, /lack esp4, gcm, which encrypted overlays need/);
});

test('ip_vs missing warns once services have virtual IPs, with the dnsrr way round', (t) => {
  const [vip] = evaluateKernels(context(labHosts, { vipServices: 2 }));
  t.is(vip.status, 'warn');
  t.regex(vip.summary, /2 service virtual IP\(s\) are deployed/);
  t.regex(vip.remediation ?? '', /modprobe ip_vs.*--endpoint-mode dnsrr/);
});

test('ESP missing warns with --esp or an encrypted overlay, naming it', (t) => {
  t.is(evaluateKernels(context(labHosts, { esp: true }))[1].status, 'warn');
  const [, esp] = evaluateKernels(context(labHosts, { esp: true, encryptedOverlays: ['secret-net'] }));
  t.regex(esp.summary, /encrypted overlays exist \(secret-net\)/);
});

test('vxlan missing on one host fails there only; unreadable facts are said, not guessed', (t) => {
  const noVxlan = parseHostFiles({ release: '5.10.0-custom', config: ['CONFIG_MODULES=y', '# CONFIG_VXLAN is not set', 'CONFIG_BRIDGE=y', 'CONFIG_BRIDGE_NETFILTER=y', 'CONFIG_IP_VS=m'], configFrom: '/boot/config-5.10.0-custom', builtin: [], dep: [] });
  const blind = parseHostFiles({ errors: { modules: 'EACCES', builtin: 'ENOENT', dep: 'ENOENT', config: 'ENOENT' } });
  const findings = evaluateKernels(context([host('a', { files: noVxlan }), host('b', { files: blind })]));
  const fail = findings.find((f) => f.status === 'fail');
  t.is(fail?.host, 'a');
  t.regex(fail?.summary ?? '', /the kernel of a \(5\.10\.0-custom\) lacks vxlan, which overlay networks need/);
  const unknown = findings.find((f) => f.host === 'b' && f.status === 'skip' && /overlay networks/.test(f.summary));
  t.regex(unknown?.summary ?? '', /could not tell whether the kernel of b has vxlan, bridge .*EACCES/);
});
