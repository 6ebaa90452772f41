// A variable the tool acts on must be a plain value it can read: not vaulted (it cannot decrypt) and
// not a Jinja2 template (only Ansible evaluates those). Others may be either and are left alone.
import { at, inventoryError, show, type Located, type Where } from './raw.js';

export function assertUsable(hostName: string, key: string, v: Located, location: string): void {
  if (v.vault) {
    throw inventoryError(location, `host ${show(hostName)}: ${key} is vaulted (!vault), and swarm-preflight does not decrypt Ansible Vault; `
      + 'let Ansible decrypt it: run `ansible-inventory -i INVENTORY --list --ask-vault-pass > inventory.json` and pass -i inventory.json '
      + '(or pipe it: `ansible-inventory -i INVENTORY --list --ask-vault-pass | swarm-preflight -i -`)');
  }
  if (v.value.includes('{{') || v.value.includes('{%')) {
    throw inventoryError(location, `host ${show(hostName)}: ${key} is the Jinja2 template ${show(v.value)}, which only Ansible evaluates; write the value itself`);
  }
}

export interface Picked { key: string; value: string; at: string }

/** The first of `keys` the host sets (Ansible's spellings of one setting), checked usable, with its location. */
export function pick(host: { name: string; vars: Map<string, Located> }, keys: string[], where: Where): Picked | undefined {
  for (const key of keys) {
    const v = host.vars.get(key);
    if (v === undefined) continue;
    const location = at(where, v);
    assertUsable(host.name, key, v, location);
    return { key, value: v.value, at: location };
  }
  return undefined;
}
