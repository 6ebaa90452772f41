// The canary when something is broken: a 10-node swarm whose n7 drops the data-path port (4789/udp)
// from every peer, checked with --canary, a first run and repeats. Each run is judged pair by pair
// (broken-node.ts) and the lab is searched for anything left behind; beside the runs, the same docker
// work without the tool (docker-floor.ts) shows what the lab's docker alone costs on this machine.
import { cpus, loadavg } from 'node:os';
import type { RunResult } from '../../src/model.js';
import { type PackedResult, unpackResult } from '../../src/report/result-codec.js';
import { Lab } from '../lab/lab.js';
import { judgeBrokenNode } from './broken-node.js';
import { dockerFloor, type DockerFloor } from './docker-floor.js';
import { measure } from './measure.js';

const IMAGE = 'spf-busybox:lab';
const NODES = 10;
const BROKEN = 'n7';
const PORT = 4789;

interface CanaryRun {
  wallS: number; connectToReportS: number; load: number;
  phases: Record<string, number>; canary: Record<string, number>;
  falseVerdicts: number; canaryFails: number; leftovers: string[];
}

export interface CanaryBench { runs: CanaryRun[]; floors: DockerFloor[]; text: string; clean: boolean }

export async function brokenCanary(cli: string, timeoutS: number, repeats: number): Promise<CanaryBench> {
  process.stderr.write(`bench: canary: bringing up ${NODES} docker hosts...\n`);
  const lab = await Lab.up({ hosts: NODES, docker: true, managers: 1 });
  // As for the other swarms: a freshly built one keeps its daemons busy for a few seconds.
  await new Promise((resolve) => setTimeout(resolve, 5000));
  try {
    const floors: DockerFloor[] = [];
    const floor = async () => {
      const f = await dockerFloor(lab, IMAGE);
      floors.push(f);
      process.stderr.write(`bench: canary: docker alone: ${JSON.stringify(f)}\n`);
    };
    await floor();
    await lab.drop(BROKEN, { proto: 'udp', port: PORT, direction: 'in' });
    const args = [cli, 'check', '-i', lab.writeInventory(), '--identity', lab.sshKeyPath, '--known-hosts', lab.knownHostsPath,
      '--timeout', String(timeoutS), '--format', 'json', '--canary', '--canary-image', IMAGE];
    const runs: CanaryRun[] = [];
    for (let i = 0; i <= repeats; i++) {
      const load = loadavg()[0] as number;
      const m = await measure(process.execPath, args);
      const result: RunResult = unpackResult(JSON.parse(m.stdout) as PackedResult);
      const judged = judgeBrokenNode(result, BROKEN, PORT);
      const timings = (result.findings.find((f) => f.check === 'canary')?.evidence?.timings ?? {}) as Record<string, number>;
      const run: CanaryRun = {
        wallS: m.wallMs / 1000, connectToReportS: (m.reportAtMs - Date.parse(result.startedAt)) / 1000, load,
        phases: result.phases ?? {}, canary: timings,
        falseVerdicts: judged.falseVerdicts, canaryFails: judged.canaryFails.length, leftovers: await lab.leftovers(),
      };
      runs.push(run);
      process.stderr.write(`bench: canary: run ${i + 1}: wall ${run.wallS.toFixed(2)} s, phases ${JSON.stringify(run.phases)}, canary ${JSON.stringify(timings)}, ` +
        `${judged.canaryFails.length} canary pairs failing (${judged.canaryFails.join(' ')}), ${run.falseVerdicts} false verdicts${judged.wrong.length ? `: ${judged.wrong.slice(0, 5).join('; ')}` : ''}, ` +
        `causes: ${judged.causes.join(' | ')}, ${run.leftovers.length} left behind${run.leftovers.length ? `: ${run.leftovers.join('; ')}` : ''}\n`);
    }
    await lab.clearFaults();
    await floor();
    const clean = runs.every((r) => r.falseVerdicts === 0 && r.leftovers.length === 0);
    return { runs, floors, text: table(runs, floors, timeoutS), clean };
  } finally {
    await lab.teardown();
  }
}

const s = (ms: number | undefined) => (ms === undefined ? '' : `${(ms / 1000).toFixed(1)} s`);

function table(runs: CanaryRun[], floors: DockerFloor[], timeoutS: number): string {
  const lines = [
    `${NODES} docker nodes, ${BROKEN} dropping ${PORT}/udp from every peer, \`--canary --timeout ${timeoutS}\`, measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (${cpus().length} cores). *Wall* is from starting the CLI until it has exited; the canary's steps are from its evidence (\`timings\`); *false verdicts* counts every verdict that differs from the fault (a fail or error anywhere else, or an expected fail missing); *left behind* is what the lab still lists of the run afterwards (containers, networks, processes, files).`,
    '',
    '| run | wall | connect | facts | canary: network | canary: containers | canary: pings | canary: cleanup | canary pairs failing | false verdicts | left behind | load |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [i, r] of runs.entries()) {
    lines.push(`| ${i === 0 ? 'first' : `repeat ${i}`} | ${r.wallS.toFixed(1)} s | ${s(r.phases.connectMs)} | ${s(r.phases.factsMs)} | ${s(r.canary.createMs)} | ${s(r.canary.containersMs)} | ${s(r.canary.pingMs)} | ${s(r.canary.cleanupMs)} | ${r.canaryFails} of ${NODES * (NODES - 1)} | ${r.falseVerdicts} | ${r.leftovers.length} | ${r.load.toFixed(2)} |`);
  }
  lines.push('', `*Docker alone*, the same docker work without the tool (a new attachable overlay, one container started on every node at once, all removed again, each node's docker driven inside the host), before and after the runs: ${floors.map((f) => `${s(f.totalMs)} (start ${s(f.startMs)}, remove ${s(f.removeMs)})`).join('; ')}.`);
  return lines.join('\n');
}
