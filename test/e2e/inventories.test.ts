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
    // n1's key comes from its group (a group_vars directory), the workers' keys from their host_vars.
    'group_vars/managers/ssh.yml': `---\nansible_ssh_private_key_file: ${lab.identityPath('n1')}\n`,
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

/** Every connection value in play: a key from group_vars and one from host_vars, a proxy, sudo, an interpreter, a probe address. */
function listInventory(lab: Lab): string {
  return writeTree(path.join(lab.stateDir, 'inv-list'), {
    'hosts.ini': [
      '[managers]',
      `n1 ansible_host=${lab.host('n1').address} swarm_address=198.18.0.111`,
      '',
      '[workers]',
      'n[2:3]',
      '',
    ].join('\n'),
    'group_vars/all.yml': `---\nansible_user: root\nansible_ssh_private_key_file: ${lab.identityPath('n1')}\n`,
    'host_vars/n2.yml': [
      '---',
      `ansible_host: ${lab.host('n2').address}`,
      `ansible_ssh_private_key_file: ${lab.identityPath('n2')}`,
      `ansible_ssh_common_args: '-o ProxyCommand="ssh -W %h:%p -q root@${lab.host('n1').address}"'`,
      '',
    ].join('\n'),
    'host_vars/n3.yml': `---\nansible_host: ${lab.host('n3').address}\nansible_user: spf\nansible_become: true\nansible_python_interpreter: /usr/bin/python3\n`,
  });
}

interface Sourced<T> { value: T; from: string }
interface Plan {
  id: string; target: string;
  ssh: { user: Sourced<string>; address: Sourced<string>; keys: Sourced<string[]>; via: Sourced<string> };
  sudo: Sourced<string>; python: Sourced<string>; role: Sourced<string>; probedAt: Sourced<string>;
}

labTest('--list-hosts shows every host\'s connection values and where each came from, and connects to nothing', async (t) => {
  const { lab } = t.context;
  const dir = listInventory(lab);
  await lab.countConnections(22);
  const env = { HOME: operatorHome(lab, 'list'), SWARM_PREFLIGHT_BECOME_PASS: 'not-used' };
  const json = await runCli(['check', '-i', dir, '--list-hosts', '--format', 'json'], { env });
  const table = await runCli(['check', '-i', dir, '--list-hosts'], { env });
  t.is(json.code, 0, json.stderr + json.stdout);
  t.is(table.code, 0, table.stderr + table.stdout);
  const plans = (JSON.parse(json.stdout) as { hosts: Plan[] }).hosts;
  const [n1, n2, n3] = ['n1', 'n2', 'n3'].map((id) => plans.find((p) => p.id === id)!);
  t.truthy(n1 && n2 && n3);
  const proxy = /ssh -W (%h:%p|198\.18\.0\.12:22) -q root@198\.18\.0\.11/;
  const at = (file: string, line?: number) => new RegExp(`${file.replace(/[./]/g, '\\$&')}${line ? `:${line}\\b` : ''}`);

  t.deepEqual([n1!.target, n2!.target, n3!.target], ['root@198.18.0.11:22', 'root@198.18.0.12:22', 'spf@198.18.0.13:22']);
  t.regex(n1!.ssh.user.from, at('group_vars/all.yml', 2));
  t.regex(n3!.ssh.user.from, at('host_vars/n3.yml', 3));
  t.regex(n1!.ssh.address.from, at('hosts.ini', 2));
  t.regex(n2!.ssh.address.from, at('host_vars/n2.yml', 2));

  t.deepEqual(n1!.ssh.keys.value, [lab.identityPath('n1')]);
  t.regex(n1!.ssh.keys.from, at('group_vars/all.yml', 3));
  t.deepEqual(n2!.ssh.keys.value, [lab.identityPath('n2')]);
  t.regex(n2!.ssh.keys.from, at('host_vars/n2.yml', 3));
  t.deepEqual(n3!.ssh.keys.value, [lab.identityPath('n1')], 'n3 has the group\'s key');

  t.is(n1!.ssh.via.value, 'direct');
  t.regex(n2!.ssh.via.value, proxy);
  t.regex(n2!.ssh.via.from, at('host_vars/n2.yml', 4));

  t.is(n1!.sudo.value, 'none');
  t.regex(n3!.sudo.value, /^sudo -S/, 'a password is given, so sudo reads it');
  t.regex(n3!.sudo.from, at('host_vars/n3.yml', 4));
  t.regex(n3!.sudo.from, /SWARM_PREFLIGHT_BECOME_PASS/);
  t.is(n3!.python.value, '/usr/bin/python3');
  t.regex(n3!.python.from, at('host_vars/n3.yml', 5));

  t.deepEqual(plans.map((p) => p.role.value), ['manager', 'worker', 'worker']);
  t.regex(n2!.role.from, at('hosts.ini', 4));
  t.is(n1!.probedAt.value, '198.18.0.111');
  t.regex(n1!.probedAt.from, at('hosts.ini', 2));
  t.is(n2!.probedAt.value, '198.18.0.12');

  // The table a person reads carries the same values.
  t.regex(table.stdout, proxy);
  for (const text of ['root@198.18.0.11:22', 'spf@198.18.0.13:22', lab.identityPath('n2'), 'sudo -S', '/usr/bin/python3', '198.18.0.111', 'group_vars/all.yml:3']) {
    t.true(table.stdout.includes(text), `the table shows ${text}`);
  }
  t.regex(table.stdout, /nothing was connected/);
  t.false(json.stdout.includes('not-used') || table.stdout.includes('not-used'), 'the password is never printed');
  t.deepEqual(await lab.connectionCounts(), { n1: 0, n2: 0, n3: 0 }, 'no SYN reached any host');
  t.deepEqual(await lab.leftovers(), []);
});
