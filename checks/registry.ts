// Every check the runner evaluates after the probe round, in report order. Adding a check is one
// file exporting a `check` (id, title, scope, the facts it needs, a pure `evaluate`) and one line here.
import type { Finding } from '../src/model.js';
import type { Check, CheckContext } from './context.js';
import { check as hostAccess } from './host-access.js';
import { check as swarmRole } from './swarm-role.js';
import { check as portOwner } from './port-owner.js';
import { check as sameMachine } from './same-machine.js';
import { check as hostPairs } from './host-pairs.js';
import { check as clonedHosts } from './cloned-hosts.js';
import { check as kernelModules } from './kernel-modules.js';
import { check as sysctls } from './sysctls.js';
import { check as rpFilter } from './rp-filter.js';
import { check as clockSkew } from './clock-skew.js';
import { check as dockerVersions } from './docker-versions.js';
import { check as nicOffload } from './nic-offload.js';
import { check as dataPathExposed } from './data-path-exposed.js';

export type { Check, CheckContext } from './context.js';

export const CHECKS: readonly Check[] = [
  hostAccess, swarmRole, portOwner, sameMachine, hostPairs, clonedHosts, kernelModules, sysctls, rpFilter,
  clockSkew, dockerVersions, nicOffload, dataPathExposed,
];

/** Every check over the context. A check that throws is an error finding of its own, not a lost run. */
export function evaluateChecks(ctx: CheckContext, checks: readonly Check[] = CHECKS): Finding[] {
  return checks.flatMap((c) => {
    try {
      return c.evaluate(ctx);
    } catch (error) {
      return [{ check: c.id, status: 'error' as const, summary: `the ${c.id} check failed: ${(error as Error).message}`, remediation: 'a bug in swarm-preflight: please report it with the JSON result' }];
    }
  });
}
