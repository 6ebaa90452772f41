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
  stdout: string;
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
      resolve({ code, wallMs: Number(process.hrtime.bigint() - started) / 1e6, reportMs, startedAtMs, reportAtMs: startedAtMs + reportMs, peakRssMb: peak / 1024, stdout });
    });
  });
}
