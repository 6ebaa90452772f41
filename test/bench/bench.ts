// `npm run bench`: the full mesh on 10, 25 and 50 sshd-only lab hosts (pre mode) and on a 5-host swarm
// (live mode), with --timeout 2: wall time and the runner's peak RSS, beside the naive serial baseline.
// Writes the table into README.md between the bench markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../../src/model.js';
import { Lab } from '../lab/lab.js';
import { measure } from './measure.js';
import { loginFloor } from './login-floor.js';
import { naiveBaseline } from './naive.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
// Every scenario's result must be all pass: a benchmark of a broken run measures nothing.
const TIMEOUT_S = 2;

interface Row { loginFloorS?: number; scenario: string; hosts: number; probes: number; runS: number; repeatRunS: number; reportS: number; wallS: number; repeatReportS: number; repeatS: number; rssMb: number; baselineS?: number; baselineChecks?: number; verdict: string }

async function scenario(name: string, hosts: number, docker: boolean, baseline: boolean, extra: string[] = []): Promise<Row> {
  process.stderr.write(`bench: ${name}: bringing up ${hosts} hosts...\n`);
  const lab = await Lab.up({ hosts, docker, managers: docker ? 1 : 3 });
  // A freshly built swarm keeps its daemons busy for a few seconds (tasks, gossip, iptables); a real
  // swarm under test is not in that state, so the measurement starts once it has settled.
  if (docker) await new Promise((resolve) => setTimeout(resolve, 5000));
  try {
    const args = [CLI, 'check', '-i', lab.writeInventory(), '--identity', lab.sshKeyPath, '--known-hosts', lab.knownHostsPath, '--timeout', String(TIMEOUT_S), '--format', 'json', ...extra];
    // The first run meets cold hosts (fresh sshd, empty ARP tables); the repeat is what an operator
    // sees when running it again. Both are reported, and both must be all pass.
    const run = await measure(process.execPath, args);
    const again = await measure(process.execPath, args);
    const result = JSON.parse(run.stdout) as RunResult;
    const s = result.summary;
    const second = JSON.parse(again.stdout) as RunResult;
    const s2 = second.summary;
    const verdict = `${s.pass} pass, ${s.fail + s2.fail} fail, ${s.error + s2.error} error`;
    const floorMs = docker ? undefined : await loginFloor(lab);
    const row: Row = {
      ...(floorMs === undefined ? {} : { loginFloorS: floorMs / 1000 }),
      scenario: name, hosts, probes: result.probes.filter((p) => p.status !== 'skip').length,
      runS: result.durationMs / 1000, repeatRunS: second.durationMs / 1000,
      reportS: run.reportMs / 1000, wallS: run.wallMs / 1000, repeatReportS: again.reportMs / 1000, repeatS: again.wallMs / 1000,
      rssMb: Math.max(run.peakRssMb, again.peakRssMb), verdict,
    };
    if (baseline) {
      process.stderr.write(`bench: ${name}: naive baseline (serial ssh + nc per pair)...\n`);
      const naive = naiveBaseline(lab, TIMEOUT_S);
      row.baselineS = naive.wallMs / 1000;
      row.baselineChecks = naive.checks;
    }
    process.stderr.write(`bench: ${name}: run ${row.runS.toFixed(2)} s, report ${row.reportS.toFixed(2)} s (exit ${row.wallS.toFixed(2)} s), then ${row.repeatRunS.toFixed(2)} s, ${row.repeatReportS.toFixed(2)} s (${row.repeatS.toFixed(2)} s), ${row.rssMb.toFixed(0)} MB, ${row.verdict}\n`);
    return row;
  } finally {
    await lab.teardown();
  }
}

function table(rows: Row[]): string {
  const lines = [
    `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.version}, \`--timeout ${TIMEOUT_S}\`, lab hosts on one machine.`,
    '',
    'Each run has three times: the run itself, from its first connection to its result (the result\'s `durationMs`); from starting the CLI until the report is out (Node and module start-up included); and, in brackets, until the CLI has exited, which is after every host confirmed its agent stopped.',
    '',
    'SSH alone is what logging in to every host at once costs the lab before the tool does anything: one ssh2 connection a host running `true`, until all have closed (the lab hosts\' sshd, PAM and login shell run on the same cores as the runner).',
    '',
    '| scenario | hosts | probes | first run: connect → result · report (exit) | repeat: connect → result · report (exit) | SSH alone | runner peak RSS | naive baseline (serial `ssh … nc -z`, TCP only) | speed-up (first run, exit) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const base = r.baselineS === undefined ? 'not run' : `${r.baselineS.toFixed(1)} s (${r.baselineChecks} checks)`;
    const ratio = r.baselineS === undefined ? '' : `${(r.baselineS / r.wallS).toFixed(0)}x`;
    lines.push(`| ${r.scenario} | ${r.hosts} | ${r.probes} | ${r.runS.toFixed(2)} s · ${r.reportS.toFixed(2)} s (${r.wallS.toFixed(2)} s) | ${r.repeatRunS.toFixed(2)} s · ${r.repeatReportS.toFixed(2)} s (${r.repeatS.toFixed(2)} s) | ${r.loginFloorS === undefined ? '' : `${r.loginFloorS.toFixed(2)} s`} | ${r.rssMb.toFixed(0)} MB | ${base} | ${ratio} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const available = Lab.available({ docker: true });
  if (!available.ok) {
    process.stderr.write(`bench: the lab cannot run here: ${available.reason}\n`);
    return 2;
  }
  // `bench.js --only 50`: just the 50-host pre-mode scenario, printed, README left alone.
  const only = process.argv.includes('--only') ? Number(process.argv[process.argv.indexOf('--only') + 1]) : undefined;
  const rows: Row[] = [];
  for (const hosts of [10, 25, 50]) {
    if (only === undefined || only === hosts) rows.push(await scenario('pre mode, sshd only', hosts, false, hosts < 50 && only === undefined));
  }
  if (only === undefined) {
    rows.push(await scenario('live mode, real swarm', 5, true, false));
    rows.push(await scenario('live mode + canary, real swarm', 5, true, false, ['--canary', '--canary-image', 'spf-busybox:lab']));
  }
  const text = table(rows);
  process.stdout.write(`${text}\n`);
  if (only !== undefined) return rows.every((r) => r.verdict.includes(' 0 fail, 0 error')) ? 0 : 1;
  const readme = readFileSync(README, 'utf8');
  const marked = /<!-- bench:start -->[\s\S]*<!-- bench:end -->/;
  if (marked.test(readme)) writeFileSync(README, readme.replace(marked, `<!-- bench:start -->\n${text}\n<!-- bench:end -->`));
  return rows.every((r) => r.verdict.includes(' 0 fail, 0 error')) ? 0 : 1;
}

process.exitCode = await main();
