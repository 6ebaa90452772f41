import test from 'ava';
import { renderFirewalld } from '../../src/rules/firewalld.js';
import { needs } from './inventory.js';

test('firewalld gets permanent rich rules in the default zone, one a port and source, then a reload', (t) => {
  const [m1] = needs({ sourceCidr: '10.0.0.0/24', dataPathPort: 4790 });
  const text = renderFirewalld(m1, 'm1.firewalld.sh');
  t.deepEqual(text.split('\n').filter((l) => l.startsWith('firewall-cmd')), [
    `firewall-cmd --permanent --zone="$zone" --$action-rich-rule='rule family=ipv4 source address=10.0.0.0/24 port port=2377 protocol=tcp accept'`,
    `firewall-cmd --permanent --zone="$zone" --$action-rich-rule='rule family=ipv4 source address=10.0.0.0/24 port port=7946 protocol=tcp accept'`,
    `firewall-cmd --permanent --zone="$zone" --$action-rich-rule='rule family=ipv4 source address=10.0.0.0/24 port port=7946 protocol=udp accept'`,
    `firewall-cmd --permanent --zone="$zone" --$action-rich-rule='rule family=ipv4 source address=10.0.0.0/24 port port=4790 protocol=udp accept'`,
    'firewall-cmd --reload',
  ]);
  t.regex(text, /^zone=\$\(firewall-cmd --get-default-zone\)$/m);
  t.regex(text, /^# remove: sh m1\.firewalld\.sh remove$/m);
});

test('ESP is a rich rule on protocol esp', (t) => {
  const [, w1] = needs({ esp: true });
  t.regex(renderFirewalld(w1, 'w1.firewalld.sh'), /--\$action-rich-rule='rule family=ipv4 source address=10\.0\.0\.11 protocol value=esp accept'/);
});
