// An agent that says "ready" and then nothing more: its host is the error, found before the run's
// deadline, and the healthy peer is never blamed for what the mute one did not do. Two hosts behind
// in-process SSH servers: a real agent on h1, a mute one on h2.
import test from 'ava';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HostSpec, RunResult } from '../../src/model.js';
import type { RunOptions } from '../../src/run/options.js';
import { runCheck } from '../../src/run/runner.js';
import { untestedView } from '../../src/untested-hosts.js';
import { fixture } from '../ssh/helpers/fixture.js';
import { tempDir } from '../ssh/helpers/ssh-server.js';

const READY = JSON.stringify({ ev: 'ready', pid: 1, uid: 0, hostname: 'h2', python: '3.11.2', dockerSocket: true });

async function run(t: Parameters<typeof fixture>[0], deadlineMs: number): Promise<{ result: RunResult; ms: number }> {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  await writeFile(path.join(dir, 'python3'), `#!/bin/sh\necho '${READY}'\nexec sleep 600\n`);
  await chmod(path.join(dir, 'python3'), 0o755);
  const healthy = await fixture(t, { shellPath: '/usr/bin:/bin' });
  const mute = await fixture(t, { shellPath: `${dir}:/usr/bin:/bin` });
  const hosts: HostSpec[] = [
    { id: 'h1', address: '127.0.0.1', port: healthy.server.port, user: 'root', role: 'manager' },
    { id: 'h2', address: '127.0.0.1', port: mute.server.port, user: 'root', role: 'worker' },
  ];
  const options: RunOptions = {
    mode: 'pre', timeoutMs: 1000, deadlineMs, concurrency: 4, sudo: 'none', reserved: [],
    ssh: {
      identityFiles: [healthy.keyFile, mute.keyFile], identityExplicit: true, knownHostsFiles: [healthy.knownHosts, mute.knownHosts], knownHostsExplicit: true,
      hostKeyCheck: 'strict', hostKeyCheckExplicit: true, connectTimeoutMs: 5000, connectTimeoutExplicit: true,
    },
  };
  const started = Date.now();
  const result = await runCheck(hosts, options);
  return { result, ms: Date.now() - started };
}

function checkBlame(t: Parameters<typeof fixture>[0], result: RunResult): void {
  const h1 = result.hosts.find((h) => h.id === 'h1');
  t.is(h1?.error ?? null, null, 'the healthy host has no error');
  // h2 left the run before probing: its probes are its `untested` entry's.
  const tested = [...result.probes, ...untestedView(result).probes()].filter((p) => p.status !== 'skip');
  t.true(tested.length > 0);
  for (const p of tested) {
    t.is(p.status, 'error');
    t.notRegex(p.detail, /h1 opened no receiver|could not test (on|from) h1/, p.detail);
    t.regex(p.detail, /h2/, p.detail);
  }
}

test('a mute agent is its own host\'s error once its first request goes unanswered, and the peer is not blamed', async (t) => {
  const { result, ms } = await run(t, 25000);
  const h2 = result.hosts.find((h) => h.id === 'h2');
  t.regex(h2?.error ?? '', /h2: the agent did not answer within 10000 ms \(waiting for docker's answer to GET \/info\)/);
  t.true(ms < 20000, `took ${ms} ms`);
  t.falsy(result.deadlinePassed);
  checkBlame(t, result);
});

test('a mute agent still pending when the deadline passes is the error, not its healthy peer', async (t) => {
  const { result, ms } = await run(t, 4000);
  const h2 = result.hosts.find((h) => h.id === 'h2');
  t.regex(h2?.error ?? '', /h2: still waiting for docker's answer to GET \/info when the run's deadline \(4 s\) passed/);
  t.true(ms < 4000 + 4500, `took ${ms} ms`);
  t.true(result.deadlinePassed);
  checkBlame(t, result);
});
