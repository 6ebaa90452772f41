// One host: SSH connection, then the agent started on it. Every failure becomes a typed error.
import { bootstrapCommand, directCommand } from '../agent/bootstrap.js';
import { type NetInfoEvent, RemoteAgent } from '../agent/remote-agent.js';
import { fromChannel } from '../agent/stream.js';
import { asPreflightError, isPreflightError, type PreflightError } from '../errors.js';
import type { HostSpec } from '../model.js';
import type { ReadOnce } from '../ssh/read-once.js';
import { SshSession, type SshOptions, type SshTarget } from '../ssh/session.js';
import type { SshConfigLookup } from './ssh-target.js';
import { resolveTarget } from './ssh-target.js';
import type { RunOptions } from './options.js';

export interface ConnectedHost {
  spec: HostSpec;
  session: SshSession;
  agent?: RemoteAgent;
  uid?: number;
  hostname?: string;
  python?: string;
  dockerSocket?: boolean;
  /** The host's interfaces and routes, asked for as soon as its agent is up (they need no peer). */
  netInfo?: Promise<NetInfoEvent>;
  /** Set when SSH works but the agent could not start (no python, sudo refused). */
  agentError?: PreflightError;
}

const NET_INFO_TIMEOUT_MS = 15000;

export async function connectHost(spec: HostSpec, options: RunOptions, config: SshConfigLookup | undefined, signal: AbortSignal, readOnce?: ReadOnce): Promise<ConnectedHost> {
  const { target, ssh } = resolveTarget(spec, options, config);
  if (readOnce) ssh.readOnce = readOnce;
  const session = await connectSession(target, ssh, signal);
  const host: ConnectedHost = { spec, session };
  try {
    const { agent, ready } = await startAgent(session, spec.id, options);
    Object.assign(host, { agent, uid: ready.uid, hostname: ready.hostname, python: ready.python, dockerSocket: ready.dockerSocket !== false });
    host.netInfo = agent.netInfo(NET_INFO_TIMEOUT_MS);
    host.netInfo.catch(() => undefined); // read later, or never if the run stops first
  } catch (error) {
    host.agentError = asPreflightError(error, 'agent');
  }
  return host;
}

/** python3 straight from the login shell; where it finds none, every interpreter in turn under sh. */
async function startAgent(session: SshSession, hostId: string, options: RunOptions): ReturnType<typeof RemoteAgent.start> {
  try {
    return await RemoteAgent.start(hostId, fromChannel(await session.spawn(directCommand(options.sudo))), options.deadlineMs);
  } catch (error) {
    if (!(isPreflightError(error) && error.kind === 'tool-missing')) throw error;
    return RemoteAgent.start(hostId, fromChannel(await session.spawn(bootstrapCommand(options.sudo))), options.deadlineMs);
  }
}

async function connectSession(target: SshTarget, ssh: SshOptions, signal: AbortSignal): Promise<SshSession> {
  if (signal.aborted) throw asPreflightError(new Error('interrupted before connecting'), 'interrupted');
  const session = await SshSession.connect(target, ssh);
  if (signal.aborted) {
    session.close();
    throw asPreflightError(new Error('interrupted while connecting'), 'interrupted');
  }
  return session;
}
