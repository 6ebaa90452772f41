// --redact against every message the tool can write about a site: the real producers (host-key
// check, authentication, ProxyCommand, connection errors, the agent's exit, invalid data, the hints
// of every error kind) are run with distinctive values, their messages put in a result the way the
// runner puts them (host errors, host-access findings, causes), and every format of the redacted
// result is searched for each original value.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import { evaluateHostAccess } from '../../checks/host-access.js';
import { remediateProbe } from '../../checks/remediation.js';
import { InvalidDataError } from '../../src/agent/invalid-data.js';
import { RemoteAgent } from '../../src/agent/remote-agent.js';
import { groupCauses } from '../../src/causes/group.js';
import { asPreflightError, type ErrorKind, PreflightError } from '../../src/errors.js';
import type { HostFacts, RunResult } from '../../src/model.js';
import { hintFor } from '../../src/outcome.js';
import { FORMATS } from '../../src/report/formats.js';
import { render } from '../../src/report/index.js';
import { redact } from '../../src/report/redact.js';
import { createAuthHandler, loadCredentials } from '../../src/ssh/auth.js';
import { connectError } from '../../src/ssh/connect-error.js';
import { prepareHostKeyCheck } from '../../src/ssh/host-key-check.js';
import { ProxyCommand } from '../../src/ssh/proxy-command.js';
import { ReadOnce } from '../../src/ssh/read-once.js';
import { fakeStream } from '../agent/fake-stream.js';
import { makeKey } from '../ssh/helpers/ssh-server.js';
import { makeResult, recount, withFacts } from './results.js';

const USER = 'zorbuser';
const HOME_USER = 'zorblax';
const FQDN = 'jump-q.zorbnet.example';
const DOMAIN = 'zorbnet.example';
/** An ssh_config HostName without a dot: only the message's shape says it is a host. */
const CONFIG_HOST = 'zorbhost';
const MAC = '02:42:ac:11:00:99';
const IPV6 = '2001:db8:77::9';
const IPV4 = '10.77.0.9';
const KNOWN_HOSTS_NAME = 'zorb_known';

const ERROR_KINDS: ErrorKind[] = ['usage', 'inventory', 'unreachable', 'timeout', 'auth', 'host-key', 'needs-root', 'tool-missing', 'agent', 'interrupted'];

interface Said { error: PreflightError; hint: string }

async function messages(dir: string): Promise<{ said: Said[]; originals: string[] }> {
  const home = path.join(dir, 'home', HOME_USER, '.ssh');
  mkdirSync(home, { recursive: true });
  const said: Said[] = [];
  const keep = (e: PreflightError) => said.push({ error: e, hint: e.hint ?? hintFor(e.kind) });
  const originals = [USER, HOME_USER, FQDN, DOMAIN, CONFIG_HOST, MAC, IPV6, IPV4, KNOWN_HOSTS_NAME, dir];

  // Host keys: an unknown key, and a changed one, looked up in files under the user's home.
  const presented = makeKey();
  const recorded = makeKey();
  const unknownFile = path.join(home, KNOWN_HOSTS_NAME);
  writeFileSync(unknownFile, '');
  const changedFile = path.join(home, 'known_hosts');
  writeFileSync(changedFile, `[${CONFIG_HOST}]:2222 ${recorded.type} ${recorded.blob.toString('base64')}\n`);
  for (const [host, port, file] of [[FQDN, 22, unknownFile], [CONFIG_HOST, 2222, changedFile]] as const) {
    const check = await prepareHostKeyCheck(host, port, [file], 'strict', new ReadOnce());
    await new Promise<void>((resolve) => { check.verifier(presented.blob, () => resolve()); });
    const refusal = check.refusal!;
    // As the connection reports a refusal (src/ssh/connect.ts).
    keep(new PreflightError('host-key', refusal.message, { hint: refusal.hint }));
    for (const fp of `${refusal.message} ${refusal.hint}`.match(/SHA256:[A-Za-z0-9+/]{43}/g) ?? []) originals.push(fp);
  }
  t_assert(originals.some((o) => o.startsWith('SHA256:')), 'the host-key messages name fingerprints');

  // Authentication: a key file that cannot be read, and every credential refused.
  const keyFile = path.join(home, 'id_zorb');
  try {
    await loadCredentials(USER, [keyFile], undefined, true);
  } catch (error) {
    keep(error as PreflightError);
  }
  keep(createAuthHandler({ credentials: [{ label: keyFile, method: { type: 'none', username: USER } as never }], skipped: [`${path.join(home, 'id_locked')} (needs a passphrase; use ssh-agent)`] }).failure(USER, FQDN));

  // A ProxyCommand that fails at once (no network: it only exits), naming a jump host and a user.
  const proxy = new ProxyCommand(`/bin/sh -c 'echo "channel 0: open failed: ${USER}@${FQDN}" >&2; exit 3' ${USER}@${FQDN} ${IPV4}:22`);
  await proxy.settled(5000);
  keep(proxy.failure(`${CONFIG_HOST}:22`)!);

  // Connection errors to an ssh_config HostName and an IPv6 address.
  keep(connectError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), `${CONFIG_HOST}:2222`, 5000));
  keep(connectError(Object.assign(new Error('Timed out while waiting for handshake'), { level: 'client-timeout' }), `[${IPV6}]:22`, 5000));

  // The agent exits with sudo's complaint, and another with a stack naming a path in the user's home.
  for (const stderr of [`[sudo] password for ${USER}: \nsudo: a password is required`, `Traceback: File "${path.join(dir, 'home', HOME_USER, 'agent.py')}", line 3`]) {
    const { stream, out, err, exit } = fakeStream();
    out.write('{"ev":"ready","pid":9,"uid":1000,"hostname":"b1","python":"3.11.2"}\n');
    const { agent } = await RemoteAgent.start(CONFIG_HOST, stream, 10_000, 5_000);
    err.write(`${stderr}\n`);
    await new Promise((r) => setImmediate(r));
    const waiting = agent.routes([IPV4], 5000);
    exit(1);
    keep(await waiting.then(() => { throw new Error('no exit'); }, (e: PreflightError) => e));
  }
  keep(new InvalidDataError(`docker info Swarm.NodeAddr "${FQDN}" is not an IP address`, CONFIG_HOST));
  for (const kind of ERROR_KINDS) said.push({ error: asPreflightError(new Error(`${kind} on ${USER}@${FQDN} via ${IPV6}`), kind), hint: hintFor(kind) });
  return { said, originals };
}

function t_assert(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

/** One host per message, unreachable with it, as the runner records it; probes, findings and causes from the checks. */
function resultOf(said: Said[]): RunResult {
  const result = withFacts(makeResult(said.length + 2, (from, to, protocol) => (to === 'n2' && protocol === 'udp' ? 'fail' : 'pass')));
  said.forEach(({ error }, i) => {
    const host = result.hosts[i + 2];
    Object.assign(host, { reachable: error.kind !== 'unreachable' && error.kind !== 'timeout', error: error.message, errorKind: error.kind, facts: undefined });
    for (const p of result.probes) {
      if ((p.from === host.id || p.to === host.id) && p.status !== 'skip') Object.assign(p, { status: 'error', reason: error.kind, detail: `could not test on ${host.id}: ${error.message}`, ms: null });
    }
  });
  result.hosts[0].facts = { ...result.hosts[0].facts, hostname: FQDN, interfaces: [{ name: 'eth0', mac: MAC, addresses: [IPV6, IPV4] }], probeAddress: IPV6  } as HostFacts;
  for (const p of result.probes) {
    if (p.status === 'fail') p.remediation = remediateProbe(p, { firewall: () => 'ufw', address: () => IPV4 });
  }
  said.forEach(({ hint }, i) => result.findings.push(...evaluateHostAccess(result.hosts[i + 2], hint)));
  recount(result);
  result.causes = groupCauses(result);
  return result;
}

test('no user name, path, fingerprint, DNS or ssh_config name, jump host, proxy command, MAC or address survives --redact in any format', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'spf-redact-'));
  try {
    const { said, originals } = await messages(dir);
    const all = said.flatMap((s) => [s.error.message, s.hint]).join('\n');
    // The messages do carry the values (else this test would prove nothing).
    for (const value of [USER, HOME_USER, FQDN, CONFIG_HOST, IPV4, IPV6, KNOWN_HOSTS_NAME]) t.true(all.includes(value), `some message names ${value}`);
    t.regex(all, /SHA256:/);
    const result = resultOf(said);
    const redacted = redact(result);
    for (const format of FORMATS) {
      const out = render(format, redacted, { color: false, matrix: true });
      const leaks = originals.filter((o) => out.includes(o));
      t.deepEqual(leaks, [], `${format}: ${leaks.map((l) => out.slice(Math.max(0, out.indexOf(l) - 60), out.indexOf(l) + l.length + 20)).join(' || ')}`);
    }
    // Still a useful report: the kinds of error and the shape of the messages stay.
    t.true(redacted.hosts.some((h) => /host key for host-\d+:22 is not known \(fp-\d+\)/.test(h.error ?? '')), JSON.stringify(redacted.hosts.map((h) => h.error)));
    t.true(redacted.hosts.some((h) => /host key for name-\d+:2222 CHANGED: presented fp-\d+, path-\d+:1 has fp-\d+/.test(h.error ?? '')));
    t.true(redacted.hosts.some((h) => /invalid data: docker info Swarm\.NodeAddr/.test(h.error ?? '')), 'field names are not taken for DNS names');
    t.true(redacted.hosts.some((h) => /authentication failed for user-\d+@(?:host|name)-\d+/.test(h.error ?? '')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
