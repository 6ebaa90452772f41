// Runs a command and measures its wall time, the time until its last output (the report, which the
// CLI writes before it cleans up the hosts) and its peak RSS (VmHWM, sampled until it exits).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Measurement {
  code: number | null;
  wallMs: number;
  reportMs: number;
  /** Wall-clock time (epoch ms) at which the CLI was started and its report was out. */
  startedAtMs: number;
  reportAtMs: number;
  peakRssMb: number;
  /** CPU time (user + system) the command and the children it waited for used, in seconds. */
  cpuS: number;
  stdout: string;
}

/** User + system seconds of this process's children that have been waited for (cutime + cstime). */
function childCpuS(): number {
  // Fields after the command name (which may hold spaces) start at the state, field 3; cutime and cstime are 16 and 17.
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function hwmKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export function measure(command: string, args: string[]): Promise<Measurement> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const startedAtMs = Date.now();
    const cpuBefore = childCpuS();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let peak = 0;
    let lastOutput = started;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      lastOutput = process.hrtime.bigint();
    });
    // VmHWM only grows, so the last sample before exit is the peak.
    const timer = setInterval(() => { peak = Math.max(peak, hwmKb(child.pid as number)); }, 10);
    child.on('exit', () => { peak = Math.max(peak, hwmKb(child.pid as number)); });
    child.on('close', (code) => {
      clearInterval(timer);
      const reportMs = Number(lastOutput - started) / 1e6;
      resolve({ code, wallMs: Number(process.hrtime.bigint() - started) / 1e6, reportMs, startedAtMs, reportAtMs: startedAtMs + reportMs, peakRssMb: peak / 1024, cpuS: childCpuS() - cpuBefore, stdout });
    });
  });
}
