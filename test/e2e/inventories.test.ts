// Operators' Ansible inventories against real sshd hosts, each of which accepts only its own key:
// YAML with flow maps, anchors and merge keys, an inventory directory with host ranges and
// group_vars/host_vars, --limit, and --list-hosts (which connects to nothing).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Lab } from '../lab/lab.js';
import { labSuite } from './lab-suite.js';
import { cells, runCli } from './cli.js';
import { operatorHome, writeTree } from './operator.js';

const { labTest } = labSuite({ hosts: 3, managers: 1, keyPerHost: true });

/** A check run as an operator with an empty home, no agent, no --identity: only the inventory says how to log in. */
function check(lab: Lab, inventory: string, extra: string[] = []) {
  const home = operatorHome(lab, 'inventories');
  return runCli(['check', '-i', inventory, '--known-hosts', lab.knownHostsPath, '--connect-timeout', '3', '--timeout', '1', '--format', 'json', ...extra], { env: { HOME: home } });
}

/** Flow maps, an anchor on n2's map and a merge key that gives n3 its role and login. */
function yamlInventory(lab: Lab): string {
  return writeTree(path.join(lab.stateDir, 'inv-yaml'), {
    'inventory.yml': [
      '# flow maps, an anchor, a merge key, a key file per host',
      'all:',
      '  vars: {ansible_port: 22}',
      '  children:',
      '    managers:',
      '      hosts:',
      `        n1: {ansible_host: ${lab.host('n1').address}, ansible_user: root, ansible_ssh_private_key_file: ${lab.identityPath('n1')}}`,
      '    swarm_nodes:',
      '      hosts:',
      `        n2: &node {ansible_host: ${lab.host('n2').address}, ansible_user: root, swarm_role: worker, ansible_ssh_private_key_file: ${lab.identityPath('n2')}}`,
      `        n3: {<<: *node, ansible_host: ${lab.host('n3').address}, ansible_ssh_private_key_file: ${lab.identityPath('n3')}}`,
      '',
    ].join('\n'),
  }) + '/inventory.yml';
}

/** An inventory directory: an INI file with a host range, group_vars/ and host_vars/ (addresses and most keys there). */
function inventoryDir(lab: Lab): string {
  const files: Record<string, string> = {
    'hosts.ini': '[managers]\nn1\n\n[workers]\nn[2:3]\n\n[swarm:children]\nmanagers\nworkers\n',
    'group_vars/all.yml': '---\nansible_user: root\n',
    // n1's key comes from its group, the workers' keys from their host_vars.
    'group_vars/managers.yml': `---\nansible_ssh_private_key_file: ${lab.identityPath('n1')}\n`,
  };
  for (const h of lab.hosts) {
    files[`host_vars/${h.id}.yml`] = [
      '---',
      `ansible_host: ${h.address}`,
      ...(h.id === 'n1' ? [] : [`ansible_ssh_private_key_file: ${lab.identityPath(h.id)}`]),
      '',
    ].join('\n');
  }
  return writeTree(path.join(lab.stateDir, 'inv-dir'), files);
}

function opensshAs(lab: Lab, key: string, address: string) {
  return spawnSync('/usr/bin/ssh', [
    '-F', '/dev/null', '-i', key, '-o', 'IdentitiesOnly=yes', '-o', `UserKnownHostsFile=${lab.knownHostsPath}`,
    '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=5', `root@${address}`, 'true',
  ], { encoding: 'utf8', timeout: 20_000, env: { PATH: '/usr/bin:/bin' } });
}

labTest('a YAML inventory with flow maps, an anchor, a merge key and a key file per host passes with no --identity and no agent', async (t) => {
  const { lab } = t.context;
  // The lab is what the test claims: each host takes its own key and refuses the others'.
  t.is(opensshAs(lab, lab.identityPath('n2'), lab.host('n2').address).status, 0);
  t.not(opensshAs(lab, lab.identityPath('n1'), lab.host('n2').address).status, 0, "n2 refuses n1's key");
  const run = await check(lab, yamlInventory(lab));
  t.is(run.code, 0, run.stderr + run.stdout.slice(0, 2000));
  const r = run.json!;
  t.deepEqual(r.hosts.map((h) => [h.id, h.address, h.role, h.reachable]), [
    ['n1', '198.18.0.11', 'manager', true], ['n2', '198.18.0.12', 'worker', true], ['n3', '198.18.0.13', 'worker', true],
  ], 'n3 is a worker only through the merge key');
  t.deepEqual(cells(r, 'fail'), []);
  t.deepEqual(cells(r, 'error'), []);
  t.is(cells(r, 'pass').length, 6 * 3 + 2);
  t.deepEqual(await lab.leftovers(), []);
});

labTest('-i of a directory with an INI host range, group_vars and host_vars runs clean', async (t) => {
  const { lab } = t.context;
  const run = await check(lab, inventoryDir(lab));
  t.is(run.code, 0, run.stderr + run.stdout.slice(0, 2000));
  const r = run.json!;
  t.deepEqual(r.hosts.map((h) => [h.id, h.address, h.role, h.reachable]), [
    ['n1', '198.18.0.11', 'manager', true], ['n2', '198.18.0.12', 'worker', true], ['n3', '198.18.0.13', 'worker', true],
  ]);
  t.deepEqual(cells(r, 'fail'), []);
  t.deepEqual(cells(r, 'error'), []);
  t.is(cells(r, 'pass').length, 6 * 3 + 2);
  t.deepEqual(await lab.leftovers(), []);
});

labTest('--limit all:!n3 probes only n1 and n2, and n3 sees no connection at all', async (t) => {
  const { lab } = t.context;
  await lab.countConnections(22);
  const run = await check(lab, yamlInventory(lab), ['--limit', 'all:!n3']);
  t.is(run.code, 0, run.stderr + run.stdout.slice(0, 2000));
  const r = run.json!;
  t.deepEqual(r.hosts.map((h) => h.id), ['n1', 'n2']);
  t.true(r.probes.length > 0 && r.probes.every((p) => p.from !== 'n3' && p.to !== 'n3'));
  t.deepEqual(cells(r, 'fail'), []);
  t.deepEqual(cells(r, 'error'), []);
  // n1 <-> n2: 7946/tcp, 7946/udp, 4789/udp both ways, 2377/tcp to the manager.
  t.is(cells(r, 'pass').length, 2 * 3 + 1);
  const counts = await lab.connectionCounts();
  t.is(counts.n3, 0, 'no SYN reached n3:22');
  t.true(counts.n1! > 0 && counts.n2! > 0, `n1 and n2 were logged in to (${JSON.stringify(counts)})`);
  t.deepEqual(await lab.leftovers(), []);
});
