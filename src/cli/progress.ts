// A live progress line on stderr for people at a terminal; silent in pipes, under CI and with --quiet,
// so stdout stays a clean report (`--format json > out.json`).
import type { ProgressEvent } from '../run/runner.js';

export interface ProgressSink { onProgress: (event: ProgressEvent) => void; done: () => void }

export function progressEnabled(quiet: boolean | undefined, stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): boolean {
  return !quiet && stream.isTTY === true && !env.CI;
}

export function progressLine(state: { connected: number; failed: number; total: number; phase: string; elapsedMs: number }): string {
  const down = state.failed ? `, ${state.failed} unreachable` : '';
  return `swarm-preflight: ${state.phase} · hosts connected ${state.connected}/${state.total}${down} · ${(state.elapsedMs / 1000).toFixed(1)} s`;
}

export function startProgress(total: number, stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  const started = Date.now();
  const state = { connected: 0, failed: 0, total, phase: 'connecting', elapsedMs: 0 };
  const draw = () => {
    state.elapsedMs = Date.now() - started;
    stream.write(`\r\u001b[2K${progressLine(state)}`);
  };
  const timer = setInterval(draw, 200);
  return {
    onProgress: (event) => {
      if (event.type === 'connected') {
        if (event.ok) state.connected += 1;
        else state.failed += 1;
      } else {
        state.phase = { connect: 'connecting', facts: 'reading facts', probe: 'probing', cleanup: 'cleaning up' }[event.phase];
      }
      draw();
    },
    done: () => {
      clearInterval(timer);
      stream.write('\r\u001b[2K');
    },
  };
}
