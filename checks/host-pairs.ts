// host-pairs: a run needs two machines for anything to be tested between hosts. With one (after
// --limit, or one machine listed twice) only host facts are checked, and the run says so as an
// error: "PASS" would claim a network that was never tested.
import type { Check } from './context.js';

export const id = 'host-pairs';
export const title = 'At least two hosts to test between';

export const check: Check = {
  id, title, scope: 'cluster', needs: ['run'],
  evaluate: (ctx) => {
    const duplicates = new Set(ctx.sameMachine.map(([, b]) => b));
    const machines = ctx.hosts.filter((h) => !duplicates.has(h.id)).map((h) => h.id);
    if (machines.length >= 2) return [];
    const what = ctx.hosts.length === 1 ? `the run has one host (${ctx.hosts[0].id})` : ctx.hosts.length === 0 ? 'the run has no host' : `${ctx.hosts.map((h) => h.id).join(' and ')} are one machine`;
    return [{
      check: id, status: 'error', hosts: ctx.hosts.map((h) => h.id),
      summary: `nothing was tested between hosts: ${what}; only host facts were checked`,
      remediation: 'list at least two hosts (a --limit may have left out the others)',
      evidence: { hosts: ctx.hosts.length, machines: machines.length },
    }];
  },
};
