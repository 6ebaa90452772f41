// The flags every command that reaches hosts takes: which hosts (inventory, --limit, roles) and how to
// reach them over SSH. One definition, so `check` and `rules` read them alike.
import type { Argv } from 'yargs';
import { BECOME_PASS_ENV } from './become.js';

export function withHostOptions<T>(y: Argv<T>) {
  return y
    .option('inventory', { alias: 'i', type: 'string', array: true, nargs: 1, describe: 'inventory file or directory (repeatable; - reads stdin): Ansible YAML/INI, ansible-inventory --list JSON, or one host a line; group_vars/ and host_vars/ next to it are read', group: 'Hosts:' })
    .option('limit', { alias: 'l', type: 'string', describe: "Ansible host pattern: only these hosts (web*,!web3  managers:&eu  ~node[0-9]+)", group: 'Hosts:' })
    .option('managers-group', { type: 'string', array: true, describe: 'inventory group of swarm managers (repeatable; default: managers, manager, swarm_managers, docker_swarm_manager ...)', group: 'Hosts:' })
    .option('workers-group', { type: 'string', array: true, describe: 'inventory group of swarm workers (repeatable; default: workers, worker, swarm_workers, docker_swarm_worker ...)', group: 'Hosts:' })
    .option('hosts', { type: 'string', describe: 'comma-separated hosts ([user@]host[:port])', group: 'Hosts:' });
}

export function withSshOptions<T>(y: Argv<T>) {
  return y
    .option('ssh-config', { alias: 'F', type: 'string', describe: 'ssh_config file instead of ~/.ssh/config and /etc/ssh/ssh_config (none: read none)', group: 'SSH:' })
    .option('jump', { alias: 'J', type: 'string', describe: 'jump hosts for every host, [user@]host[:port][,...] (none: direct); wins over inventory and ssh_config', group: 'SSH:' })
    .option('port', { alias: 'p', type: 'number', describe: 'SSH port for hosts whose inventory and ssh_config set none (default 22)', group: 'SSH:' })
    .option('user', { alias: 'u', type: 'string', describe: 'login user (an inventory ansible_user wins)', group: 'SSH:' })
    .option('identity', { type: 'string', array: true, describe: 'private key file (repeatable); default: ssh-agent and ~/.ssh/id_*', group: 'SSH:' })
    .option('known-hosts', { type: 'string', array: true, describe: 'known_hosts file (default ~/.ssh/known_hosts)', group: 'SSH:' })
    .option('host-key-check', { type: 'string', choices: ['strict', 'accept-new', 'off'], describe: 'host key policy (default strict)', group: 'SSH:' })
    .option('sudo', { type: 'boolean', default: false, describe: 'run the agent with sudo -n (passwordless sudo)', group: 'SSH:' })
    .option('ask-become-pass', { alias: 'K', type: 'boolean', default: false, describe: `ask for the sudo password on the terminal (or set ${BECOME_PASS_ENV}); hosts that use sudo answer its prompt with it, once`, group: 'SSH:' })
    .option('connect-timeout', { type: 'number', describe: 'seconds to connect and log in to a host (default 10)', group: 'SSH:' });
}
