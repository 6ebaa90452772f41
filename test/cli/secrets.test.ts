// Secrets never reach a report: the private key, the agent socket and passphrase variables stay out
// of every format, redacted or not. The CLI logs in to an in-process SSH server on loopback with a key
// it does not accept, so the run goes as far as authentication.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import { CLI, runCli } from './helpers/run-cli.js';
import { makeKey, startServer } from '../ssh/helpers/ssh-server.js';

const SENTINEL = 'SENTINEL-7f3a9c';

test('no report format carries the private key, the agent socket or a passphrase variable', async (t) => {
  const hostKey = makeKey();
  const server = await startServer({ hostKeys: [hostKey], authorized: [makeKey()] });
  const dir = mkdtempSync(path.join(tmpdir(), 'spf-secrets-'));
  try {
    const wrong = makeKey();
    const key = path.join(dir, 'id_ed25519');
    writeFileSync(key, wrong.private, { mode: 0o600 });
    // A distinctive piece of the private key's body: if any of it shows up, the key leaked.
    const keyBody = wrong.private.split('\n')[2] as string;
    const known = path.join(dir, 'known_hosts');
    writeFileSync(known, `[127.0.0.1]:${server.port} ${hostKey.public}\n`);
    const env = { ...process.env, HOME: dir, SSH_AUTH_SOCK: path.join(dir, `${SENTINEL}.sock`), SSH_PASSPHRASE: SENTINEL, CI: '1' };
    const json = path.join(dir, 'result.json');
    const run = await runCli(['check', '--hosts', `root@127.0.0.1:${server.port}`, '--identity', key, '--known-hosts', known,
      '--connect-timeout', '3', '--timeout', '1', '--format', 'json', '-o', json], env);
    t.is(run.status, 3, run.stderr);
    t.true(server.stats.authAttempts > 0, 'the run got as far as authentication');
    for (const format of ['json', 'table', 'markdown', 'html', 'junit']) {
      for (const redact of [[], ['--redact']]) {
        const out = spawnSync(process.execPath, [CLI, 'report', json, '--format', format, ...redact], { env, encoding: 'utf8' });
        const label = `${format}${redact.length ? ' redacted' : ''}`;
        t.regex(out.stdout, /auth/i, `${label} reports the authentication error`);
        t.false(out.stdout.includes(SENTINEL), `${label} names no agent socket or passphrase`);
        t.false(out.stdout.includes(keyBody), `${label} carries no key material`);
      }
    }
    t.false(`${run.stdout}${run.stderr}`.includes(keyBody));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  }
});
