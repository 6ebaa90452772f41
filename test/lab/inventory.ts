// An Ansible YAML inventory of the lab: groups managers and workers, ansible_host and ansible_user.
import type { LabHost } from './state.js';

export interface InventoryParams {
  hosts: LabHost[];
  sshKeyPath: string;
  knownHostsPath: string;
  /** Labs where each host authorizes only its own key: that key, per host. */
  hostKeyPath?: (id: string) => string;
}

export function inventoryYaml({ hosts, sshKeyPath, knownHostsPath, hostKeyPath }: InventoryParams): string {
  const group = (role: LabHost['role']) => {
    const members = hosts.filter((h) => h.role === role);
    if (members.length === 0) return [`    ${role}s: {}`];
    return [
      `    ${role}s:`,
      `      hosts:`,
      ...members.flatMap((h) => [
        `        ${h.id}:`,
        `          ansible_host: ${h.address}`,
        ...(hostKeyPath ? [`          ansible_ssh_private_key_file: ${hostKeyPath(h.id)}`] : []),
      ]),
    ];
  };
  return [
    '# swarm-preflight lab inventory (generated)',
    'all:',
    '  vars:',
    '    ansible_user: root',
    ...(hostKeyPath ? [] : [`    ansible_ssh_private_key_file: ${sshKeyPath}`]),
    `    ansible_ssh_common_args: '-o UserKnownHostsFile=${knownHostsPath} -o StrictHostKeyChecking=yes'`,
    '  children:',
    ...group('manager'),
    ...group('worker'),
    '',
  ].join('\n');
}
