// One resolved host into a validated HostSpec: its id, role, address, port and user, the other
// connection variables, the plain variables kept for checks, and where each value came from.
import type { HostSpec } from '../model.js';
import { CONNECTION_KEYS, readConnection } from './connection-vars.js';
import type { ResolvedHost } from './groups.js';
import { pick } from './needed.js';
import { at, inventoryError, show, type Where } from './raw.js';
import { resolveRole, type RoleGroups } from './roles.js';
import { addressProblem, idProblem, parsePort, userProblem } from './validate.js';

// Legacy ansible_ssh_* spellings are honoured as fallbacks.
const ADDRESS_KEYS = ['ansible_host', 'ansible_ssh_host'];
const PORT_KEYS = ['ansible_port', 'ansible_ssh_port'];
const USER_KEYS = ['ansible_user', 'ansible_ssh_user'];
// Secrets are never kept in `vars` (which can reach reports); the tool does not log in with passwords.
const SECRETS = ['ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password', 'ansible_become_pass', 'ansible_become_password', 'ansible_sudo_pass'];
const CONSUMED = new Set([...ADDRESS_KEYS, ...PORT_KEYS, ...USER_KEYS, ...CONNECTION_KEYS, ...SECRETS, 'swarm_role', 'ansible_group_priority']);
const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function buildHostSpec(host: ResolvedHost, where: Where, roleGroups?: RoleGroups): HostSpec {
  const source = at(where, host);
  const name = show(host.name);
  const idError = idProblem(host.name);
  if (idError) throw inventoryError(source, `host ${name} ${idError}`);
  const origins: NonNullable<HostSpec['origins']> = {};
  const role = resolveRole(host, where, roleGroups);
  if (role.from) origins.role = role.from;

  const addressVar = pick(host, ADDRESS_KEYS, where);
  const address = addressVar?.value ?? host.name;
  const addressError = addressProblem(address);
  if (addressError) {
    throw inventoryError(addressVar?.at ?? source, addressVar
      ? `host ${name}: address ${show(address)} ${addressError}`
      : `host ${name} is used as its address but ${addressError}; or set ansible_host`);
  }
  origins.address = addressVar?.at ?? source;
  const spec: HostSpec = { id: host.name, address, role: role.role, source };

  const portVar = pick(host, PORT_KEYS, where);
  if (portVar) {
    const port = parsePort(portVar.value.trim());
    if (port === null) throw inventoryError(portVar.at, `host ${name}: port ${show(portVar.value)} is not a whole number from 1 to 65535`);
    spec.port = port;
    origins.port = portVar.at;
  }
  const userVar = pick(host, USER_KEYS, where);
  if (userVar) {
    const userError = userProblem(userVar.value);
    if (userError) throw inventoryError(userVar.at, `host ${name}: user ${show(userVar.value)} ${userError}`);
    spec.user = userVar.value;
    origins.user = userVar.at;
  }
  const swarmAddress = pick(host, ['swarm_address'], where);
  if (swarmAddress) {
    const problem = addressProblem(swarmAddress.value);
    if (problem) throw inventoryError(swarmAddress.at, `host ${name}: swarm_address ${show(swarmAddress.value)} ${problem}`);
    origins.swarmAddress = swarmAddress.at;
  }
  Object.assign(spec, readConnection(host, where, origins));

  const vars: Record<string, string> = {};
  for (const [key, v] of host.vars) {
    if (CONSUMED.has(key)) continue;
    if (!VAR_NAME.test(key)) throw inventoryError(at(where, v), `host ${name}: variable name ${show(key)} is not valid; use letters, digits and "_"`);
    // Other variables are kept for checks, but only plain one-line values: a vaulted value is unknown,
    // and a multi-line one (a certificate, a block scalar) could split a command line.
    if (v.vault || /[\u0000-\u001f\u007f]/.test(v.value)) continue;
    vars[key] = v.value;
  }
  if (Object.keys(vars).length > 0) spec.vars = vars;
  spec.origins = origins;
  return spec;
}
