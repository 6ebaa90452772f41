// IdentitiesOnly with a real ssh-agent: only the agent keys matching the identity files are offered.
import { spawn, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { isPreflightError } from '../../src/errors.js';
import { SshSession } from '../../src/ssh/session.js';
import { fixture } from './helpers/fixture.js';
import { eventually, makeKey, type KeyPair } from './helpers/ssh-server.js';
import { existsSync } from 'node:fs';

const haveAgent = spawnSync('ssh-agent', ['-h']).error === undefined;

async function startAgent(t: import('ava').ExecutionContext, dir: string, keys: KeyPair[]): Promise<string> {
  const socket = path.join(dir, 'agent.sock');
  const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  t.teardown(() => {
    agent.kill('SIGTERM');
  });
  if (!(await eventually(() => existsSync(socket), 5000))) throw new Error('ssh-agent did not start');
  for (const [i, key] of keys.entries()) {
    const file = path.join(dir, `agent_key_${i}`);
    await writeFile(file, key.private, { mode: 0o600 });
    const added = spawnSync('ssh-add', [file], { env: { ...process.env, SSH_AUTH_SOCK: socket }, encoding: 'utf8' });
    if (added.status !== 0) throw new Error(`ssh-add failed: ${added.stderr}`);
  }
  return socket;
}

const b64 = (k: KeyPair) => k.blob.toString('base64');

(haveAgent ? test : test.skip)('without IdentitiesOnly the agent offers all its keys, in its order', async (t) => {
  const f = await fixture(t);
  const stranger = makeKey();
  const socket = await startAgent(t, f.dir, [stranger, f.clientKey]);
  const session = await SshSession.connect(f.target, { ...f.options, identityFiles: [], agentSocket: socket });
  session.close();
  t.deepEqual(f.server.stats.offered, [b64(stranger), b64(f.clientKey)]);
});

(haveAgent ? test : test.skip)('with IdentitiesOnly the agent offers only the keys matching the identity files', async (t) => {
  const f = await fixture(t);
  const stranger = makeKey();
  const socket = await startAgent(t, f.dir, [stranger, f.clientKey]);
  // The identity file is only a public key here: the agent holds the private half, as with a passphrase-protected key.
  const pubOnly = path.join(f.dir, 'id_agent_only');
  await writeFile(`${pubOnly}.pub`, f.clientKey.public);
  const session = await SshSession.connect(f.target, { ...f.options, identityFiles: [pubOnly], identityFilesExplicit: false, agentSocket: socket, identitiesOnly: true });
  session.close();
  t.deepEqual(f.server.stats.offered, [b64(f.clientKey)]);
});

(haveAgent ? test : test.skip)('with IdentitiesOnly and no agent key matching, the agent offers nothing and the files are tried', async (t) => {
  const f = await fixture(t);
  const stranger = makeKey();
  const socket = await startAgent(t, f.dir, [stranger]);
  const other = makeKey();
  const otherFile = path.join(f.dir, 'id_other');
  await writeFile(otherFile, other.private, { mode: 0o600 });
  const error = await t.throwsAsync(SshSession.connect(f.target, { ...f.options, identityFiles: [otherFile], agentSocket: socket, identitiesOnly: true }));
  t.true(isPreflightError(error) && error.kind === 'auth');
  t.deepEqual(f.server.stats.offered, [b64(other)], 'the stranger key in the agent was never offered');
});
