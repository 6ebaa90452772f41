import test from 'ava';
import { check } from '../../checks/sysctls.js';
import { context, host, labFiles } from './helpers/host-context.js';

const docker = { running: true, version: '20.10.24+dfsg1', swarmState: 'active' };

test('ip_forward=0 with docker running fails on that host only, with the sysctl fix', (t) => {
  const findings = check.evaluate(context([
    host('n1', { files: labFiles('hostfacts.n1.json'), docker }),
    host('n2', { files: labFiles('hostfacts.n2.ipforward0-rpstrict.json'), docker }),
  ]));
  t.deepEqual(findings.map((f) => [f.host, f.status]), [['n2', 'fail']]);
  t.regex(findings[0].remediation ?? '', /sysctl -w net\.ipv4\.ip_forward=1/);
});

test('without a running engine ip_forward=0 says nothing: dockerd sets it when it starts', (t) => {
  t.deepEqual(check.evaluate(context([host('n2', { files: labFiles('hostfacts.n2.ipforward0-rpstrict.json') })])), []);
});

test('bridge-nf-call-iptables=0 under docker is a warning', (t) => {
  const files = { ...labFiles('hostfacts.n1.json'), bridgeNfCallIptables: 0 };
  const [f] = check.evaluate(context([host('n1', { files, docker })]));
  t.is(f.status, 'warn');
  t.regex(f.summary, /bridge-nf-call-iptables is 0/);
});
