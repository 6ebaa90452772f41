// Loaded with `node --import` ahead of the CLI: any TCP/UDP socket or name lookup ends the process with
// status 99 before anything is sent, so a test can show that a command touched no network at all.
import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';

const NETWORK_USED_EXIT = 99;

function forbid(what: string): () => never {
  return () => {
    process.stderr.write(`network used: ${what}\n`);
    process.exit(NETWORK_USED_EXIT);
  };
}

net.Socket.prototype.connect = forbid('socket connect') as typeof net.Socket.prototype.connect;
dns.lookup = forbid('dns.lookup') as unknown as typeof dns.lookup;
dns.resolve = forbid('dns.resolve') as unknown as typeof dns.resolve;
dns.promises.lookup = forbid('dns.promises.lookup');
dns.promises.resolve = forbid('dns.promises.resolve') as typeof dns.promises.resolve;
dgram.createSocket = forbid('dgram socket') as typeof dgram.createSocket;
