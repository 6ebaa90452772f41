// What the lab's hosts cost before the tool does anything: every host logged in to at once over SSH
// (ssh2, the same key and host-key check as the tool), each running `true`, until every connection
// has closed. On one machine this is the lab's sshd (fork, re-exec, PAM, motd, the login shell) on
// the cores the runner shares; on real hosts it runs on each host's own CPU.
import { readFileSync } from 'node:fs';
import ssh2 from 'ssh2';
import type { Lab } from '../lab/lab.js';

export async function loginFloor(lab: Lab): Promise<number> {
  const key = readFileSync(lab.sshKeyPath);
  const known = readFileSync(lab.knownHostsPath, 'utf8');
  const started = process.hrtime.bigint();
  await Promise.all(lab.hosts.map((h) => new Promise<void>((resolve, reject) => {
    const client = new ssh2.Client();
    client.on('ready', () => client.exec('true', (err, channel) => {
      if (err) return reject(err);
      channel.on('close', () => client.end());
      channel.resume();
      channel.stderr.resume();
    }));
    client.on('close', () => resolve());
    client.on('error', reject);
    client.connect({
      host: h.address, username: 'root', privateKey: key,
      // The same refusal of unknown keys as the tool: the host's key must be in the lab's known_hosts.
      hostVerifier: (blob: Buffer) => known.includes(blob.toString('base64')),
    });
  })));
  return Number(process.hrtime.bigint() - started) / 1e6;
}
