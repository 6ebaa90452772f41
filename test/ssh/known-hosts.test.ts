import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import {
  appendKnownHost,
  fingerprint,
  keyTypeOf,
  loadKnownHosts,
  lookup,
  parseKnownHosts,
  verify,
} from '../../src/ssh/known-hosts.js';
import { makeKey, tempDir } from './helpers/ssh-server.js';

const ed = makeKey();
const other = makeKey();
const b64 = (blob: Buffer) => blob.toString('base64');

function hashedHost(name: string, salt = randomBytes(20)): string {
  const mac = createHmac('sha1', salt).update(name).digest();
  return `|1|${salt.toString('base64')}|${mac.toString('base64')}`;
}

test('a plain entry with several comma-separated hosts is found for each of them on port 22', (t) => {
  const entries = parseKnownHosts(`node1,198.18.0.11 ssh-ed25519 ${b64(ed.blob)} root@node1\n`);
  t.is(lookup(entries, 'node1', 22).length, 1);
  t.deepEqual(lookup(entries, '198.18.0.11', 22)[0]?.key, b64(ed.blob));
  t.is(lookup(entries, 'node2', 22).length, 0);
});

test('host names are matched case-insensitively', (t) => {
  const entries = parseKnownHosts(`Node1.Example.ORG ssh-ed25519 ${b64(ed.blob)}\n`);
  t.is(lookup(entries, 'node1.example.org', 22).length, 1);
});

test('a [host]:port entry matches only that port, and a bare host entry only port 22', (t) => {
  const entries = parseKnownHosts(`[10.0.0.5]:2222 ssh-ed25519 ${b64(ed.blob)}\n10.0.0.5 ssh-ed25519 ${b64(other.blob)}\n`);
  t.deepEqual(lookup(entries, '10.0.0.5', 2222).map((k) => k.key), [b64(ed.blob)]);
  t.deepEqual(lookup(entries, '10.0.0.5', 22).map((k) => k.key), [b64(other.blob)]);
  t.is(lookup(entries, '10.0.0.5', 2200).length, 0);
});

test('a hashed entry matches the host it was hashed from with HMAC-SHA1 and its salt', (t) => {
  const text = `${hashedHost('198.18.0.11')} ssh-ed25519 ${b64(ed.blob)}\n${hashedHost('[198.18.0.12]:2222')} ssh-ed25519 ${b64(other.blob)}\n`;
  const entries = parseKnownHosts(text);
  t.deepEqual(lookup(entries, '198.18.0.11', 22).map((k) => k.key), [b64(ed.blob)]);
  t.deepEqual(lookup(entries, '198.18.0.12', 2222).map((k) => k.key), [b64(other.blob)]);
  t.is(lookup(entries, '198.18.0.12', 22).length, 0);
  t.is(lookup(entries, '198.18.0.13', 22).length, 0);
});

test('wildcards * and ? match host patterns', (t) => {
  const entries = parseKnownHosts(`*.swarm.lan,10.1.?.1 ssh-ed25519 ${b64(ed.blob)}\n`);
  t.is(lookup(entries, 'manager1.swarm.lan', 22).length, 1);
  t.is(lookup(entries, '10.1.7.1', 22).length, 1);
  t.is(lookup(entries, '10.1.17.1', 22).length, 0);
  t.is(lookup(entries, 'swarm.lan.evil', 22).length, 0);
});

test('a negated pattern excludes a host that another pattern on the line matches', (t) => {
  const entries = parseKnownHosts(`*.swarm.lan,!bastion.swarm.lan ssh-ed25519 ${b64(ed.blob)}\n`);
  t.is(lookup(entries, 'node1.swarm.lan', 22).length, 1);
  t.is(lookup(entries, 'bastion.swarm.lan', 22).length, 0);
});

test('comments, blank lines, malformed lines and unknown markers are skipped', (t) => {
  const text = [
    '# a comment',
    '',
    'node1 ssh-ed25519',
    'node1 ssh-ed25519 not*base64',
    `@bogus node1 ssh-ed25519 ${b64(other.blob)}`,
    `node1 ssh-ed25519 ${b64(ed.blob)}`,
  ].join('\n');
  const entries = parseKnownHosts(text, 'kh');
  t.is(entries.length, 1);
  t.is(entries[0]?.line, 6);
  t.is(entries[0]?.file, 'kh');
});

test('@cert-authority lines are kept, flagged, and never count as the host\'s own key', (t) => {
  const rsaBlob = Buffer.concat([Buffer.from([0, 0, 0, 7]), Buffer.from('ssh-rsa'), Buffer.alloc(8, 1)]);
  const text = [`@cert-authority *.swarm.lan ssh-ed25519 ${b64(other.blob)}`, `m1.swarm.lan ssh-rsa ${b64(rsaBlob)}`].join('\n');
  const entries = parseKnownHosts(text, 'kh');
  t.is(entries.length, 2);
  t.is(entries[0]?.marker, 'cert-authority');
  const known = lookup(entries, 'm1.swarm.lan', 22);
  t.deepEqual(known.map((k) => k.certAuthority === true), [true, false]);
  // The CA's own key presented by the host is not a match, and an ed25519 CA does not make an ed25519 key a "change".
  t.is(verify(known, other.blob), 'unknown');
  t.is(verify(known, ed.blob), 'unknown');
  t.is(verify(known, rsaBlob), 'match');
});

test('verify says match for a known key and mismatch for another key of the same type', (t) => {
  const known = lookup(parseKnownHosts(`node1 ssh-ed25519 ${b64(ed.blob)}\n`), 'node1', 22);
  t.is(verify(known, ed.blob), 'match');
  t.is(verify(known, other.blob), 'mismatch');
});

test('verify says unknown when nothing is known, or only keys of another type', (t) => {
  t.is(verify([], ed.blob), 'unknown');
  const rsaOnly = [{ type: 'ssh-rsa', key: b64(Buffer.concat([Buffer.from([0, 0, 0, 7]), Buffer.from('ssh-rsa'), Buffer.alloc(8)])), revoked: false }];
  t.is(verify(rsaOnly, ed.blob), 'unknown');
});

test('a key marked @revoked is refused even when the same key is also listed as known', (t) => {
  const text = `@revoked * ssh-ed25519 ${b64(ed.blob)}\nnode1 ssh-ed25519 ${b64(ed.blob)}\n`;
  const known = lookup(parseKnownHosts(text), 'node1', 22);
  t.true(known.some((k) => k.revoked));
  t.is(verify(known, ed.blob), 'revoked');
  t.is(verify(known, other.blob), 'mismatch');
});

test('fingerprint prints SHA256 in unpadded base64 as ssh-keygen -l does', (t) => {
  const expected = createHash('sha256').update(ed.blob).digest('base64').replace(/=+$/, '');
  t.is(fingerprint(ed.blob), `SHA256:${expected}`);
  t.false(fingerprint(ed.blob).endsWith('='));
  t.is(fingerprint(ed.blob).length, 'SHA256:'.length + 43);
});

test('keyTypeOf reads the type name inside a key blob', (t) => {
  t.is(keyTypeOf(ed.blob), 'ssh-ed25519');
  t.is(keyTypeOf(Buffer.from([0, 0, 0, 99])), undefined);
});

test('appendKnownHost writes [host]:port for a non-22 port and the result is found by lookup', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  const file = path.join(dir, 'sub', 'known_hosts');
  await appendKnownHost(file, '10.0.0.5', 2222, 'ssh-ed25519', ed.blob);
  await appendKnownHost(file, '10.0.0.6', 22, 'ssh-ed25519', other.blob);
  const text = await readFile(file, 'utf8');
  t.is(text, `[10.0.0.5]:2222 ssh-ed25519 ${b64(ed.blob)}\n10.0.0.6 ssh-ed25519 ${b64(other.blob)}\n`);
  const entries = await loadKnownHosts([file]);
  t.is(verify(lookup(entries, '10.0.0.5', 2222), ed.blob), 'match');
});

test('appendKnownHost starts a new line when the file does not end with one', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  const file = path.join(dir, 'known_hosts');
  await writeFile(file, `node1 ssh-ed25519 ${b64(other.blob)}`);
  await appendKnownHost(file, 'node2', 22, 'ssh-ed25519', ed.blob);
  const lines = (await readFile(file, 'utf8')).split('\n');
  t.is(lines[1], `node2 ssh-ed25519 ${b64(ed.blob)}`);
});

test('several known_hosts files are read in order and a missing one is skipped', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  const a = path.join(dir, 'a');
  const b = path.join(dir, 'b');
  await writeFile(a, `node1 ssh-ed25519 ${b64(ed.blob)}\n`);
  await writeFile(b, `node2 ssh-ed25519 ${b64(other.blob)}\n`);
  const entries = await loadKnownHosts([a, path.join(dir, 'missing'), b]);
  t.deepEqual(entries.map((e) => [e.file, e.line]), [[a, 1], [b, 1]]);
  t.is(lookup(entries, 'node2', 22)[0]?.file, b);
});
