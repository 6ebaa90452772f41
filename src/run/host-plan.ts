// How each host will be reached, and why, without reaching it: the SSH target, key files, jump host,
// sudo, interpreter, role and the address peers will probe, each with where its value came from.
// Pure: no name is resolved, no socket opened. The values are resolveTarget's own (what a run uses).
import { agentLaunch } from '../agent/launch.js';
import type { HostSpec, Role } from '../model.js';
import type { RunOptions } from './options.js';
import { resolveTarget, type SshConfigLookup } from './ssh-target.js';

export interface Sourced<T> { value: T; from: string }

export interface HostPlan {
  id: string;
  connection: 'ssh' | 'local';
  /** user@address:port, or `local`. */
  target: string;
  user?: Sourced<string>;
  address?: Sourced<string>;
  port?: Sourced<number>;
  /** Key files tried in order; by default ssh-agent (when SSH_AUTH_SOCK is set) and OpenSSH's default files. */
  keys?: Sourced<string[]>;
  /** Jump hosts (user@host:port, in order) or a proxy command; absent when connecting directly. */
  via?: Sourced<string>;
  sudo: Sourced<'none' | 'sudo -n' | 'sudo -S (password)'> & { user?: string };
  python: Sourced<string>;
  role: Sourced<Role>;
  probedAt: Sourced<string> & { note?: string };
}

export interface PlanContext {
  /** Where the become password comes from (`-K`, the environment variable), when given. */
  passwordFrom?: string;
  /** The ssh_config file given with -F, to name it as an origin. */
  sshConfigFile?: string;
}

export function planHost(spec: HostSpec, options: RunOptions, config: SshConfigLookup | undefined, context: PlanContext = {}): HostPlan {
  const inventory = (field: keyof NonNullable<HostSpec['origins']>) => spec.origins?.[field] ?? spec.source ?? 'inventory';
  const sshConfig = `ssh_config ${context.sshConfigFile ?? ''}`.trim();
  const launch = agentLaunch(spec, options.sudo, context.passwordFrom !== undefined);
  const plan: HostPlan = {
    id: spec.id,
    connection: spec.connection === 'local' ? 'local' : 'ssh',
    target: 'local',
    sudo: {
      value: launch.sudo === 'none' ? 'none' : launch.sudo === 'sudo-n' ? 'sudo -n' : 'sudo -S (password)',
      from: launch.sudo === 'none' ? 'default' : [spec.become ? `become (${inventory('become')})` : '--sudo', ...(context.passwordFrom ? [context.passwordFrom] : [])].join(', '),
      ...(launch.user ? { user: launch.user } : {}),
    },
    python: launch.interpreter
      ? { value: launch.interpreter.join(' '), from: inventory('pythonInterpreter') }
      : { value: 'python3 (searched)', from: 'default' },
    role: spec.role === 'unknown'
      ? { value: 'unknown', from: 'no managers/workers group or swarm_role: docker info, after connecting' }
      : { value: spec.role, from: inventory('role') },
    probedAt: spec.vars?.swarm_address
      ? { value: spec.vars.swarm_address, from: `swarm_address (${inventory('swarmAddress')})` }
      : { value: spec.address, from: `inventory address (${inventory('address')})`, note: 'a host in a swarm and without swarm_address is probed at its advertise address instead, known only after connecting (docker info)' },
  };
  if (plan.connection === 'local') return plan;

  const { target, ssh } = resolveTarget(spec, options, config);
  const fromConfig = config?.(spec.address);
  plan.target = `${target.user}@${target.host}:${target.port}`;
  plan.user = {
    value: target.user,
    from: spec.user !== undefined ? inventory('user') : options.ssh.user !== undefined ? '--user' : fromConfig?.user !== undefined ? sshConfig : 'the local user (default)',
  };
  plan.address = { value: target.host, from: fromConfig && fromConfig.hostName !== spec.address ? `HostName in ${sshConfig}` : inventory('address') };
  plan.port = { value: target.port, from: spec.port !== undefined ? inventory('port') : fromConfig?.port !== undefined ? sshConfig : 'default' };
  plan.keys = ssh.identityFiles.length
    ? { value: ssh.identityFiles, from: options.ssh.identityExplicit ? '--identity' : spec.identityFiles?.length && ssh.identityFiles === spec.identityFiles ? inventory('identityFiles') : sshConfig }
    : { value: [`${options.ssh.agentSocket ? 'ssh-agent, ' : ''}~/.ssh/id_*`], from: 'default' };
  if (ssh.proxyJump?.length) {
    plan.via = { value: `jump ${ssh.proxyJump.map((j) => `${j.user}@${j.host}:${j.port}`).join(' -> ')}`, from: spec.proxyJump ? inventory('proxyJump') : sshConfig };
  } else if (spec.proxyCommand) {
    plan.via = { value: `proxy command ${spec.proxyCommand}`, from: inventory('proxyCommand') };
  }
  return plan;
}
