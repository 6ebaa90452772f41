// `npm run demo`: a 3-host swarm on this machine, one injected fault, the check against it, teardown.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Lab } from './lab.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));

function say(text: string): void {
  process.stderr.write(`demo: ${text}\n`);
}

async function main(): Promise<number> {
  const available = Lab.available({ docker: true });
  if (!available.ok) {
    say(`the lab cannot run here: ${available.reason}`);
    say('it needs root on Linux and the packages in test/lab/install-deps.sh (run that script first)');
    return 2;
  }
  say('bringing up 3 hosts (n1 manager, n2 and n3 workers), each with sshd and dockerd, in one swarm...');
  const lab = await Lab.up({ hosts: 3, docker: true, managers: 1 });
  try {
    say(`lab up in ${lab.timings.total?.toFixed(1) ?? '?'} s: ${lab.hosts.map((h) => `${h.id}=${h.address}`).join(' ')}`);
    say('injecting a fault: n3 drops the VXLAN data-path port (4789/udp) from n2, as a forgotten firewall rule would');
    await lab.drop('n3', { proto: 'udp', port: 4789, direction: 'in', peer: 'n2' });
    const args = ['check', '-i', lab.writeInventory(), '--identity', lab.sshKeyPath, '--known-hosts', lab.knownHostsPath, '--timeout', '2'];
    say(`running: swarm-preflight ${args.join(' ')}\n`);
    const run = spawnSync(process.execPath, [CLI, ...args], { stdio: 'inherit' });
    say(`swarm-preflight exited ${run.status} (1 = at least one fail)`);
    return run.status === 1 ? 0 : 1;
  } finally {
    say('tearing the lab down...');
    await lab.teardown();
    say('done: no namespace, process or file of the lab is left');
  }
}

process.exitCode = await main();
