// One running agent on one host: starts it, sends commands, collects events.
import { EventEmitter } from 'node:events';
import { onAbort, stoppedError } from '../abort.js';
import { PreflightError } from '../errors.js';
import type { Secret } from '../secret.js';
import { agentPreamble, interpreterMissing, NO_PYTHON_EXIT, NO_PYTHON_MARK } from './bootstrap.js';
import { BECOME_PROMPT, BOOT_MARK } from './launch.js';
import { LineReader } from './line-reader.js';
import { parseAgentLine } from './events.js';
import { InvalidDataError } from './invalid-data.js';
import { type AgentCommand, type AgentEvent } from './protocol.js';
import type { AgentStream } from './stream.js';

type ReadyEvent = Extract<AgentEvent, { ev: 'ready' }>;
type ExecEvent = Extract<AgentEvent, { ev: 'exec' }>;
export type DockerEvent = Extract<AgentEvent, { ev: 'docker' }>;
type RoutesEvent = Extract<AgentEvent, { ev: 'routes' }>;
type ProcNetEvent = Extract<AgentEvent, { ev: 'procnet' }>;
export type NetInfoEvent = Extract<AgentEvent, { ev: 'netinfo' }>;
export type HostFactsEvent = Extract<AgentEvent, { ev: 'hostfacts' }>;
type ClockEvent = Extract<AgentEvent, { ev: 'clock' }>;

/** An agent that sent nothing for a request within its time: the agent, not what it ran, went quiet. */
export class AgentSilent extends PreflightError {
  constructor(hostId: string, what: string, timeoutMs: number) {
    super('timeout', `${hostId}: the agent did not answer within ${timeoutMs} ms (waiting for ${what})`, {
      hint: 'the agent on that host hangs or its connection stalls: look for a stuck python3 process there, and at the network path to it',
    });
  }
}

export class RemoteAgent extends EventEmitter {
  readonly hostId: string;
  private readonly stream: AgentStream;
  private stderrText = '';
  private exited = false;
  private exitCode: number | null = null;
  private execSeq = 0;
  /** How many times sudo asked for a password (its prompt on stderr). */
  private prompts = 0;
  private promptCarry = '';
  /** The run's deadline and Ctrl-C: every wait ends when it aborts (except the stop's). */
  private signal: AbortSignal | undefined;
  /** Set when the agent broke the protocol (a line over the limit, invalid data): every wait fails with it. */
  private fault: PreflightError | undefined;

  private constructor(hostId: string, stream: AgentStream, signal?: AbortSignal) {
    super();
    this.hostId = hostId;
    this.stream = stream;
    this.signal = signal;
    const lines = new LineReader();
    stream.stdout.on('data', (chunk: Buffer) => {
      for (const line of lines.push(chunk)) {
        // Nothing a host sends after invalid data is read.
        if (this.fault) return;
        const parsed = parseAgentLine(line);
        if (parsed.kind === 'event') this.emit('event', parsed.event);
        else if (parsed.kind === 'invalid') this.refuse(parsed.problem);
        else if (line === BOOT_MARK) this.emit('boot');
      }
      if (lines.overflowed && !this.fault) {
        this.fault = new PreflightError('agent', `${this.hostId}: the agent sent a line longer than ${lines.maxLine} bytes; it was stopped`);
        this.stream.close();
        this.emit('fault', this.fault);
      }
    });
    stream.stderr.on('data', (chunk: Buffer) => {
      // The prompt may arrive split over chunks: count it over the joint, then keep it out of the text.
      const text = this.promptCarry + chunk.toString();
      const found = text.split(BECOME_PROMPT).length - 1;
      this.promptCarry = text.slice(-(BECOME_PROMPT.length - 1));
      if (found) {
        this.prompts += found;
        this.promptCarry = '';
        this.emit('prompt', this.prompts);
      }
      // Keep only the tail: enough for an error message, bounded for a chatty host.
      this.stderrText = (this.stderrText + chunk.toString()).replaceAll(BECOME_PROMPT, '').slice(-4096);
    });
    stream.onExit((code) => {
      this.exited = true;
      this.exitCode = code;
      this.emit('exit', code);
    });
    stream.stdin.on('error', () => { /* the agent went away; 'exit' reports it */ });
  }

  /**
   * Sends the script and waits for the agent's "ready" line. With a become password (the command is
   * `sudo -S -p BECOME_PROMPT ...` and the interpreter prints BOOT_MARK first), the password goes first.
   */
  static async start(hostId: string, stream: AgentStream, deadlineMs: number, readyTimeoutMs = 15000, becomePassword?: Secret, signal?: AbortSignal): Promise<{ agent: RemoteAgent; ready: ReadyEvent }> {
    const agent = new RemoteAgent(hostId, stream, signal);
    if (becomePassword) await agent.passSudo(becomePassword, readyTimeoutMs);
    stream.stdin.write(agentPreamble());
    const ready = await agent.waitFor((e): e is ReadyEvent => e.ev === 'ready', readyTimeoutMs, 'the agent to start');
    agent.send({ op: 'init', deadlineMs });
    return { agent, ready };
  }

  /**
   * Answers sudo's prompt once, then waits for the interpreter's BOOT_MARK before the script may follow.
   * Nothing else is written until then: sudo -S reads its password a byte at a time up to the newline,
   * and after a wrong one it would read the next lines as further attempts. A second prompt means the
   * password was refused: stdin is closed (sudo stops at EOF) and the host fails, with one attempt
   * counted against the account, never three. No prompt at all (NOPASSWD, root, a cached ticket):
   * the password is never sent.
   */
  private passSudo(password: Secret, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      let undoAbort = () => {};
      const cleanup = () => {
        clearTimeout(timer);
        undoAbort();
        this.off('prompt', onPrompt);
        this.off('boot', onBoot);
        this.off('exit', onExit);
      };
      const onBoot = () => { cleanup(); resolve(); };
      const onPrompt = (count: number) => {
        if (count === 1) {
          this.stream.stdin.write(`${password.reveal()}\n`);
          return;
        }
        cleanup();
        this.stream.close();
        reject(new PreflightError('auth', `${this.hostId}: sudo refused the become password (one attempt; not tried again, so the account is not locked out)`, {
          hint: 'give the sudo password of this host\'s login user (-K/--ask-become-pass or SWARM_PREFLIGHT_BECOME_PASS); hosts with another password need a run of their own',
        }));
      };
      const onExit = () => { cleanup(); reject(this.exitError('sudo to start the agent')); };
      const timer = setTimeout(() => {
        cleanup();
        this.stream.close();
        reject(new PreflightError('timeout', `${this.hostId}: sudo did not start the agent within ${timeoutMs} ms${this.stderr ? `: ${this.stderr.split('\n')[0]}` : ''}`, {
          hint: 'sudo may be asking something other than its password prompt (a PAM module of its own); try passwordless sudo for the check user',
        }));
      }, timeoutMs);
      this.on('prompt', onPrompt);
      this.on('boot', onBoot);
      this.on('exit', onExit);
      undoAbort = onAbort(this.signal, () => {
        cleanup();
        this.stream.close();
        reject(stoppedError(this.signal as AbortSignal, `${this.hostId}: sudo had not started the agent`));
      });
    });
  }

  get stderr(): string { return this.stderrText.trim(); }
  get hasExited(): boolean { return this.exited; }
  get invalidData(): InvalidDataError | undefined { return this.fault instanceof InvalidDataError ? this.fault : undefined; }

  /**
   * The host sent data that is not valid (an event, or command output a fact parser refused): the
   * host is an error from now on, its agent is told to go, waits end with this error, and nothing
   * more is sent to it or read from it.
   */
  refuse(problem: string): InvalidDataError {
    if (!this.fault) {
      this.fault = new InvalidDataError(problem, this.hostId);
      this.stream.close();
      this.emit('fault', this.fault);
    }
    return this.fault instanceof InvalidDataError ? this.fault : new InvalidDataError(problem, this.hostId);
  }

  send(command: AgentCommand): void {
    if (this.exited || this.fault) return;
    this.stream.stdin.write(`${JSON.stringify(command)}\n`);
  }

  /**
   * Resolves with the first event matching `match`; rejects on timeout, agent exit or a protocol fault,
   * and when the run's signal aborts unless `afterStop` (the cleanup's own waits, bounded by timeoutMs).
   */
  waitFor<T extends AgentEvent>(match: (e: AgentEvent) => e is T, timeoutMs: number, what: string, afterStop = false): Promise<T> {
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        undoAbort();
        this.off('event', onEvent);
        this.off('exit', onExit);
        this.off('fault', onFault);
      };
      const onEvent = (event: AgentEvent) => {
        if (match(event)) { cleanup(); resolve(event); }
      };
      const onExit = () => { cleanup(); reject(this.fault ?? this.exitError(what)); };
      const onFault = (fault: PreflightError) => { cleanup(); reject(fault); };
      const timer = setTimeout(() => {
        cleanup();
        reject(new AgentSilent(this.hostId, what, timeoutMs));
      }, timeoutMs);
      this.on('event', onEvent);
      this.on('exit', onExit);
      this.on('fault', onFault);
      let undoAbort = () => {};
      if (this.fault) onFault(this.fault);
      else if (this.exited) onExit();
      else if (!afterStop) undoAbort = onAbort(this.signal, () => { cleanup(); reject(stoppedError(this.signal as AbortSignal, `${this.hostId}: still waiting for ${what}`)); });
    });
  }

  /** Runs a fixed argv on the host (no shell) and returns its output. */
  async exec(argv: string[], timeoutMs = 10000, afterStop = false): Promise<ExecEvent> {
    const id = `x${++this.execSeq}`;
    const done = this.waitFor((e): e is ExecEvent => e.ev === 'exec' && e.id === id, timeoutMs + 2000, `${argv[0]} to finish`, afterStop);
    this.send({ op: 'exec', id, argv, timeoutMs });
    return done;
  }

  /**
   * A GET to the host's docker engine API (its unix socket), answered by the engine: read-only.
   * `afterStop`: also once the run was stopped (cleanup's own checks); `socket`: tests only.
   */
  async dockerGet(path: string, timeoutMs = 10000, opts: { afterStop?: boolean; socket?: string } = {}): Promise<DockerEvent> {
    const id = `d${++this.execSeq}`;
    const done = this.waitFor((e): e is DockerEvent => e.ev === 'docker' && e.id === id, timeoutMs + 2000, `docker's answer to GET ${path.split('?')[0]}`, opts.afterStop);
    this.send({ op: 'docker', id, path, timeoutMs, ...(opts.socket ? { socket: opts.socket } : {}) });
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

  /** Host facts read from the host's files (identity, sysctls, kernel modules, drivers): raw, untrusted. */
  async hostFacts(modules: string[], config: string[], timeoutMs = 5000): Promise<HostFactsEvent> {
    const id = `h${++this.execSeq}`;
    const done = this.waitFor((e): e is HostFactsEvent => e.ev === 'hostfacts' && e.id === id, timeoutMs, 'host facts');
    this.send({ op: 'hostfacts', id, modules, config });
    return done;
  }

  /** One reading of the host's clock, bracketed by this machine's: (sent, host time in ms, received). */
  async clock(timeoutMs = 5000): Promise<{ sentMs: number; hostMs: number; receivedMs: number }> {
    const id = `c${++this.execSeq}`;
    const done = this.waitFor((e): e is ClockEvent => e.ev === 'clock' && e.id === id, timeoutMs, 'the host clock');
    const sentMs = Date.now();
    this.send({ op: 'clock', id });
    const event = await done;
    return { sentMs, hostMs: Number(event.time) * 1000, receivedMs: Date.now() };
  }

  /**
   * Asks the agent to stop and waits (bounded) until it says it has closed everything ("done", its
   * last line before it exits) or its channel closes, whichever comes first.
   */
  async stop(waitMs = 3000): Promise<void> {
    if (this.exited) return;
    // waitFor rejects when the agent exits (that is a stop too) or the wait runs out: both end it.
    const gone = this.waitFor((e): e is Extract<AgentEvent, { ev: 'done' }> => e.ev === 'done', waitMs, 'the agent to stop', true).catch(() => undefined);
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
        hint: 'give the sudo password with -K (or SWARM_PREFLIGHT_BECOME_PASS), allow passwordless sudo for the check user, or connect as root',
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
