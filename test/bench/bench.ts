// `npm run bench`: the full mesh on 10, 25, 50, 100 and 200 sshd-only lab hosts (pre mode), on a
// 5-host swarm (live mode) and the canary on a 10-node swarm with one node dropping the data-path port
// (canary-broken.ts), with --timeout 2: each a first run and repeats, with wall time, the
// runner's CPU time and peak RSS, the JSON's size, the count of false verdicts (any fail or error on
// this clean lab) and the load average beside each, and the naive serial baseline for the small ones.
// Writes the tables into README.md between the bench markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../../src/model.js';
import { type PackedResult, unpackResult } from '../../src/report/result-codec.js';
import { entriesOf, unsentCounts } from '../../src/untested-hosts.js';
import { Lab } from '../lab/lab.js';
import { measure } from './measure.js';
import { loginFloor } from './login-floor.js';
import { naiveBaseline } from './naive.js';
import { brokenCanary } from './canary-broken.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
const TIMEOUT_S = 2;

interface Run {
  connectToReportS: number; durationS: number; reportS: number; wallS: number;
  cpuS: number; rssMb: number; jsonMb: number;
  /** Fails and errors: on a clean lab every one is false. */
  falseVerdicts: number;
  /** One-minute load average when the run started (other work on the machine included). */
  load: number;
}

interface Row {
  scenario: string; hosts: number; probes: number;
  first: Run; repeats: Run[];
  loginFloorS?: number; baselineS?: number; baselineChecks?: number; verdict: string;
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] as number : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

async function scenario(name: string, hosts: number, docker: boolean, baseline: boolean, repeats: number, extra: string[] = []): Promise<Row> {
  process.stderr.write(`bench: ${name}: bringing up ${hosts} hosts...\n`);
  const lab = await Lab.up({ hosts, docker, managers: docker ? 1 : 3 });
  // A freshly built swarm keeps its daemons busy for a few seconds (tasks, gossip, iptables); a real
  // swarm under test is not in that state, so the measurement starts once it has settled.
  if (docker) await new Promise((resolve) => setTimeout(resolve, 5000));
  try {
    const args = [CLI, 'check', '-i', lab.writeInventory(), '--identity', lab.sshKeyPath, '--known-hosts', lab.knownHostsPath, '--timeout', String(TIMEOUT_S), '--format', 'json', ...extra];
    // The first run meets cold hosts (fresh sshd, empty ARP tables); the repeats are what an operator
    // sees when running it again. Every run must be all pass.
    const runs: Run[] = [];
    const results: RunResult[] = [];
    for (let i = 0; i <= repeats; i++) {
      const load = loadavg()[0] as number;
      const m = await measure(process.execPath, args);
      const result = unpackResult(JSON.parse(m.stdout) as PackedResult);
      results.push(result);
      // From the run's first connection (its startedAt) to the report being out: what the issue calls
      // the whole run. Node's own start-up before that is in reportS.
      const r: Run = {
        connectToReportS: (m.reportAtMs - Date.parse(result.startedAt)) / 1000, durationS: result.durationMs / 1000, reportS: m.reportMs / 1000, wallS: m.wallMs / 1000,
        cpuS: m.cpuS, rssMb: m.peakRssMb, jsonMb: Buffer.byteLength(m.stdout) / 1e6, falseVerdicts: result.summary.fail + result.summary.error, load,
      };
      runs.push(r);
      process.stderr.write(`bench: ${name}: ${hosts} hosts, run ${i + 1}: wall ${r.wallS.toFixed(2)} s, connect -> report ${r.connectToReportS.toFixed(2)} s, CPU ${r.cpuS.toFixed(2)} s, ${r.rssMb.toFixed(0)} MB, JSON ${r.jsonMb.toFixed(2)} MB, ${r.falseVerdicts} false verdicts, load ${r.load.toFixed(2)}, phases ${JSON.stringify(result.phases)}\n`);
    }
    const first = results[0] as RunResult;
    const sum = (k: 'fail' | 'error') => results.reduce((n, r) => n + r.summary[k], 0);
    const verdict = `${first.summary.pass} pass, ${sum('fail')} fail, ${sum('error')} error`;
    // The login cost is measured three times beside the runs (this machine's speed drifts); the median.
    const floors: number[] = [];
    // Under heavy load a login may time out: the floor is then left out, the runs still count.
    if (!docker) for (let i = 0; i < 3; i++) floors.push(...await loginFloor(lab).then((ms) => [ms], () => []));
    const row: Row = {
      // A host out of the run lists no probes: its unsent ones are counted in its entry.
      scenario: name, hosts, probes: first.probes.filter((p) => p.status !== 'skip').length + unsentCounts(entriesOf(first)).error,
      first: runs[0] as Run, repeats: runs.slice(1), verdict,
      ...(floors.length ? { loginFloorS: median(floors) / 1000 } : {}),
    };
    if (baseline) {
      process.stderr.write(`bench: ${name}: naive baseline (serial ssh + nc per pair)...\n`);
      const naive = naiveBaseline(lab, TIMEOUT_S);
      row.baselineS = naive.wallMs / 1000;
      row.baselineChecks = naive.checks;
    }
    process.stderr.write(`bench: ${name}: ${row.loginFloorS?.toFixed(2) ?? '-'} s SSH alone; ${verdict}\n`);
    return row;
  } finally {
    await lab.teardown();
  }
}

const s = (x: number) => `${x.toFixed(2)} s`;

function table(rows: Row[]): string {
  const lines = [
    `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.version}, \`--timeout ${TIMEOUT_S}\`, lab hosts on one machine.`,
    '',
    '*Connect → report* is the whole run as the issue counts it: from the run\'s first connection (the result\'s `startedAt`) until the report is out. The first run meets cold hosts; the repeats are the same check run again right after, given as median (fastest–slowest). *Start → report (exit)* is the first run from starting the CLI (Node and module start-up included) until the report is out, and until the CLI has exited, after every host confirmed its agent stopped.',
    '',
    '*SSH alone* is what logging in to every host at once costs the lab before the tool does anything: one ssh2 connection a host running `true`, until all have closed, median of three beside the runs (the lab hosts\' sshd, PAM and login shell run on the same cores as the runner; on real hosts each does its own).',
    '',
    '| scenario | hosts | probes | connect → report, first run | connect → report, repeats | start → report (exit), first run | SSH alone | runner peak RSS | naive baseline (serial `ssh … nc -z`, TCP only) | speed-up (first run, exit) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const base = r.baselineS === undefined ? 'not run' : `${r.baselineS.toFixed(1)} s (${r.baselineChecks} checks)`;
    const ratio = r.baselineS === undefined ? '' : `${(r.baselineS / r.first.wallS).toFixed(0)}x`;
    const c2r = r.repeats.map((x) => x.connectToReportS);
    const repeats = c2r.length === 0 ? '' : c2r.length === 1 ? s(c2r[0] as number) : `${s(median(c2r))} (${Math.min(...c2r).toFixed(2)}–${Math.max(...c2r).toFixed(2)} s, ${c2r.length} runs)`;
    const rss = Math.max(r.first.rssMb, ...r.repeats.map((x) => x.rssMb));
    lines.push(`| ${r.scenario} | ${r.hosts} | ${r.probes} | ${s(r.first.connectToReportS)} | ${repeats} | ${s(r.first.reportS)} (${s(r.first.wallS)}) | ${r.loginFloorS === undefined ? '' : s(r.loginFloorS)} | ${rss.toFixed(0)} MB | ${base} | ${ratio} |`);
  }
  return lines.join('\n');
}

/** Growth with the number of hosts: every measured run of the pre-mode rows, first and repeat. */
function growth(rows: Row[]): string {
  const lines = [
    'How the pre-mode runs grow from 10 to 200 hosts: every run, first (cold hosts) and repeat. *Wall* is from starting the CLI until it has exited; *CPU* is the runner\'s own user + system time; *false verdicts* counts every fail and error (this lab has no fault, so each would be false); *load* is the machine\'s one-minute load average as the run started (the lab\'s hosts and any other work on the machine share its cores).',
    '',
    '| hosts | probes | run | wall | runner CPU | runner peak RSS | JSON | false verdicts | load |',
    '|---:|---:|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows.filter((x) => x.scenario.startsWith('pre mode'))) {
    for (const [i, run] of [r.first, ...r.repeats].entries()) {
      lines.push(`| ${r.hosts} | ${r.probes} | ${i === 0 ? 'first' : `repeat ${i}`} | ${s(run.wallS)} | ${s(run.cpuS)} | ${run.rssMb.toFixed(0)} MB | ${run.jsonMb.toFixed(2)} MB | ${run.falseVerdicts} | ${run.load.toFixed(2)} |`);
    }
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const available = Lab.available({ docker: true });
  if (!available.ok) {
    process.stderr.write(`bench: the lab cannot run here: ${available.reason}\n`);
    return 2;
  }
  // `bench.js --only 50,200`: just those pre-mode scenarios (`canary`: the broken-node canary), printed, README left alone.
  const only = process.argv.includes('--only') ? (process.argv[process.argv.indexOf('--only') + 1] ?? '').split(',') : undefined;
  const rows: Row[] = [];
  for (const hosts of [10, 25, 50, 100, 200]) {
    // The 50-host run is repeated more, as this machine's speed drifts; 100 and 200 are a first run and a repeat.
    if (only === undefined || only.includes(String(hosts))) rows.push(await scenario('pre mode, sshd only', hosts, false, hosts < 50 && only === undefined, hosts === 50 ? 6 : 1));
  }
  if (only === undefined) {
    rows.push(await scenario('live mode, real swarm', 5, true, false, 1));
    rows.push(await scenario('live mode + canary, real swarm', 5, true, false, 1, ['--canary', '--canary-image', 'spf-busybox:lab']));
  }
  const canary = only === undefined || only.includes('canary') ? await brokenCanary(CLI, TIMEOUT_S, 2) : undefined;
  const text = [rows.length ? `${table(rows)}\n\n${growth(rows)}` : '', canary ? `### The canary with one node broken\n\n${canary.text}` : ''].filter(Boolean).join('\n\n');
  process.stdout.write(`${text}\n`);
  const clean = rows.every((r) => r.verdict.includes(' 0 fail, 0 error')) && (canary?.clean ?? true);
  if (only !== undefined) return clean ? 0 : 1;
  const readme = readFileSync(README, 'utf8');
  const marked = /<!-- bench:start -->[\s\S]*<!-- bench:end -->/;
  if (marked.test(readme)) writeFileSync(README, readme.replace(marked, `<!-- bench:start -->\n${text}\n<!-- bench:end -->`));
  return clean ? 0 : 1;
}

process.exitCode = await main();
