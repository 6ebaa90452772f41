// The simplest inventory: one host a line, `[user@]host[:port] [manager|worker]`; also the
// comma-separated `--hosts` flag, which uses the same host syntax.
import type { HostSpec } from '../model.js';
import { toHostSpecs, type BuildOptions } from './build.js';
import { declareHost, fileWhere, inventoryError, newInventory, setVar, show, type RawInventory, type Where } from './raw.js';

export function parsePlain(text: string, fileName: string): RawInventory {
  const inv = newInventory();
  const where = fileWhere(fileName);
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => readEntry(inv, raw, i + 1, where));
  return inv;
}

/** Parse `--hosts a,user@b:2222,c manager` into validated hosts; errors name the item ("--hosts item 2"). */
export function parseHostsFlag(value: string, options: BuildOptions = {}): HostSpec[] {
  const inv = newInventory();
  const where: Where = (n) => `--hosts item ${n}`;
  value.split(',').forEach((item, i) => readEntry(inv, item, i + 1, where));
  return toHostSpecs(inv, where, '--hosts', options);
}

function readEntry(inv: RawInventory, raw: string, line: number, where: Where): void {
  // A comment starts at a "#" that begins the line or follows a space; elsewhere "#" is part of a (bad) name.
  const s = raw.replace(/(^|\s)#.*$/, '').trim();
  if (s === '') return;
  const [target, role, ...extra] = s.split(/\s+/);
  if (extra.length > 0 || (role !== undefined && role !== 'manager' && role !== 'worker')) {
    throw inventoryError(where(line),
      `expected "[user@]host[:port] [manager|worker]", got ${show(s)}; host names cannot contain spaces and the only words allowed after them are manager or worker`);
  }
  const at = target.indexOf('@');
  const user = at >= 0 ? target.slice(0, at) : undefined;
  const hostPort = target.slice(at + 1);
  const colons = hostPort.split(':').length - 1;
  if (colons > 1) {
    throw inventoryError(where(line), `${show(target)} looks like an IPv6 address; give the host a name in an Ansible inventory with ansible_host=ADDRESS`);
  }
  const [name, port] = hostPort.split(':');
  const host = declareHost(inv, 'ungrouped', name, line, where);
  if (user !== undefined) setVar(host.vars, 'ansible_user', user, line, where, `host ${show(name)}`);
  if (port !== undefined) setVar(host.vars, 'ansible_port', port, line, where, `host ${show(name)}`);
  if (role !== undefined) setVar(host.vars, 'swarm_role', role, line, where, `host ${show(name)}`);
}
