import test from 'ava';
import { allowCommand, remediateProbe } from '../../checks/remediation.js';
import type { ProbeResult } from '../../src/model.js';

const failed: ProbeResult = { from: 'n2', to: 'n3', protocol: 'udp', port: 4789, status: 'fail', reason: 'not-received', detail: 'x', ms: null };
const facts = (fw: 'ufw' | 'firewalld' | 'nftables' | 'iptables' | 'none') => ({ firewall: () => fw, address: (id: string) => (id === 'n2' ? '198.18.0.12' : '198.18.0.13') });

test('the fix names the receiving host, its firewall tool and the source address', (t) => {
  const fix = remediateProbe(failed, facts('ufw'));
  t.regex(fix ?? '', /^on n3 \(n3 uses ufw\): ufw allow proto udp from 198\.18\.0\.12 to any port 4789/);
  t.regex(fix ?? '', /security group/);
  t.regex(fix ?? '', /n2's outbound/);
});

test('each firewall gets its own allow command', (t) => {
  t.regex(allowCommand('firewalld', 'tcp', 2377, '10.0.0.1'), /firewall-cmd --permanent --add-port=2377\/tcp/);
  t.regex(allowCommand('nftables', 'udp', 7946, '10.0.0.1'), /nft insert rule .* ip saddr 10\.0\.0\.1 udp dport 7946 accept/);
  t.is(allowCommand('iptables', 'tcp', 7946, '10.0.0.1'), 'iptables -I INPUT -p tcp -s 10.0.0.1 --dport 7946 -j ACCEPT');
  t.regex(allowCommand('iptables', 'esp', 0, '10.0.0.1'), /-p esp/);
});

test('ESP failures point at the custom protocol 50 rule of cloud groups', (t) => {
  t.regex(remediateProbe({ ...failed, protocol: 'esp', port: 0 }, facts('none')) ?? '', /protocol 50/);
});

test('passes, errors and skips get no remediation', (t) => {
  for (const status of ['pass', 'error', 'skip'] as const) t.is(remediateProbe({ ...failed, status }, facts('ufw')), undefined);
});
