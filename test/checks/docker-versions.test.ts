import test from 'ava';
import { check } from '../../checks/docker-versions.js';
import { context, host } from './helpers/host-context.js';

const engine = (version: string) => ({ running: true, version });

test('different engine versions warn, naming each version with its hosts and the newest as the target', (t) => {
  const [f] = check.evaluate(context([host('n1', { docker: engine('24.0.7') }), host('n2', { docker: engine('20.10.24+dfsg1') }), host('n3', { docker: engine('24.0.7') }), host('n4')]));
  t.is(f.status, 'warn');
  t.is(f.summary, 'docker versions differ: 20.10.24+dfsg1 on n2; 24.0.7 on n1, n3');
  t.is(f.remediation, 'upgrade n2 to 24.0.7 (managers first, one at a time: drain, upgrade, activate)');
});

test('one version everywhere (hosts without docker aside) gives nothing', (t) => {
  t.deepEqual(check.evaluate(context([host('n1', { docker: engine('20.10.24') }), host('n2', { docker: { running: false } }), host('n3', { docker: engine('20.10.24') })])), []);
});
