import test from 'ava';
import { writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { ReadOnce } from '../../src/ssh/read-once.js';
import { makeKey, tempDir } from './helpers/ssh-server.js';

test('a run parses a known_hosts file once, and a file changed on disk afterwards is not read again', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  const file = path.join(dir, 'known_hosts');
  const key = makeKey();
  await writeFile(file, `h1 ${key.public}\n`);
  const once = new ReadOnce();
  const first = await once.loadKnownHosts([file]);
  await rm(file);
  t.is(await once.loadKnownHosts([file]), first, 'the same entries, not a second read');
  t.is(first.length, 1);
  t.deepEqual(await new ReadOnce().loadKnownHosts([file]), [], 'a new run reads the file again (now missing)');
});

test('a run loads an identity once and offers ssh2 the parsed key', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  const file = path.join(dir, 'id_ed25519');
  await writeFile(file, makeKey().private, { mode: 0o600 });
  const once = new ReadOnce();
  const a = await once.loadCredentials('root', [file], undefined, true);
  const b = await once.loadCredentials('root', [file], undefined, true);
  t.is(a, b);
  const method = a.credentials[0]?.method as { type: string; key: { isPrivateKey(): boolean } };
  t.is(method.type, 'publickey');
  t.true(method.key.isPrivateKey(), 'a parsed private key, not the file bytes');
  t.not(await once.loadCredentials('admin', [file], undefined, true), a, 'another user is another entry');
});
