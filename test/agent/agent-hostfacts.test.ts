// The agent reading host facts from this machine's own files, and its clock, as it does on a host.
import test from 'ava';
import { readFileSync, readlinkSync } from 'node:fs';
import { parseHostFiles } from '../../src/facts/host-files.js';
import { startLocalAgent } from './local-agent.js';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

test('host facts are this machine\'s: boot id, network namespace, ip_forward, and what could not be read', async (t) => {
  const { agent, pid } = await startLocalAgent();
  const files = parseHostFiles(await agent.hostFacts(['vxlan', '--bad name'], ['CONFIG_VXLAN', 'NOT_CONFIG']));
  await agent.stop();
  t.is(files.agentPid, pid);
  t.is(files.bootId, read('/proc/sys/kernel/random/boot_id'));
  t.is(files.netns, readlinkSync('/proc/self/ns/net'));
  t.is(files.ipForward, Number(read('/proc/sys/net/ipv4/ip_forward')));
  const machineId = read('/etc/machine-id') ?? read('/var/lib/dbus/machine-id');
  if (machineId) t.is(files.machineId, machineId);
  // Every file is either read or named with why not.
  t.true(files.loaded !== undefined || files.errors.modules !== undefined);
  t.true(files.config !== undefined || files.errors.config !== undefined);
  // Only what was asked for, and only plain names, come back out of the big files.
  for (const line of files.config ?? []) t.regex(line, /CONFIG_(VXLAN|MODULES)[= ]/);
});

test('the clock reading lies between the send and the receive', async (t) => {
  const { agent } = await startLocalAgent();
  const r = await agent.clock();
  await agent.stop();
  t.true(r.sentMs <= r.receivedMs);
  t.true(r.hostMs >= r.sentMs - 5 && r.hostMs <= r.receivedMs + 5, JSON.stringify(r));
});
