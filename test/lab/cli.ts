#!/usr/bin/env node
// Manual control of the lab:
//   node dist/test/lab/cli.js up [--hosts N] [--docker] [--managers M] [--advertise ID=IP] [--data-path-addr ID=IP]
//                                                                        build it and leave it up
//   node dist/test/lab/cli.js down                                       tear it down (from the state file)
//   node dist/test/lab/cli.js status                                     what is up
import { Lab, type SwarmAddresses } from './lab.js';
import { labRemains } from './teardown.js';

function usage(): never {
  console.error('usage: cli.js up [--hosts N] [--docker] [--managers M] [--advertise ID=IP] [--data-path-addr ID=IP] | down | status');
  process.exit(2);
}

function intArg(args: string[], name: string): number | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v)) usage();
  return v;
}

/** `--advertise n3=198.18.0.99` and `--data-path-addr n3=...`, each repeatable. */
function swarmAddresses(args: string[]): SwarmAddresses | undefined {
  const out: SwarmAddresses = {};
  args.forEach((a, i) => {
    const key = a === '--advertise' ? 'advertise' : a === '--data-path-addr' ? 'dataPath' : undefined;
    if (!key) return;
    const [id, ip] = (args[i + 1] ?? '').split('=');
    if (!id || !ip) usage();
    out[id] = { ...out[id], [key]: ip };
  });
  return Object.keys(out).length ? out : undefined;
}

function printLab(lab: Lab): void {
  for (const h of lab.hosts) {
    console.log(`${h.id.padEnd(4)} ${h.address.padEnd(13)} ${h.role.padEnd(8)} netns ${h.netns.padEnd(8)} init pid ${h.initPid}${h.container ? `  container ${h.container}` : ''}`);
  }
  console.log(`ssh key:     ${lab.sshKeyPath}`);
  console.log(`known_hosts: ${lab.knownHostsPath}`);
  console.log(`inventory:   ${lab.writeInventory()}`);
  console.log(`try:         ssh -i ${lab.sshKeyPath} -o UserKnownHostsFile=${lab.knownHostsPath} root@${lab.hosts[0]?.address} hostname`);
}

async function main(): Promise<void> {
  const [cmd, ...args] = process.argv.slice(2);
  switch (cmd) {
    case 'up': {
      const docker = args.includes('--docker');
      const avail = Lab.available({ docker });
      if (!avail.ok) {
        console.error(`lab not available: ${avail.reason}`);
        process.exit(1);
      }
      const lab = await Lab.up({ hosts: intArg(args, '--hosts'), managers: intArg(args, '--managers'), docker, swarmAddresses: swarmAddresses(args) });
      printLab(lab);
      console.log(`timings (s): ${Object.entries(lab.timings).map(([k, v]) => `${k}=${v.toFixed(2)}`).join(' ')}`);
      break;
    }
    case 'down': {
      const t0 = Date.now();
      const phases = await Lab.down();
      const detail = Object.entries(phases).map(([k, v]) => `${k}=${v.toFixed(2)}`).join(' ');
      console.log(`lab down in ${((Date.now() - t0) / 1000).toFixed(2)} s (${detail})`);
      break;
    }
    case 'status': {
      const lab = Lab.current();
      if (lab) printLab(lab);
      else console.log('no lab state file');
      const remains = labRemains();
      if (!lab && remains.length) console.log(`on the machine: ${remains.join('; ')}`);
      break;
    }
    default:
      usage();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
