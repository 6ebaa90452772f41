import test from 'ava';
import { rulesetFrom } from '../../src/run/rulesets.js';
import { fixture } from '../fixtures/load.js';

const ok = (stdout: string) => ({ code: 0, stdout, stderr: '', error: null });
// What nft and iptables-save print for a user without root (captured on Debian 12).
const NFT_NOT_ROOT = { code: 1, stdout: '', stderr: 'Operation not permitted (you must be root)\nnetlink: Error: cache initialization failed: Operation not permitted\n', error: null };
const XT_NOT_ROOT = { code: 4, stdout: '', stderr: 'iptables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n', error: null };
const MISSING = { code: null, stdout: '', stderr: '', error: 'not-found' };

test('both listings read give one ruleset', (t) => {
  const read = rulesetFrom(ok(fixture('firewall/docker-custom-nft.json')), ok(fixture('firewall/docker-custom-nft-a.txt')), ok(fixture('firewall/docker-custom-iptables-save.txt')));
  t.true('ruleset' in read && read.ruleset.readers.length === 2);
});

test('without root the reason says so and how to give it', (t) => {
  t.deepEqual(rulesetFrom(NFT_NOT_ROOT, undefined, XT_NOT_ROOT), { error: 'reading the firewall rules needs root (run as root or with --sudo)' });
});

test('a host with iptables-save but no nft is read from iptables-save alone', (t) => {
  const read = rulesetFrom(MISSING, undefined, ok(fixture('firewall/docker-iptables-save.txt')));
  t.true('ruleset' in read && read.ruleset.readers[0].startsWith('iptables-save'));
});

test('a host with neither tool says so', (t) => {
  t.deepEqual(rulesetFrom(MISSING, undefined, MISSING), { error: 'neither nft nor iptables-save is installed, so its rules could not be read' });
});

test('a listing the agent cut short is not parsed as if it were whole', (t) => {
  const read = rulesetFrom(ok('x'.repeat(262144)), undefined, MISSING);
  t.true('error' in read && /larger than 256 KiB/.test(read.error));
});

test('a non-root login that finds neither tool is told it needs root, not that they are missing', (t) => {
  // /usr/sbin, where both live, is seldom in a user's PATH.
  t.deepEqual(rulesetFrom(MISSING, undefined, MISSING, false), { error: 'reading the firewall rules needs root (run as root or with --sudo)' });
});
