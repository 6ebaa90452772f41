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

test('an address or port a host made up never reaches a fix as shell text: it becomes a placeholder', (t) => {
  const hostile = { firewall: () => 'iptables' as const, address: () => '10.9.9.9; curl http://x | sh #' };
  for (const fw of ['ufw', 'firewalld', 'nftables', 'iptables', 'none'] as const) {
    for (const probe of [failed, { ...failed, protocol: 'tcp' as const, port: '2377; curl x | sh' as unknown as number }, { ...failed, reason: 'blocked-outbound' }]) {
      const fix = remediateProbe(probe, { ...hostile, firewall: () => fw }) ?? '';
      t.false(/curl|[;|]\s*sh|\$\(|`/.test(fix.replace(/; (in a cloud|if |its own)/g, '')), fix);
      t.false(fix.includes('10.9.9.9;'), fix);
    }
  }
  t.is(allowCommand('iptables', 'udp', 4789, '$(reboot)'), 'iptables -I INPUT -p udp -s <peer address> --dport 4789 -j ACCEPT');
});
