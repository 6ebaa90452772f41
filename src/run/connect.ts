// One host: SSH connection (or this machine, for a local host), then the agent started on it. Every
// failure becomes a typed error.
import { bootstrapCommand, directCommand } from '../agent/bootstrap.js';
import { type AgentLaunch, agentLaunch } from '../agent/launch.js';
import { AgentSilent, type NetInfoEvent, RemoteAgent } from '../agent/remote-agent.js';
import { stoppedError } from '../abort.js';
import { type AgentStream, fromChannel, localProcess } from '../agent/stream.js';
import { asPreflightError, isPreflightError, PreflightError } from '../errors.js';
import type { HostSpec } from '../model.js';
import type { ReadOnce } from '../ssh/read-once.js';
import { SshSession, type SshOptions, type SshTarget } from '../ssh/session.js';
import type { SshConfigLookup } from './ssh-target.js';
import { resolveTarget } from './ssh-target.js';
import type { RunOptions } from './options.js';
import { LATE_CHECK_MS, stallError, watchUpload } from './upload-watch.js';

export interface ConnectedHost {
  spec: HostSpec;
  /** Absent for a local host: its agent runs on this machine. */
  session?: SshSession;
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
const READY_TIMEOUT_MS = 15000;

/**
 * Connecting and starting the agent each get at most 40% of the run's deadline, whatever
 * --connect-timeout says: one host that never answers leaves the others time to be probed.
 */
export function startCap(deadlineMs: number): number {
  return Math.max(1000, Math.round(deadlineMs * 0.4));
}

type Spawner = (command: string) => Promise<AgentStream>;

export async function connectHost(spec: HostSpec, options: RunOptions, config: SshConfigLookup | undefined, signal: AbortSignal, readOnce?: ReadOnce): Promise<ConnectedHost> {
  const launch = agentLaunch(spec, options.sudo, options.becomePassword !== undefined);
  let host: ConnectedHost;
  let spawner: Spawner;
  if (spec.connection === 'local') {
    if (signal.aborted) throw stoppedError(signal, `${spec.id}: not started`);
    host = { spec };
    spawner = async (command) => localProcess(command);
  } else {
    const { target, ssh } = resolveTarget(spec, options, config);
    if (readOnce) ssh.readOnce = readOnce;
    ssh.connectTimeoutMs = Math.min(ssh.connectTimeoutMs, startCap(options.deadlineMs));
    const session = await connectSession(target, ssh, signal);
    host = { spec, session };
    spawner = async (command) => fromChannel(await session.spawn(command));
  }
  // On a connection, a start that takes long is checked for a stalled upload (see upload-watch.ts).
  const watch = host.session ? watchUpload(host.session, spec.id, signal) : undefined;
  try {
    const { agent, ready } = await startAgent(spawner, spec.id, launch, options, watch?.signal ?? signal).catch(async (error: unknown) => {
      const stalled = watch?.stalled ?? (host.session && !watch?.answered && await uploadStalled(error, host.session, signal) ? stallError(spec.id, error) : undefined);
      if (!stalled) throw error;
      // Nothing more gets through: a reset ends the session on the host, the agent's half-read upload with it.
      host.session?.reset();
      throw stalled;
    }).finally(() => watch?.stop());
    Object.assign(host, { agent, uid: ready.uid, hostname: ready.hostname, python: ready.python, dockerSocket: ready.dockerSocket !== false });
    host.netInfo = agent.netInfo(NET_INFO_TIMEOUT_MS);
    host.netInfo.catch(() => undefined); // read later, or never if the run stops first
  } catch (error) {
    host.agentError = asPreflightError(error, 'agent');
  }
  return host;
}

/**
 * python3 straight from the login shell; where it finds none, every interpreter in turn under sh. An
 * interpreter the inventory names is the only one tried.
 */
async function startAgent(spawn: Spawner, hostId: string, launch: AgentLaunch, options: RunOptions, signal: AbortSignal): ReturnType<typeof RemoteAgent.start> {
  const password = launch.sudo === 'password' ? options.becomePassword : undefined;
  const start = async (command: string) => RemoteAgent.start(hostId, await spawn(command), options.deadlineMs, Math.min(READY_TIMEOUT_MS, startCap(options.deadlineMs)), password, signal);
  try {
    return await start(directCommand(launch));
  } catch (error) {
    if (!(isPreflightError(error) && error.kind === 'tool-missing')) throw error;
    if (launch.interpreter) {
      throw new PreflightError('tool-missing', `${hostId}: the inventory's python interpreter ${launch.interpreter.join(' ')} could not be started (${error.message.slice(hostId.length + 2)})`, {
        hint: 'fix ansible_python_interpreter for this host, or remove it to let the agent look for python3',
      });
    }
    return start(bootstrapCommand(launch));
  }
}

async function connectSession(target: SshTarget, ssh: SshOptions, signal: AbortSignal): Promise<SshSession> {
  const session = await SshSession.connect(target, ssh, signal);
  if (signal.aborted) {
    session.close();
    throw stoppedError(signal, `${target.id}: logged in, agent not started`);
  }
  return session;
}

/**
 * The agent said nothing after a good login (its wait ran out, or the deadline came first): if the
 * connection itself no longer answers, even a request for a new channel, the upload of the agent
 * (the first full-size packets of the connection) is stuck on the way.
 */
async function uploadStalled(error: unknown, session: SshSession, signal: AbortSignal): Promise<boolean> {
  const silent = error instanceof AgentSilent || (isPreflightError(error) && error.kind === 'timeout' && signal.aborted);
  if (!silent || (signal.aborted && !deadlinePassed(signal))) return false;
  return !(await session.answers(LATE_CHECK_MS));
}

function deadlinePassed(signal: AbortSignal): boolean {
  return (signal.reason as { why?: string } | undefined)?.why === 'deadline';
}
