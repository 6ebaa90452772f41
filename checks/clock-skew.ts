// clock-skew: each host's clock against this machine's, read over the agent's channel: the host's
// time lies between our send and our receive, so the offset is measured from the midpoint with half
// the round trip as error bar (the best of a few readings). Beyond 1 s swarm's raft timing and its
// TLS certificates ("certificate has expired or is not yet valid" on join) start to fail.
import type { Finding } from '../src/model.js';
import type { Check, ClockSample, HostContext } from './context.js';

export const id = 'clock-skew';
export const title = 'Clocks within a second of each other';

export const SKEW_LIMIT_MS = 1000;

export interface ClockEvidence { offsetMs: number; errorMs: number; samples: number }

/** The reading with the shortest round trip: offset of the host's clock and its error bar. */
export function bestReading(samples: ClockSample[]): ClockEvidence | undefined {
  const valid = samples.filter((s) => Number.isFinite(s.hostMs) && s.receivedMs >= s.sentMs);
  if (!valid.length) return undefined;
  const best = valid.reduce((a, b) => (b.receivedMs - b.sentMs < a.receivedMs - a.sentMs ? b : a));
  const errorMs = (best.receivedMs - best.sentMs) / 2;
  return { offsetMs: Math.round(best.hostMs - (best.sentMs + errorMs)), errorMs: Math.ceil(errorMs), samples: valid.length };
}

function seconds(ms: number): string {
  return `${(Math.abs(ms) / 1000).toFixed(ms !== 0 && Math.abs(ms) < 10000 ? 1 : 0)} s`;
}

export function evaluateClocks(hosts: HostContext[]): Finding[] {
  const readings = hosts.map((h) => ({ h, r: h.clock ? bestReading(h.clock) : undefined }));
  const off = readings.filter(({ r }) => r && Math.abs(r.offsetMs) - r.errorMs > SKEW_LIMIT_MS);
  // Every host off by about the same: this machine's clock is the likelier culprit, and the hosts agree.
  const measured = readings.filter(({ r }) => r);
  const offsets = off.map(({ r }) => (r as ClockEvidence).offsetMs);
  const together = off.length >= 2 && off.length === measured.length && Math.max(...offsets) - Math.min(...offsets) < SKEW_LIMIT_MS;
  return off.map(({ h, r }) => {
    const e = r as ClockEvidence;
    return {
      check: id, host: h.id, status: 'warn' as const,
      summary: `${h.id}'s clock is ${seconds(e.offsetMs)} ${e.offsetMs > 0 ? 'ahead of' : 'behind'} this machine's (±${seconds(e.errorMs)})${together ? '; every host is off by about as much, so this machine\'s own clock may be the one that is wrong' : ''}`,
      remediation: together
        ? 'check this machine\'s clock first (timedatectl; chronyc tracking), then the hosts\''
        : `synchronise ${h.id}'s clock: run chrony or systemd-timesyncd against the same NTP servers as the other nodes (chronyc tracking / timedatectl shows the state)`,
      evidence: e as unknown as Record<string, unknown>,
    };
  });
}

export const check: Check = { id, title, scope: 'host', needs: ['clock'], evaluate: (ctx) => evaluateClocks(ctx.hosts) };
