// An in-process SSH server on 127.0.0.1:0 for the session tests. It accepts the public keys it is given,
// counts authentication attempts and concurrent sessions, and runs a few fake commands:
//   report        stdout "hello out\n", stderr "hello err\n", exit 3
//   cat           echoes stdin to stdout, exit 0 at EOF
//   sleep <ms>    exit 0 after <ms>
//   forever       never finishes
//   signal        exits by signal TERM
// or, with `shellPath`, runs each command with a real /bin/sh (the agent's start-up through SSH).
// direct-tcpip opens are honoured by connecting to the destination from this process.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import type { Connection, ServerChannel } from 'ssh2';

export interface KeyPair {
  private: string;
  public: string;
  /** The public key blob (what known_hosts holds, base64-decoded). */
  blob: Buffer;
  type: string;
}

export function makeKey(type: 'ed25519' | 'rsa' = 'ed25519', passphrase?: string): KeyPair {
  const encryption: { passphrase: string; cipher: string; rounds: number } | Record<string, never> = passphrase
    ? { passphrase, cipher: 'aes256-cbc', rounds: 4 }
    : {};
  for (;;) {
    const pair =
      type === 'rsa'
        ? ssh2.utils.generateKeyPairSync('rsa', { bits: 2048, ...encryption })
        : ssh2.utils.generateKeyPairSync('ed25519', encryption);
    // ssh2 1.17's keygen strips leading zero bytes of an ed25519 public key, so about 1 key in 256 cannot
    // be parsed back (mscdex/ssh2#1390, #1513). Keys from ssh-keygen are not affected; draw again.
    if (ssh2.utils.parseKey(pair.public) instanceof Error) continue;
    if (!passphrase && ssh2.utils.parseKey(pair.private) instanceof Error) continue;
    const [keyType, b64] = pair.public.split(' ') as [string, string];
    return { private: pair.private, public: pair.public, blob: Buffer.from(b64, 'base64'), type: keyType };
  }
}

export interface ServerStats {
  connections: number;
  openConnections: number;
  authAttempts: number;
  /** The public keys offered with publickey authentication (base64 blobs), in order, repeats removed. */
  offered: string[];
  sessionsOpen: number;
  maxSessionsOpen: number;
  execs: string[];
  /** Exec channels that were closed before the command finished. */
  abandoned: number;
  tcpip: Array<{ host: string; port: number }>;
}

export interface TestServer {
  port: number;
  stats: ServerStats;
  close(): Promise<void>;
}

export interface ServerOptions {
  hostKeys: KeyPair[];
  authorized: KeyPair[];
  /**
   * Run every exec with a real /bin/sh and this PATH, as sshd hands commands to a login shell: for the
   * agent's start-up, with chosen interpreters on the PATH. Without it the scripted commands below.
   */
  shellPath?: string;
}

export async function startServer(opts: ServerOptions): Promise<TestServer> {
  const stats: ServerStats = { connections: 0, openConnections: 0, authAttempts: 0, offered: [], sessionsOpen: 0, maxSessionsOpen: 0, execs: [], abandoned: 0, tcpip: [] };
  const clients = new Set<Connection>();
  const server = new ssh2.Server({ hostKeys: opts.hostKeys.map((k) => k.private) }, (client) => {
    clients.add(client);
    stats.connections++;
    stats.openConnections++;
    client.on('error', () => undefined);
    client.on('close', () => {
      stats.openConnections--;
      clients.delete(client);
    });
    client.on('authentication', (ctx) => {
      stats.authAttempts++;
      if (ctx.method !== 'publickey') return ctx.reject(['publickey']);
      const offered = ctx.key.data.toString('base64');
      if (!stats.offered.includes(offered)) stats.offered.push(offered);
      const match = opts.authorized.find((k) => k.blob.equals(ctx.key.data));
      if (!match) return ctx.reject(['publickey']);
      if (!ctx.signature) return ctx.accept();
      const pub = ssh2.utils.parseKey(match.public);
      if (pub instanceof Error || !ctx.blob || !pub.verify(ctx.blob, ctx.signature, ctx.hashAlgo)) return ctx.reject(['publickey']);
      ctx.accept();
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        stats.sessionsOpen++;
        stats.maxSessionsOpen = Math.max(stats.maxSessionsOpen, stats.sessionsOpen);
        session.on('exec', (acceptExec, _reject, info) => {
          stats.execs.push(info.command);
          const stream = acceptExec();
          // A session stops counting when the command finishes (the server then sends exit and CLOSE, and
          // only after that can the client reuse the slot) or when the client closes the channel first.
          // ssh2 emits the server side 'close' a tick late, which would overcount, so it is not used alone.
          let counted = true;
          let finished = false;
          const uncount = () => {
            if (!counted) return;
            counted = false;
            stats.sessionsOpen--;
          };
          stream.on('close', () => {
            if (!finished) stats.abandoned++;
            uncount();
          });
          stream.on('error', () => undefined);
          (opts.shellPath === undefined ? run : inShell(opts.shellPath))(info.command, stream, () => {
            finished = true;
            uncount();
          });
        });
      });
      client.on('tcpip', (accept, reject, info) => {
        stats.tcpip.push({ host: info.destIP, port: info.destPort });
        const socket = net.connect(info.destPort, info.destIP);
        socket.once('error', () => reject());
        socket.once('connect', () => {
          const channel = accept();
          channel.on('error', () => undefined);
          socket.pipe(channel).pipe(socket);
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of clients) c.end();
        server.close(() => resolve());
      }),
  };
}

function inShell(pathEnv: string) {
  return (command: string, stream: ServerChannel, done: () => void): void => {
    const child = spawn('/bin/sh', ['-c', command], { env: { PATH: pathEnv, HOME: os.tmpdir() }, stdio: 'pipe' });
    stream.pipe(child.stdin);
    child.stdin.on('error', () => undefined);
    child.stdout.pipe(stream, { end: false });
    child.stderr.pipe(stream.stderr, { end: false });
    stream.on('close', () => child.kill('SIGKILL'));
    child.on('close', (code) => {
      done();
      stream.exit(code ?? 255);
      stream.end();
    });
  };
}

function run(command: string, stream: ServerChannel, done: () => void): void {
  const finish = (code: number) => {
    done();
    stream.exit(code);
    stream.end();
  };
  const [name, arg] = command.split(' ');
  // A server channel only emits 'close' once its readable side was consumed to the end.
  if (name !== 'cat') stream.resume();
  switch (name) {
    case 'report':
      stream.write('hello out\n');
      stream.stderr.write('hello err\n');
      return finish(3);
    case 'cat':
      stream.on('data', (chunk: Buffer) => stream.write(chunk));
      stream.on('end', () => finish(0));
      return;
    case 'sleep': {
      const timer = setTimeout(() => finish(0), Number(arg));
      stream.on('close', () => clearTimeout(timer));
      return;
    }
    case 'forever':
      return;
    case 'signal':
      done();
      stream.exit('TERM');
      stream.end();
      return;
    default:
      stream.stderr.write(`unknown command: ${command}\n`);
      return finish(127);
  }
}

/** A temporary directory removed by the returned cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ssh-test-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

export { eventually } from '../../helpers/eventually.js';
