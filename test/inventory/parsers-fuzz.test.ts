// Property tests of the inventory parsers: whatever the text, each format's parser returns hosts or
// throws the project's typed error, never anything else, and never hangs (ava's timeout).
import test from 'ava';
import fc from 'fast-check';
import { isPreflightError } from '../../src/errors.js';
import { parseAnsibleIni } from '../../src/inventory/ansible-ini.js';
import { parseAnsibleJson } from '../../src/inventory/ansible-json.js';
import { parseAnsibleYaml } from '../../src/inventory/ansible-yaml.js';
import { parseInventory } from '../../src/inventory/index.js';
import { parsePlain } from '../../src/inventory/plain.js';

/** Pieces of every syntax, so random texts reach past the first line's checks. */
const TOKENS = [
  '\n', ' ', '  ', '\t', '#', ';', '=', ':', ',', '[', ']', '{', '}', '"', "'", '-', '- ', '*', '&a', '*a', '<<: *a', '!vault |', '|', '>',
  '[all]', '[managers]', '[workers]', '[all:vars]', '[swarm:children]', ':children', ':vars', 'all:', 'hosts:', 'children:', 'vars:',
  'node1', 'node[1:3]', 'n[a:c]', '192.0.2.10', '2001:db8::1', 'root@', ':2222', 'manager', 'worker',
  'ansible_host=', 'ansible_port=', 'ansible_user=', 'swarm_address=', 'ansible_ssh_common_args=', '-o ProxyJump=j', 'ansible_connection=local',
  '"hosts"', '"children"', '"vars"', '"_meta"', '"hostvars"', '"all"', '[]', 'null', 'true', '1e999', '-1', '0x10', '\u0000', '\u001b[2J', '\u2028', 'é',
];

const syntaxText = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((parts) => parts.join(''));
const anyText = fc.oneof(syntaxText, fc.string({ unit: 'binary', maxLength: 200 }), fc.json().map((j) => j));

/** The result, or true for the project's typed error; anything else thrown fails the property. */
function typedOnly(run: () => unknown): boolean {
  try {
    return run() !== undefined;
  } catch (error) {
    if (isPreflightError(error)) return true;
    throw error;
  }
}

const PARSERS = [['inventory.ini', parseAnsibleIni], ['inventory.yml', parseAnsibleYaml], ['inventory.json', parseAnsibleJson], ['hosts.txt', parsePlain]] as const;

for (const [file, parser] of PARSERS) {
  test(`the parser of ${file} (alone, and with the host checks after it) returns hosts or throws a typed error for any text`, (t) => {
    fc.assert(fc.property(anyText, (text) => typedOnly(() => parser(text, file)) && typedOnly(() => parseInventory(text, file))), { numRuns: 2500 });
    t.pass();
  });
}
