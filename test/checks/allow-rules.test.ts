import test from 'ava';
import { allowRules, coveringCidr, peerSet } from '../../checks/allow-rules.js';

const ports = [{ protocol: 'udp' as const, port: 7946 }, { protocol: 'udp' as const, port: 4789 }, { protocol: 'tcp' as const, port: 7946 }];

test('one rule per protocol covers every port and peer, in each firewall\'s syntax', (t) => {
  const peers = ['10.0.0.1', '10.0.0.2'];
  t.is(allowRules({ firewall: 'iptables', direction: 'in', ports, peers }),
    'iptables -I INPUT -p udp -s 10.0.0.1,10.0.0.2 -m multiport --dports 7946,4789 -j ACCEPT; iptables -I INPUT -p tcp -s 10.0.0.1,10.0.0.2 --dport 7946 -j ACCEPT');
  t.regex(allowRules({ firewall: 'nftables', direction: 'in', ports, peers }), /^nft insert rule inet filter input ip saddr \{ 10\.0\.0\.1, 10\.0\.0\.2 \} udp dport \{ 7946, 4789 \} accept/);
  t.is(allowRules({ firewall: 'ufw', direction: 'in', ports: ports.slice(0, 2), peers: ['10.0.0.1'] }), 'ufw allow in proto udp from 10.0.0.1 to any port 7946,4789');
  t.regex(allowRules({ firewall: 'firewalld', direction: 'in', ports: ports.slice(0, 1), peers: ['10.0.0.1'] }), /--add-rich-rule='rule family=ipv4 source address=10\.0\.0\.1 port port=7946 protocol=udp accept'/);
  t.is(allowRules({ firewall: 'iptables', direction: 'out', ports: [{ protocol: 'esp', port: 0 }], peers }), 'iptables -I OUTPUT -p esp -d 10.0.0.1,10.0.0.2 -j ACCEPT');
});

test('many peers become the smallest range that holds them all', (t) => {
  const peers = Array.from({ length: 49 }, (_, i) => `198.18.0.${11 + i}`);
  t.is(coveringCidr(peers), '198.18.0.0/26');
  t.deepEqual(peerSet(peers).items, ['198.18.0.0/26']);
  t.is(coveringCidr(['10.0.0.5']), '10.0.0.5/32');
});

test('an address that is not plain IPv4 never reaches a command: a placeholder stands in', (t) => {
  const rule = allowRules({ firewall: 'iptables', direction: 'in', ports: ports.slice(0, 1), peers: ['10.0.0.9; curl x | sh'] });
  t.is(rule, 'iptables -I INPUT -p udp -s <peer address> --dport 7946 -j ACCEPT');
  t.false(rule.includes('curl'));
});
