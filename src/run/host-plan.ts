// How each host will be reached, and why, without reaching it: the SSH part is resolveTarget's own
// plan (what a run uses, with origins); to it this adds sudo, the interpreter, the role and the address
// peers will probe, each with where it came from. Pure: no name is resolved, no socket opened.
import { agentLaunch } from '../agent/launch.js';
import type { HostSpec, Role } from '../model.js';
import type { RunOptions } from './options.js';
import { type ConnectionPlan, originText, resolveTarget, type SshConfigLookup } from './ssh-target.js';

export interface Sourced<T> { value: T; from: string }

export interface HostPlan {
  id: string;
  connection: 'ssh' | 'local';
  /** user@address:port, or `local`. */
  target: string;
  /** How SSH reaches it, with origins; absent for a local host. */
  ssh?: { user: Sourced<string>; address: Sourced<string>; port: Sourced<number>; keys: Sourced<string[]>; agent?: string; via: Sourced<string> };
  sudo: Sourced<'none' | 'sudo -n' | 'sudo -S (password)'> & { user?: string };
  python: Sourced<string>;
  role: Sourced<Role>;
  probedAt: Sourced<string> & { note?: string };
}

/** `passwordFrom`: where the become password comes from (`-K`, the environment variable), when given. */
export function planHost(spec: HostSpec, options: RunOptions, config: SshConfigLookup | undefined, passwordFrom?: string): HostPlan {
  const where = (field: keyof NonNullable<HostSpec['origins']>) => spec.origins?.[field] ?? spec.source;
  const inventory = (field: keyof NonNullable<HostSpec['origins']>) => (where(field) ? `inventory ${where(field)}` : 'inventory');
  const named = (what: string, field: keyof NonNullable<HostSpec['origins']>) => (where(field) ? `${what} (${where(field)})` : what);
  const launch = agentLaunch(spec, options.sudo, passwordFrom !== undefined);
  const plan: HostPlan = {
    id: spec.id,
    connection: spec.connection === 'local' ? 'local' : 'ssh',
    target: 'local',
    sudo: {
      value: launch.sudo === 'none' ? 'none' : launch.sudo === 'sudo-n' ? 'sudo -n' : 'sudo -S (password)',
      from: launch.sudo === 'none' ? 'default' : [spec.become ? named('inventory become', 'become') : '--sudo', ...(passwordFrom ? [passwordFrom] : [])].join('; '),
      ...(launch.user ? { user: launch.user } : {}),
    },
    python: launch.interpreter
      ? { value: launch.interpreter.join(' '), from: inventory('pythonInterpreter') }
      : { value: 'python3 (searched)', from: 'default' },
    role: spec.role === 'unknown'
      ? { value: 'unknown', from: 'no managers/workers group or swarm_role: docker info, after connecting' }
      : { value: spec.role, from: inventory('role') },
    probedAt: spec.vars?.swarm_address
      ? { value: spec.vars.swarm_address, from: named('swarm_address', 'swarmAddress') }
      : { value: spec.address, from: named('inventory address', 'address'), note: 'a host in a swarm and without swarm_address is probed at its advertise address instead, known only after connecting (docker info)' },
  };
  if (plan.connection === 'local') return plan;
  const { target, plan: ssh } = resolveTarget(spec, options, config);
  plan.target = ssh.destination;
  plan.ssh = {
    user: { value: target.user, from: originText(ssh.origins.user) },
    address: { value: target.host, from: originText(ssh.origins.host) },
    port: { value: target.port, from: originText(ssh.origins.port) },
    keys: { value: ssh.identityFiles, from: originText(ssh.origins.identityFiles) },
    ...(ssh.agent ? { agent: ssh.agent } : {}),
    via: { value: viaText(ssh.via), from: originText(ssh.origins.via) },
  };
  return plan;
}

function viaText(via: ConnectionPlan['via']): string {
  if (via.kind === 'jump') return `jump ${via.hops.join(' -> ')}`;
  if (via.kind === 'command') return `proxy command ${via.command}`;
  return 'direct';
}
