import test from 'ava';
import { renderUfw } from '../../src/rules/ufw.js';
import { needs } from './inventory.js';

test('ufw gets one allow a peer and protocol, marked, and the same script removes them', (t) => {
  const [, w1] = needs({ esp: true });
  const text = renderUfw(w1, 'w1.ufw.sh');
  t.deepEqual(text.split('\n').filter((l) => l.startsWith('ufw ')), [
    "ufw $delete allow in proto tcp from 10.0.0.11 to any port 7946 comment 'swarm-preflight'",
    "ufw $delete allow in proto tcp from 10.0.0.22 to any port 7946 comment 'swarm-preflight'",
    "ufw $delete allow in proto udp from 10.0.0.11 to any port 7946,4789 comment 'swarm-preflight'",
    "ufw $delete allow in proto udp from 10.0.0.22 to any port 7946,4789 comment 'swarm-preflight'",
    "ufw $delete allow in proto esp from 10.0.0.11 comment 'swarm-preflight'",
    "ufw $delete allow in proto esp from 10.0.0.22 comment 'swarm-preflight'",
  ]);
  t.regex(text, /^delete=; \[ "\$\{1:-\}" = remove \] && delete=delete$/m);
  t.regex(text, /^# remove: sh w1\.ufw\.sh remove$/m);
});
