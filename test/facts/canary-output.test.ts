import test from 'ava';
import { parseCanaryOutput, parseInEchos } from '../../src/facts/canary-output.js';
import { fixture } from '../fixtures/load.js';

test('the ping script output gives the container MTU and every small and full result by target', (t) => {
  const out = parseCanaryOutput('mtu 1450\nsmall 10.0.9.3 ok\nfull 10.0.9.3 fail\nsmall 10.0.9.4 fail\nfull 10.0.9.4 ok\n');
  t.is(out.mtu, 1450);
  t.deepEqual([...out.results].sort(), [['full 10.0.9.3', false], ['full 10.0.9.4', true], ['small 10.0.9.3', true], ['small 10.0.9.4', false]]);
});

test('results in any order, with surrounding blanks, are read the same', (t) => {
  const out = parseCanaryOutput('  full 10.0.9.3 ok \r\nsmall 10.0.9.3 ok\n mtu 1400\n');
  t.is(out.mtu, 1400);
  t.true(out.results.get('full 10.0.9.3'));
  t.true(out.results.get('small 10.0.9.3'));
});

test('lines that are not results are ignored: shell noise, other words, non-IP targets', (t) => {
  const out = parseCanaryOutput([
    'cat: can\'t open \'/sys/class/net/eth0/mtu\': No such file or directory',
    'PING 10.0.9.3 (10.0.9.3): 56 data bytes',
    'small 10.0.9.3 maybe',
    'medium 10.0.9.3 ok',
    'small host-b ok',
    'full 10.0.9 ok',
    'small 10.0.9.3 ok; rm -rf /',
    'small 10.0.9.4 ok',
  ].join('\n'));
  t.deepEqual([...out.results.keys()], ['small 10.0.9.4']);
  t.is(out.mtu, undefined);
});

test('without an mtu line the MTU is left out, not zero', (t) => {
  const out = parseCanaryOutput('small 10.0.9.3 ok\n');
  t.false('mtu' in out);
  t.false('mtu' in parseCanaryOutput('mtu 0\n'));
  t.is(parseCanaryOutput('').results.size, 0);
});

test('the InEchos counter is read by name from a real /proc/net/snmp, not confused with IcmpMsg or other columns', (t) => {
  // Captured with `cat /proc/net/snmp`: InEchos is 0 while InMsgs is 7 and IcmpMsg lines follow.
  const snmp = fixture('proc-net-snmp.txt');
  t.is(parseInEchos(snmp), 0);
  t.true(snmp.includes('IcmpMsg:'));
  // The same counter moved: only the InEchos value changes the answer.
  const lines = snmp.split('\n');
  const names = lines.find((l) => l.startsWith('Icmp:')) as string;
  const valuesAt = lines.indexOf(names) + 1;
  const values = lines[valuesAt].split(' ');
  values[names.split(' ').indexOf('InEchos')] = '4242';
  lines[valuesAt] = values.join(' ');
  t.is(parseInEchos(lines.join('\n')), 4242);
});

test('the counter is found when the kernel orders the columns differently', (t) => {
  t.is(parseInEchos('Icmp: InMsgs InErrors InEchos InEchoReps\nIcmp: 9 0 5 3\n'), 5);
  t.is(parseInEchos('Icmp: InEchos InMsgs\nIcmp: 11 30\n'), 11);
});

test('malformed snmp text gives undefined, never a made-up count', (t) => {
  t.is(parseInEchos(''), undefined);
  t.is(parseInEchos('docker: Error response from daemon: container not running'), undefined);
  t.is(parseInEchos('Icmp: InMsgs InEchos\n'), undefined, 'names without values');
  t.is(parseInEchos('Icmp: InMsgs InErrors\nIcmp: 1 2\n'), undefined, 'no InEchos column');
  t.is(parseInEchos('Icmp: InMsgs InEchos\nIcmp: 1\n'), undefined, 'values line cut short');
  t.is(parseInEchos('Icmp: InMsgs InEchos\nIcmp: 1 many\n'), undefined, 'not a number');
});

// A truncated read leaves an empty field where InEchos should be; read as 0 it would make the canary
// blame the inbound direction.
test('a values line cut short after a blank gives undefined, not zero', (t) => {
  t.is(parseInEchos('Icmp: InMsgs InEchos\nIcmp: 1 \n'), undefined);
});
