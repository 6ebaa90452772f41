// One SSH connection to one host: connect (host key check, then auth, optionally through ProxyJump
// hosts or a ProxyCommand), run commands, open streaming channels and direct-tcpip probes, each channel taking a slot of
// the connection's channel limit. Every failure is a PreflightError with the original error as cause.

import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Client, ClientChannel } from 'ssh2';
import { onAbort, stoppedError } from '../abort.js';
import { PreflightError } from '../errors.js';
import { ChannelLimit } from './channel-limit.js';
import { connectClient, hostPort, type ConnectedClient } from './connect.js';
import type { Ssh2Error } from './connect-error.js';
import { classifyOpenFailure, openDirect } from './forward.js';
import type { HostKeyCheckMode } from './known-hosts.js';
import { ProxyCommand } from './proxy-command.js';
import type { ReadOnce } from './read-once.js';

export interface SshTarget { id: string; host: string; port: number; user: string }

/** A jump host, with what ssh_config says for it where that differs from the target's. */
export interface JumpTarget extends SshTarget {
  /** Its own IdentityFile list; the target's list when unset. */
  identityFiles?: string[];
  hostKeyAlias?: string;
  /** Its own ProxyCommand (tokens expanded), for the first hop only. */
  proxyCommand?: string;
}

export interface SshOptions {
  /** Tried in order; [] means OpenSSH's defaults. Missing default files are skipped; a missing explicit file is an 'auth' error. */
  identityFiles: string[];
  /**
   * true: every file in identityFiles was asked for, a missing one is an 'auth' error; false: all optional
   * (skipped when missing). Unset: OpenSSH's default paths are optional, any other path is explicit.
   */
  identityFilesExplicit?: boolean;
  /** SSH_AUTH_SOCK; tried first when set. */
  agentSocket?: string;
  /** The user's known_hosts files; the first one gets the keys accept-new records. */
  knownHostsFiles: string[];
  /** Read-only known_hosts files searched after those (GlobalKnownHostsFile); none when unset. */
  globalKnownHostsFiles?: string[];
  /** The name the host's key is searched and recorded under (HostKeyAlias); `[host]:port` when unset. */
  hostKeyAlias?: string;
  /** HashKnownHosts: accept-new records the host name hashed, as `ssh-keygen -H` writes it. */
  hashKnownHosts?: boolean;
  /** IdentitiesOnly: the agent offers only keys whose public half matches one of the identity files. */
  identitiesOnly?: boolean;
  hostKeyCheck: HostKeyCheckMode;
  /** Covers TCP connect, key exchange and authentication, per hop. */
  connectTimeoutMs: number;
  /** Channels open at once on one connection; default 8, under OpenSSH's MaxSessions 10. */
  maxChannels?: number;
  /** Connect through these hosts in order (like ssh -J), each checked and authenticated with these options and its own. */
  proxyJump?: JumpTarget[];
  /** Run this command (tokens expanded) and speak SSH over its stdin/stdout (like ProxyCommand); not with proxyJump. */
  proxyCommand?: string;
  /** SSH keepalive period; default 15000 ms, 3 unanswered keepalives drop the connection. */
  keepaliveIntervalMs?: number;
  /** Shared by the connections of one run: known_hosts and key files read once. */
  readOnce?: ReadOnce;
}

export interface ExecResult { code: number | null; signal: string | null; stdout: string; stderr: string }

export type ForwardOutcome = 'connected' | 'refused' | 'timeout' | string;

const DEFAULT_MAX_CHANNELS = 8;

export class SshSession {
  readonly target: SshTarget;
  readonly hostKeyFingerprint: string;
  /** Non-fatal notes from connecting (e.g. an accepted key could not be recorded). */
  readonly warnings: string[];
  private readonly client: Client;
  private readonly limit: ChannelLimit;
  private readonly jumps: SshSession[];
  private readonly proxy: ProxyCommand | undefined;
  private readonly where: string;
  private closed = false;
  /** Releases of the slots held by spawned channels, given back at the latest when the connection closes. */
  private readonly held = new Set<() => void>();

  private constructor(target: SshTarget, connected: ConnectedClient, options: SshOptions, jumps: SshSession[], proxy?: ProxyCommand) {
    this.target = target;
    this.proxy = proxy;
    this.client = connected.client;
    this.hostKeyFingerprint = connected.hostKeyFingerprint;
    this.warnings = connected.warnings;
    const client = connected.client;
    this.limit = new ChannelLimit(options.maxChannels ?? DEFAULT_MAX_CHANNELS);
    this.jumps = jumps;
    this.where = hostPort(target);
    client.on('error', () => {
      // After 'ready' an error ends the connection; 'close' follows and pending channels fail.
    });
    client.on('close', () => {
      this.close();
      this.proxy?.kill();
    });
  }

  /** `signal` (the run's deadline, Ctrl-C) stops the connection at any step, jump hosts included. */
  static async connect(target: SshTarget, options: SshOptions, signal?: AbortSignal): Promise<SshSession> {
    if (!(options.connectTimeoutMs > 0)) throw new PreflightError('usage', `connect timeout must be positive, got ${options.connectTimeoutMs}`);
    const max = options.maxChannels ?? DEFAULT_MAX_CHANNELS;
    if (!Number.isInteger(max) || max < 1) throw new PreflightError('usage', `maxChannels must be a positive integer, got ${max}`);
    if (options.proxyCommand !== undefined && options.proxyJump?.length) {
      throw new PreflightError('usage', `${target.id}: ProxyCommand and ProxyJump cannot both be used`);
    }
    const jumps: SshSession[] = [];
    try {
      const hops = options.proxyJump ?? [];
      let sock: Duplex | undefined;
      for (let i = 0; i < hops.length; i++) {
        const hopOptions = jumpOptions(options, hops[i]!);
        const proxy = i === 0 && hops[i]!.proxyCommand !== undefined ? new ProxyCommand(hops[i]!.proxyCommand!) : undefined;
        const hop = new SshSession(hops[i]!, await connectClient(hops[i]!, hopOptions, sock, proxy, signal), hopOptions, [], proxy);
        jumps.push(hop);
        const next = hops[i + 1] ?? target;
        sock = await untilAborted(openDirect(hop.client, next.host, next.port, options.connectTimeoutMs), signal,
          `jump host ${hostPort(hops[i]!)} had not yet reached ${hostPort(next)}`).catch((err: unknown) => {
          if (err instanceof PreflightError && (signal?.aborted ?? false)) throw err;
          const timedOut = err instanceof PreflightError && err.kind === 'timeout';
          const why = timedOut ? `no answer within ${options.connectTimeoutMs} ms` : classifyOpenFailure(err as Ssh2Error);
          throw new PreflightError(timedOut ? 'timeout' : 'unreachable', `jump host ${hostPort(hops[i]!)} cannot reach ${hostPort(next)}: ${why}`, { cause: err });
        });
      }
      const proxy = options.proxyCommand !== undefined ? new ProxyCommand(options.proxyCommand) : undefined;
      return new SshSession(target, await connectClient(target, options, sock, proxy, signal), options, jumps, proxy);
    } catch (err) {
      for (const jump of jumps.reverse()) jump.close();
      throw err;
    }
  }

  /**
   * Run a command to completion. stdin is sent then closed (closed at once when not given). timeoutMs runs
   * from the moment the channel is open; on timeout the channel is closed and a 'timeout' error thrown.
   */
  async exec(command: string, opts: { stdin?: string | Buffer; timeoutMs?: number } = {}): Promise<ExecResult> {
    const release = await this.slot();
    let output!: Promise<ExecResult>;
    let channel: ClientChannel;
    try {
      channel = await this.openExec(command, (ch) => {
        // Synchronously in ssh2's callback: an 'exit' arriving in the same packet batch is not missed.
        output = collectOutput(ch);
        ch.once('close', release);
      });
    } catch (err) {
      release();
      throw err;
    }
    channel.end(opts.stdin);
    if (opts.timeoutMs === undefined) return output;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        channel.close();
        // The slot is freed by 'close'; if the peer never confirms, free it anyway shortly after.
        setTimeout(release, 2_000).unref();
        reject(new PreflightError('timeout', `command on ${this.target.id} (${this.where}) did not finish within ${opts.timeoutMs} ms: ${brief(command)}`));
      }, opts.timeoutMs);
    });
    try {
      return await Promise.race([output, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Start a command and hand back its channel (stdin/stdout/stderr streams). It holds a channel slot until
   * it emits 'close' (ssh2 emits it once the output was read to the end) or the connection closes.
   * An 'exit' that came before the caller listened is not replayed, but ssh2's 'close' carries (code, signal).
   */
  async spawn(command: string): Promise<ClientChannel> {
    const release = await this.slot();
    try {
      const channel = await this.openExec(command);
      this.held.add(release);
      channel.once('close', () => {
        this.held.delete(release);
        release();
      });
      return channel;
    } catch (err) {
      release();
      throw err;
    }
  }

  /**
   * Ask the remote sshd to open a TCP connection to dstHost:dstPort (direct-tcpip) and close it at once.
   * 'connected', 'refused', 'timeout' (no answer within timeoutMs), 'unreachable', 'prohibited'
   * (sshd forbids forwarding), or the server's failure text. `payload` is written before closing, so a
   * listener of ours on the far end can confirm which probe reached it.
   */
  async forwardOut(dstHost: string, dstPort: number, timeoutMs: number, payload?: Buffer): Promise<ForwardOutcome> {
    const release = await this.slot();
    try {
      const stream = await openDirect(this.client, dstHost, dstPort, timeoutMs);
      stream.on('error', () => undefined);
      if (payload) stream.end(payload);
      else stream.close();
      return 'connected';
    } catch (err) {
      if (err instanceof PreflightError && err.kind === 'timeout') return 'timeout';
      if (this.closed) throw this.lost(err);
      return classifyOpenFailure(err as Ssh2Error);
    } finally {
      // On timeout the pending open does not hold the slot: sshd may take minutes to give up on a filtered port.
      release();
    }
  }

  /**
   * Whether the connection still answers within timeoutMs: a tunnel request to a port of the host's own
   * loopback, which sshd answers (opened, refused or prohibited) without running anything.
   */
  async answers(timeoutMs: number): Promise<boolean> {
    if (this.closed) return false;
    try {
      const stream = await openDirect(this.client, '127.0.0.1', 9, timeoutMs);
      stream.on('error', () => undefined);
      stream.close();
      return true;
    } catch (err) {
      return !(err instanceof PreflightError && err.kind === 'timeout') && !this.closed;
    }
  }

  /**
   * Drop a connection whose data is stuck on the way (see answers): a TCP reset, a small packet that
   * gets through where the rest does not, so sshd on the host ends the session and its processes
   * at once instead of waiting out TCP's retries. A connection through a jump host or a proxy closes.
   */
  reset(): void {
    // ssh2 keeps its socket private; a direct connection's is a net.Socket.
    const sock = (this.client as unknown as { _sock?: unknown })._sock;
    if (sock instanceof Socket && !sock.destroyed) sock.resetAndDestroy();
    this.close();
  }

  /** End the connection (and any jump hosts). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.end();
    setTimeout(() => {
      this.client.destroy();
      this.proxy?.kill();
    }, 1_000).unref();
    for (const release of this.held) release();
    this.held.clear();
    for (const jump of [...this.jumps].reverse()) jump.close();
  }

  /** Channels open now (for tests and diagnostics). */
  get channelsInUse(): number {
    return this.limit.inUse;
  }

  private async slot(): Promise<() => void> {
    if (this.closed) throw this.lost();
    const release = await this.limit.acquire();
    if (this.closed) {
      release();
      throw this.lost();
    }
    return release;
  }

  private openExec(command: string, onOpen?: (channel: ClientChannel) => void): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      const fail = (err: unknown) =>
        reject(this.closed ? this.lost(err) : new PreflightError('agent', `sshd on ${this.where} refused a session channel: ${(err as Error).message}`, { cause: err }));
      try {
        this.client.exec(command, (err, channel) => {
          if (err) return fail(err);
          onOpen?.(channel);
          resolve(channel);
        });
      } catch (err) {
        fail(err);
      }
    });
  }

  private lost(cause?: unknown): PreflightError {
    return new PreflightError('unreachable', `the ssh connection to ${this.target.id} (${this.where}) is closed`, cause === undefined ? {} : { cause });
  }
}

/** `work`, or the run's stop error as soon as `signal` aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  if (!signal) return work;
  let undo = () => {};
  const stopped = new Promise<never>((_resolve, reject) => { undo = onAbort(signal, () => reject(stoppedError(signal, what))); });
  return Promise.race([work, stopped]).finally(undo);
}

/** A jump host's options: the target's, with the hop's own key files and alias, and no proxy of the target's. */
function jumpOptions(options: SshOptions, hop: JumpTarget): SshOptions {
  const { hostKeyAlias: _alias, proxyCommand: _command, proxyJump: _jumps, ...shared } = options;
  return {
    ...shared,
    ...(hop.identityFiles ? { identityFiles: hop.identityFiles } : {}),
    ...(hop.hostKeyAlias ? { hostKeyAlias: hop.hostKeyAlias } : {}),
  };
}

/** Gather a channel's stdout, stderr and exit status until it closes. */
function collectOutput(channel: ClientChannel): Promise<ExecResult> {
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let code: number | null = null;
    let signal: string | null = null;
    channel.on('data', (chunk: Buffer) => stdout.push(chunk));
    channel.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    channel.on('error', () => undefined);
    channel.on('exit', (exitCode: number | null, exitSignal?: string) => {
      code = exitCode ?? null;
      signal = exitSignal ?? null;
    });
    channel.on('close', () => {
      resolve({ code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}

function brief(command: string): string {
  const line = command.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
