import test from 'ava';
import { agreedDataPathPort } from '../../checks/data-path-agreement.js';

test('the data-path port the managers agree on is the one probed', (t) => {
  t.deepEqual(agreedDataPathPort([{ host: 'm1', port: 7789 }, { host: 'm2', port: 7789 }], 4789), { port: 7789, findings: [] });
});

test('without a manager that reports one, no port is agreed and nothing is found', (t) => {
  t.deepEqual(agreedDataPathPort([], 4789), { findings: [] });
});

test('managers that disagree make a failing finding naming both ports and hosts, and no port is taken from either', (t) => {
  const { port, findings } = agreedDataPathPort([{ host: 'm1', port: 4789 }, { host: 'm2', port: 4789 }, { host: 'evil', port: 22 }], 4789);
  t.is(port, undefined);
  t.is(findings.length, 1);
  t.is(findings[0].status, 'fail');
  t.is(findings[0].check, 'data-path-agreement');
  t.regex(findings[0].summary, /m1, m2 say 4789; evil says 22; 4789\/udp was probed/);
  t.deepEqual(findings[0].evidence, { ports: { m1: 4789, m2: 4789, evil: 22 } });
});
