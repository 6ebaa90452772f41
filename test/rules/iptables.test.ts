import test from 'ava';
import { renderIptables } from '../../src/rules/iptables.js';
import { parseIptablesSave } from '../../src/rules/ruleset.js';
import { fixture } from '../fixtures/load.js';
import { needs } from './inventory.js';

test('an iptables-restore --noflush file fills a chain of its own, and the jump is added only when missing', (t) => {
  const [m1] = needs({ esp: true });
  const text = renderIptables(m1, parseIptablesSave(fixture('rules/iptables-default-deny.iptables-save')), undefined, 'm1.iptables.sh');
  t.true(text.includes([
    "iptables-restore --noflush <<'EOF'",
    '*filter',
    ':SWARM-PREFLIGHT-IN - [0:0]',
    '-A SWARM-PREFLIGHT-IN -p tcp -s 10.0.0.21,10.0.0.22 -m multiport --dports 2377,7946 -m comment --comment swarm-preflight -j ACCEPT',
    '-A SWARM-PREFLIGHT-IN -p udp -s 10.0.0.21,10.0.0.22 -m multiport --dports 7946,4789 -m comment --comment swarm-preflight -j ACCEPT',
    '-A SWARM-PREFLIGHT-IN -p esp -s 10.0.0.21,10.0.0.22 -m comment --comment swarm-preflight -j ACCEPT',
    'COMMIT',
    'EOF',
    'iptables -C INPUT -j SWARM-PREFLIGHT-IN 2>/dev/null || iptables -I INPUT 1 -j SWARM-PREFLIGHT-IN',
  ].join('\n')));
  t.regex(text, /^# where: a chain of its own, jumped to from the top of INPUT, ahead of the DROP there$/m);
  t.regex(text, /^# remove: iptables -D INPUT -j SWARM-PREFLIGHT-IN; iptables -F SWARM-PREFLIGHT-IN; iptables -X SWARM-PREFLIGHT-IN$/m);
});

test('where ufw is in charge the header says which form ufw keeps; unread rules are a caveat', (t) => {
  const [, w1] = needs({ dataPathPort: 4790 });
  const ufw = renderIptables(w1, parseIptablesSave(fixture('rules/ufw-default-deny.iptables-save')), undefined, 'w1.iptables.sh');
  t.regex(ufw, /^# caveat: ufw is in charge here/m);
  t.regex(ufw, /--dports 7946,4790/);
  const unread = renderIptables(w1, undefined, 'not read: connect ECONNREFUSED', 'w1.iptables.sh');
  t.regex(unread, /^# caveat: its rules could not be read \(not read: connect ECONNREFUSED\)/m);
});
