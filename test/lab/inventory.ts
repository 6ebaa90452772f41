// An Ansible YAML inventory of the lab: groups managers and workers, ansible_host and ansible_user.
import type { LabHost } from './state.js';

export interface InventoryParams { hosts: LabHost[]; sshKeyPath: string; knownHostsPath: string }

export function inventoryYaml({ hosts, sshKeyPath, knownHostsPath }: InventoryParams): string {
  const group = (role: LabHost['role']) => {
    const members = hosts.filter((h) => h.role === role);
    if (members.length === 0) return [`    ${role}s: {}`];
    return [
      `    ${role}s:`,
      `      hosts:`,
      ...members.flatMap((h) => [`        ${h.id}:`, `          ansible_host: ${h.address}`]),
    ];
  };
  return [
    '# swarm-preflight lab inventory (generated)',
    'all:',
    '  vars:',
    '    ansible_user: root',
    `    ansible_ssh_private_key_file: ${sshKeyPath}`,
    `    ansible_ssh_common_args: '-o UserKnownHostsFile=${knownHostsPath} -o StrictHostKeyChecking=yes'`,
    '  children:',
    ...group('manager'),
    ...group('worker'),
    '',
  ].join('\n');
}
