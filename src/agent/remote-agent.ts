// One running agent on one host: starts it, sends commands, collects events.
import { EventEmitter } from 'node:events';
import { PreflightError } from '../errors.js';
import { agentPreamble, interpreterMissing, NO_PYTHON_EXIT, NO_PYTHON_MARK } from './bootstrap.js';
import { type AgentCommand, type AgentEvent, LineSplitter, parseEvent } from './protocol.js';
import type { AgentStream } from './stream.js';

type ReadyEvent = Extract<AgentEvent, { ev: 'ready' }>;
type ExecEvent = Extract<AgentEvent, { ev: 'exec' }>;
type RoutesEvent = Extract<AgentEvent, { ev: 'routes' }>;
type ProcNetEvent = Extract<AgentEvent, { ev: 'procnet' }>;
export type NetInfoEvent = Extract<AgentEvent, { ev: 'netinfo' }>;

export class RemoteAgent extends EventEmitter {
  readonly hostId: string;
  private readonly stream: AgentStream;
  private stderrText = '';
  private exited = false;
  private exitCode: number | null = null;
  private execSeq = 0;

  private constructor(hostId: string, stream: AgentStream) {
    super();
    this.hostId = hostId;
    this.stream = stream;
    const lines = new LineSplitter();
    stream.stdout.on('data', (chunk: Buffer) => {
      for (const line of lines.push(chunk)) {
        const event = parseEvent(line);
        if (event) this.emit('event', event);
      }
    });
    stream.stderr.on('data', (chunk: Buffer) => {
      // Keep only the tail: enough for an error message, bounded for a chatty host.
      this.stderrText = (this.stderrText + chunk.toString()).slice(-4096);
    });
    stream.onExit((code) => {
      this.exited = true;
      this.exitCode = code;
      this.emit('exit', code);
    });
    stream.stdin.on('error', () => { /* the agent went away; 'exit' reports it */ });
  }

  /** Sends the script and waits for the agent's "ready" line. */
  static async start(hostId: string, stream: AgentStream, deadlineMs: number, readyTimeoutMs = 15000): Promise<{ agent: RemoteAgent; ready: ReadyEvent }> {
    const agent = new RemoteAgent(hostId, stream);
    stream.stdin.write(agentPreamble());
    const ready = await agent.waitFor((e): e is ReadyEvent => e.ev === 'ready', readyTimeoutMs, 'the agent to start');
    agent.send({ op: 'init', deadlineMs });
    return { agent, ready };
  }

  get stderr(): string { return this.stderrText.trim(); }
  get hasExited(): boolean { return this.exited; }

  send(command: AgentCommand): void {
    if (this.exited) return;
    this.stream.stdin.write(`${JSON.stringify(command)}\n`);
  }

  /** Resolves with the first event matching `match`; rejects on timeout or agent exit. */
  waitFor<T extends AgentEvent>(match: (e: AgentEvent) => e is T, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        this.off('event', onEvent);
        this.off('exit', onExit);
      };
      const onEvent = (event: AgentEvent) => {
        if (match(event)) { cleanup(); resolve(event); }
      };
      const onExit = () => { cleanup(); reject(this.exitError(what)); };
      const timer = setTimeout(() => {
        cleanup();
        reject(new PreflightError('timeout', `${this.hostId}: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.on('event', onEvent);
      this.on('exit', onExit);
      if (this.exited) onExit();
    });
  }

  /** Runs a fixed argv on the host (no shell) and returns its output. */
  async exec(argv: string[], timeoutMs = 10000): Promise<ExecEvent> {
    const id = `x${++this.execSeq}`;
    const done = this.waitFor((e): e is ExecEvent => e.ev === 'exec' && e.id === id, timeoutMs + 2000, `${argv[0]} to finish`);
    this.send({ op: 'exec', id, argv, timeoutMs });
    return done;
  }

  /** The source address the host's routing picks towards each peer. */
  async routes(peers: string[], timeoutMs = 5000): Promise<RoutesEvent['routes']> {
    const id = `r${++this.execSeq}`;
    const done = this.waitFor((e): e is RoutesEvent => e.ev === 'routes' && e.id === id, timeoutMs, 'routes to peers');
    this.send({ op: 'routes', id, peers });
    return (await done).routes;
  }

  /** A process's network-namespace counters (/proc/PID/net/snmp or dev); undefined when unreadable. */
  async readProcNet(pid: number, file: 'snmp' | 'dev', timeoutMs = 5000): Promise<string | undefined> {
    const id = `p${++this.execSeq}`;
    const done = this.waitFor((e): e is ProcNetEvent => e.ev === 'procnet' && e.id === id, timeoutMs, 'a /proc read');
    this.send({ op: 'procnet', id, pid, file });
    const event = await done;
    return event.text ?? undefined;
  }

  /** Interfaces, routes and resolv.conf, read by the agent itself (rtnetlink, a file read). */
  async netInfo(timeoutMs = 5000): Promise<NetInfoEvent> {
    const id = `n${++this.execSeq}`;
    const done = this.waitFor((e): e is NetInfoEvent => e.ev === 'netinfo' && e.id === id, timeoutMs, 'interfaces and routes');
    this.send({ op: 'netinfo', id });
    return done;
  }

  /**
   * Asks the agent to stop and waits (bounded) until it says it has closed everything ("done", its
   * last line before it exits) or its channel closes, whichever comes first.
   */
  async stop(waitMs = 3000): Promise<void> {
    if (this.exited) return;
    // waitFor rejects when the agent exits (that is a stop too) or the wait runs out: both end it.
    const gone = this.waitFor((e): e is Extract<AgentEvent, { ev: 'done' }> => e.ev === 'done', waitMs, 'the agent to stop').catch(() => undefined);
    this.send({ op: 'stop' });
    this.stream.close();
    await gone;
  }

  private exitError(what: string): PreflightError {
    const stderr = this.stderr;
    if (this.exitCode === NO_PYTHON_EXIT && stderr.includes(NO_PYTHON_MARK)) {
      return new PreflightError('tool-missing', `${this.hostId}: no Python 3 interpreter found (python3, /usr/libexec/platform-python)`, {
        hint: 'install python3 (or python3-minimal) on the host; TCP probes still run without it',
      });
    }
    if (/sudo:.*(password is required|a terminal is required|no tty)/i.test(stderr)) {
      return new PreflightError('needs-root', `${this.hostId}: sudo needs a password: ${stderr.split('\n')[0]}`, {
        hint: 'allow passwordless sudo for the check user, or connect as root',
      });
    }
    if (interpreterMissing(this.exitCode, stderr)) {
      // The direct start's failure: the runner then tries the other interpreters (bootstrapCommand).
      return new PreflightError('tool-missing', `${this.hostId}: the login shell found no python3: ${stderr.split('\n')[0]}`, {
        hint: 'install python3 (or python3-minimal) on the host; TCP probes still run without it',
      });
    }
    const tail = stderr ? `: ${stderr.split('\n').slice(-3).join(' | ')}` : '';
    return new PreflightError('agent', `${this.hostId}: the agent exited (status ${this.exitCode ?? 'unknown'}) before ${what}${tail}`);
  }
}
