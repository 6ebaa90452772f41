// Regenerates examples/lab-report.*, examples/lab50-report.* and test/fixtures/lab/result.json from
// real lab runs:
//   npm run build && node dist/test/lab/examples.js
// Needs root and the lab packages (test/lab/install-deps.sh); takes the lab for about two minutes.
// A 3-host swarm with one fault (n3 drops 4789/udp from n2), and 50 sshd-only hosts with four faulty
// ones (n7 drops 7946/udp and 4789/udp, n12 rejects 7946/tcp, n20's own firewall drops 4789/udp out,
// n31 drops 7946/tcp from n30), each checked once; every other format is rendered from that run's
// JSON with `report`, so all examples of a run show the same run. The browser test
// (test/report/html-browser.test.ts) then uses the saved 3-host JSON instead of a hand-made fixture.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../../src/model.js';
import { type PackedResult, unpackResult } from '../../src/report/result-codec.js';
import { chromiumAvailable, screenshotFile } from '../report/browser.js';
import { Lab } from './lab.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = path.join(ROOT, 'dist/src/cli.js');
const EXAMPLES = path.join(ROOT, 'examples');
const JSON_OUT = path.join(EXAMPLES, 'lab-report.json');
const JSON_50 = path.join(EXAMPLES, 'lab50-report.json');
const FIXTURE = path.join(ROOT, 'test/fixtures/lab/result.json');
/** The one failure the fault must cause; anything else means the run is not a good example. */
const EXPECTED_FAILS = ['n2>n3 4789/udp'];

const FORMATS: [format: string, ext: string, extra: string[]][] = [
  ['table', 'txt', ['--no-color']],
  ['markdown', 'md', []],
  ['html', 'html', []],
  ['junit', 'xml', []],
];

function say(text: string): void {
  process.stderr.write(`examples: ${text}\n`);
}

/** Runs the built CLI from the repository root (so relative paths in messages stay short). */
function cli(args: string[]): number | null {
  say(`swarm-preflight ${args.join(' ')}`);
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, SSH_AUTH_SOCK: '' } }).status;
}

async function checkLab(): Promise<void> {
  say('bringing up 3 hosts (n1 manager, n2 and n3 workers) with dockerd in one swarm...');
  const lab = await Lab.up({ hosts: 3, docker: true, managers: 1 });
  try {
    await lab.drop('n3', { proto: 'udp', port: 4789, direction: 'in', peer: 'n2' });
    const code = cli(['check', '-i', lab.writeInventory(), '--identity', lab.sshKeyPath, '--known-hosts', lab.knownHostsPath, '--connect-timeout', '3', '--quiet', '--format', 'json', '-o', path.relative(ROOT, JSON_OUT)]);
    // 1 = at least one fail, which is what the fault is for.
    if (code !== 1) throw new Error(`the check exited ${code}, expected 1`);
  } finally {
    say('tearing the lab down...');
    await lab.teardown();
  }
}

/** 50 hosts, four of them faulty in four different ways: the causes example. */
async function checkLab50(): Promise<void> {
  say('bringing up 50 sshd-only hosts (n1 manager)...');
  const lab = await Lab.up({ hosts: 50, managers: 1 });
  try {
    await lab.drop('n7', { proto: 'udp', port: 7946, direction: 'in' });
    await lab.drop('n7', { proto: 'udp', port: 4789, direction: 'in' });
    await lab.reject('n12', { proto: 'tcp', port: 7946, direction: 'in' });
    await lab.drop('n20', { proto: 'udp', port: 4789, direction: 'out' });
    await lab.drop('n31', { proto: 'tcp', port: 7946, direction: 'in', peer: 'n30' });
    const code = cli(['check', '-i', lab.writeInventory(), '--identity', lab.sshKeyPath, '--known-hosts', lab.knownHostsPath, '--connect-timeout', '20', '--timeout', '2', '--quiet', '--format', 'json', '-o', path.relative(ROOT, JSON_50)]);
    if (code !== 1) throw new Error(`the 50-host check exited ${code}, expected 1`);
  } finally {
    say('tearing the lab down...');
    await lab.teardown();
  }
  const result = unpackResult(JSON.parse(readFileSync(JSON_50, 'utf8')) as PackedResult);
  const causes = (result.causes ?? []).map((c) => `${c.kind} ${c.hosts[0]}`).sort();
  const want = ['inbound-blocked n12', 'inbound-blocked n7', 'outbound-blocked n20', 'pair-blocked n31'];
  if (JSON.stringify(causes) !== JSON.stringify(want)) throw new Error(`expected the causes ${want.join(', ')}, got ${causes.join(', ')}`);
}

/** The saved run must show exactly the injected fault, or it would mislead as an example and fixture. */
function verify(): void {
  const result = unpackResult(JSON.parse(readFileSync(JSON_OUT, 'utf8')) as PackedResult);
  const fails = result.probes.filter((p) => p.status === 'fail').map((p) => `${p.from}>${p.to} ${p.port}/${p.protocol}`).sort();
  if (JSON.stringify(fails) !== JSON.stringify(EXPECTED_FAILS)) throw new Error(`expected fails ${EXPECTED_FAILS.join(', ')}, got ${fails.join(', ') || 'none'}`);
  // The one error allowed is the consequence of the fault: path MTU cannot be measured over the
  // blocked data-path port between the same two hosts.
  const errors = [...result.probes, ...result.findings].filter((x) => x.status === 'error');
  const expected = (x: { status: string; check?: string; from?: string; to?: string }) => x.check === 'path-mtu' && x.from === 'n2' && x.to === 'n3';
  if (errors.some((x) => !expected(x))) throw new Error(`${errors.length} probes or findings errored beyond the fault: not a clean example`);
  if (result.untested?.length) throw new Error(`${result.untested.map((u) => u.host).join(', ')} took no part in the probes: not a clean example`);
}

async function main(): Promise<number> {
  const available = Lab.available({ docker: true });
  if (!available.ok) {
    say(`the lab cannot run here: ${available.reason}`);
    return 2;
  }
  if (!existsSync(CLI)) {
    say(`${CLI} is missing: run npm run build first`);
    return 2;
  }
  mkdirSync(EXAMPLES, { recursive: true });
  await checkLab();
  verify();
  await checkLab50();
  for (const [json, name] of [[JSON_OUT, 'lab-report'], [JSON_50, 'lab50-report']]) {
    for (const [format, ext, extra] of FORMATS) {
      const code = cli(['report', path.relative(ROOT, json), '--format', format, ...extra, '-o', `examples/${name}.${ext}`]);
      if (code !== 0 && code !== 1) throw new Error(`report --format ${format} exited ${code}`);
    }
  }
  mkdirSync(path.dirname(FIXTURE), { recursive: true });
  copyFileSync(JSON_OUT, FIXTURE);
  say(`copied ${path.relative(ROOT, JSON_OUT)} to ${path.relative(ROOT, FIXTURE)}`);
  if (chromiumAvailable()) {
    await screenshotFile(path.join(EXAMPLES, 'lab-report.html'), path.join(EXAMPLES, 'report-screenshot.png'));
    await screenshotFile(path.join(EXAMPLES, 'lab50-report.html'), path.join(EXAMPLES, 'report50-first-screen.png'), { firstScreen: true });
    say('wrote examples/report-screenshot.png and examples/report50-first-screen.png');
  } else {
    say('no /usr/bin/chromium: skipped examples/report-screenshot.png (apt-get install chromium)');
  }
  return 0;
}

process.exitCode = await main();
