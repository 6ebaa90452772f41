// Ansible's connection variables beyond address, port and user, with Ansible's meaning: key files,
// the jump host or proxy command in the extra ssh arguments, become, the Python interpreter and the
// connection type. Each value is checked where it is read and remembers where it was written.
import type { HostSpec } from '../model.js';
import type { ResolvedHost } from './groups.js';
import { pick } from './needed.js';
import { inventoryError, show, type Where } from './raw.js';
import { readSshArgs } from './ssh-args.js';
import { userProblem } from './validate.js';

export const CONNECTION_KEYS = [
  'ansible_ssh_private_key_file', 'ansible_private_key_file', 'ansible_ssh_common_args', 'ansible_ssh_extra_args',
  'ansible_become', 'ansible_become_user', 'ansible_become_method', 'ansible_python_interpreter', 'ansible_connection',
];

type Connection = Pick<HostSpec, 'identityFiles' | 'proxyJump' | 'proxyCommand' | 'become' | 'pythonInterpreter' | 'connection' | 'ignoredSshOptions'>;
type Origins = NonNullable<HostSpec['origins']>;

// Ansible's boolean(): these spellings, case-insensitively; anything else is refused rather than read as false.
const TRUE = new Set(['y', 'yes', 'on', '1', 'true', 't', '1.0']);
const FALSE = new Set(['n', 'no', 'off', '0', 'false', 'f', '0.0']);
const CONNECTIONS: Record<string, 'ssh' | 'local'> = {
  ssh: 'ssh', smart: 'ssh', paramiko: 'ssh', paramiko_ssh: 'ssh', 'ansible.builtin.ssh': 'ssh',
  'ansible.builtin.paramiko_ssh': 'ssh', local: 'local', 'ansible.builtin.local': 'local',
};
// A path or command as one line of printable characters; it reaches ssh settings and remote commands.
const CONTROL = /[\u0000-\u001f\u007f]/;
// The interpreter is started on the host: a path, optionally with arguments ("/usr/bin/env python3").
const INTERPRETER = /^[A-Za-z0-9_./+~-]+(?: [A-Za-z0-9_./+=-]+)*$/;

export function readConnection(host: ResolvedHost, where: Where, origins: Origins): Connection {
  const name = show(host.name);
  const out: Connection = {};
  const oneLine = (what: string, value: string, location: string) => {
    if (value.trim() === '') throw inventoryError(location, `host ${name}: ${what} is empty`);
    if (CONTROL.test(value)) throw inventoryError(location, `host ${name}: ${what} ${show(value)} contains a control character (such as a newline); put it on one line`);
  };

  const key = pick(host, ['ansible_ssh_private_key_file', 'ansible_private_key_file'], where);
  if (key) {
    oneLine(key.key, key.value, key.at);
    // Kept as written ("~/.ssh/id_swarm", relative to where the tool runs), as ssh reads it for Ansible.
    out.identityFiles = [key.value];
    origins.identityFiles = key.at;
  }

  const args = ['ansible_ssh_common_args', 'ansible_ssh_extra_args'].map((k) => pick(host, [k], where)).filter((a) => a !== undefined);
  if (args.length > 0) {
    for (const a of args) if (CONTROL.test(a.value)) throw inventoryError(a.at, `host ${name}: ${a.key} contains a control character (such as a newline); put it on one line`);
    let ssh;
    try {
      ssh = readSshArgs(args.map((a) => a.value));
    } catch (err) {
      throw inventoryError(args[0].at, `host ${name}: ${args.map((a) => a.key).join(' / ')}: ${(err as Error).message}`);
    }
    // Common args come first on Ansible's ssh command line, so the proxy is theirs unless only extra args set one.
    const proxyOrigin = (kind: 'proxyJump' | 'proxyCommand') => args.find((a) => readSshArgs([a.value])[kind] !== undefined)?.at ?? args[0].at;
    if (ssh.proxyJump !== undefined) { out.proxyJump = ssh.proxyJump; origins.proxyJump = proxyOrigin('proxyJump'); }
    if (ssh.proxyCommand !== undefined) { out.proxyCommand = ssh.proxyCommand; origins.proxyCommand = proxyOrigin('proxyCommand'); }
    if (ssh.proxyJump !== undefined && /\s/.test(ssh.proxyJump)) {
      throw inventoryError(origins.proxyJump!, `host ${name}: jump host ${show(ssh.proxyJump)} has a space; give [user@]host[:port], several separated by ","`);
    }
    if (ssh.ignored.length > 0) out.ignoredSshOptions = ssh.ignored;
  }

  const become = pick(host, ['ansible_become'], where);
  if (become && truthy('ansible_become', become.value, become.at, name)) {
    out.become = {};
    origins.become = become.at;
    const method = pick(host, ['ansible_become_method'], where);
    if (method && method.value.trim() !== 'sudo' && method.value.trim() !== 'ansible.builtin.sudo') {
      throw inventoryError(method.at, `host ${name}: ansible_become_method ${show(method.value)} is not supported; swarm-preflight becomes root with sudo`);
    }
    const user = pick(host, ['ansible_become_user'], where);
    if (user) {
      const problem = userProblem(user.value);
      if (problem) throw inventoryError(user.at, `host ${name}: ansible_become_user ${show(user.value)} ${problem}`);
      out.become.user = user.value;
    }
  }

  const python = pick(host, ['ansible_python_interpreter'], where);
  // "auto", "auto_silent", "auto_legacy"...: Ansible discovers the interpreter; so does the agent.
  if (python && !/^auto(_legacy)?(_silent)?$/.test(python.value.trim())) {
    if (!INTERPRETER.test(python.value)) {
      throw inventoryError(python.at, `host ${name}: ansible_python_interpreter ${show(python.value)} is not a plain interpreter path; give one like /usr/bin/python3`);
    }
    out.pythonInterpreter = python.value;
    origins.pythonInterpreter = python.at;
  }

  const connection = pick(host, ['ansible_connection'], where);
  if (connection) {
    const kind = CONNECTIONS[connection.value.trim()];
    if (kind === undefined) {
      throw inventoryError(connection.at, `host ${name}: ansible_connection ${show(connection.value)} is not supported; swarm-preflight connects with ssh (or local for this machine)`);
    }
    out.connection = kind;
    origins.connection = connection.at;
  }
  return out;
}

function truthy(key: string, value: string, location: string, name: string): boolean {
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw inventoryError(location, `host ${name}: ${key} ${show(value)} is not a boolean; use true or false`);
}
