import test from 'ava';
import { parseInventory } from '../../src/inventory/index.js';
import { file, throwsInventory } from './helpers.js';

const yamlHost = (...vars: string[]) => file('all:', '  hosts:', '    a:', '      ansible_host: 192.0.2.1', ...vars.map((v) => `      ${v}`));
const one = (text: string, name = 'inv.yml') => parseInventory(text, name)[0];

test('key files, jump host, become, interpreter and connection are read from YAML with their origins', (t) => {
  const h = one(yamlHost(
    'ansible_ssh_private_key_file: ~/.ssh/id_swarm',                             // 5
    "ansible_ssh_common_args: '-o ProxyJump=admin@bastion:2222'",               // 6
    'ansible_become: yes',                                                      // 7
    'ansible_become_user: root',                                                // 8
    'ansible_python_interpreter: /usr/bin/python3',                             // 9
    'ansible_connection: ssh',                                                  // 10
  ));
  t.like(h, {
    identityFiles: ['~/.ssh/id_swarm'], proxyJump: 'admin@bastion:2222', become: { user: 'root' },
    pythonInterpreter: '/usr/bin/python3', connection: 'ssh',
  });
  t.is(h.proxyCommand, undefined);
  t.deepEqual(h.origins, {
    address: 'inv.yml:4', identityFiles: 'inv.yml:5', proxyJump: 'inv.yml:6', become: 'inv.yml:7',
    pythonInterpreter: 'inv.yml:9', connection: 'inv.yml:10',
  });
  t.is(h.vars, undefined, 'connection variables are consumed, not kept as plain vars');
});

test('the same variables are read from INI host lines and from ansible-inventory JSON', (t) => {
  const ini = one(file('[workers]', `w1 ansible_host=192.0.2.1 ansible_private_key_file=keys/w1.pem ansible_become=True ansible_ssh_extra_args='-o "ProxyCommand=ssh -W %h:%p jump"'`), 'i.ini');
  t.like(ini, { identityFiles: ['keys/w1.pem'], become: {}, proxyCommand: 'ssh -W %h:%p jump', role: 'worker' });
  const json = one('{"_meta": {"hostvars": {"w1": {"ansible_host": "192.0.2.1", "ansible_become": true, "ansible_port": 2222, "ansible_connection": "local"}}}, "workers": {"hosts": ["w1"]}}', 'i.json');
  t.like(json, { become: {}, port: 2222, connection: 'local' });
});

test('ansible_ssh_port and ansible_ssh_user are the older spellings of port and user', (t) => {
  t.like(one(yamlHost('ansible_ssh_port: 2200', 'ansible_ssh_user: ops')), { port: 2200, user: 'ops' });
});

test('ansible_become takes Ansible booleans; false leaves become unset and ignores the become user', (t) => {
  for (const v of ['yes', 'true', 'True', '1', 'on']) t.deepEqual(one(yamlHost(`ansible_become: ${v}`)).become, {}, v);
  for (const v of ['no', 'false', 'False', '0', 'off']) t.is(one(yamlHost(`ansible_become: ${v}`, 'ansible_become_user: postgres')).become, undefined, v);
  throwsInventory(t, () => one(yamlHost('ansible_become: maybe')), 'inv.yml:5', /ansible_become "maybe" is not a boolean/);
});

test('a become method other than sudo and a bad become user are refused at their line', (t) => {
  throwsInventory(t, () => one(yamlHost('ansible_become: true', 'ansible_become_method: su')), 'inv.yml:6', /ansible_become_method "su" is not supported/);
  throwsInventory(t, () => one(yamlHost('ansible_become: true', 'ansible_become_user: "a;b"')), 'inv.yml:6', /ansible_become_user "a;b" is not a valid user name/);
  t.deepEqual(one(yamlHost('ansible_become: true', 'ansible_become_method: sudo')).become, {});
});

test('ansible_connection: ssh, smart and paramiko mean ssh, local means local, anything else is refused', (t) => {
  for (const v of ['ssh', 'smart', 'paramiko']) t.is(one(yamlHost(`ansible_connection: ${v}`)).connection, 'ssh', v);
  t.is(one(yamlHost('ansible_connection: local')).connection, 'local');
  throwsInventory(t, () => one(yamlHost('ansible_connection: winrm')), 'inv.yml:5', /ansible_connection "winrm" is not supported/);
});

test('an automatic python interpreter is left to the agent; a path with shell characters is refused', (t) => {
  t.is(one(yamlHost('ansible_python_interpreter: auto_silent')).pythonInterpreter, undefined);
  t.is(one(yamlHost('ansible_python_interpreter: /usr/bin/env python3')).pythonInterpreter, '/usr/bin/env python3');
  throwsInventory(t, () => one(yamlHost('ansible_python_interpreter: "/usr/bin/python3; reboot"')), 'inv.yml:5', /not a plain interpreter path/);
});

test('ssh options other than the proxy are kept as ignored options', (t) => {
  const h = one(yamlHost("ansible_ssh_common_args: '-o StrictHostKeyChecking=no -J b1'", "ansible_ssh_extra_args: '-C'"));
  t.is(h.proxyJump, 'b1');
  t.deepEqual(h.ignoredSshOptions, ['-o StrictHostKeyChecking=no', '-C']);
});

test('newlines in key paths and ssh arguments are refused at their line', (t) => {
  throwsInventory(t, () => one(yamlHost('ansible_ssh_private_key_file: "a\\nb"')), 'inv.yml:5', /ansible_ssh_private_key_file "a\\nb" contains a control character/);
  throwsInventory(t, () => one(yamlHost('ansible_ssh_common_args: "-J b\\n-o X=y"')), 'inv.yml:5', /ansible_ssh_common_args contains a control character/);
  throwsInventory(t, () => one(yamlHost("ansible_ssh_common_args: \"-o 'ProxyJump=x\"")), 'inv.yml:5', /unterminated ' quote/);
  throwsInventory(t, () => one(yamlHost("ansible_ssh_common_args: \"-o 'ProxyJump=a b'\"")), 'inv.yml:5', /jump host "a b" has a space/);
});

test('a swarm_address is validated and its origin recorded, and stays in vars for the runner', (t) => {
  const h = one(yamlHost('swarm_address: 10.1.0.5'));
  t.is(h.vars?.swarm_address, '10.1.0.5');
  t.is(h.origins?.swarmAddress, 'inv.yml:5');
  throwsInventory(t, () => one(yamlHost('swarm_address: "10.1.0.5 x"')), 'inv.yml:5', /swarm_address "10.1.0.5 x" is not/);
});

test('a vaulted variable the tool does not need is accepted and left out of vars', (t) => {
  const h = one(yamlHost('db_password: !vault |', '  $ANSIBLE_VAULT;1.1;AES256', '  6162', 'zone: eu'));
  t.deepEqual(h.vars, { zone: 'eu' });
});

test('a vaulted connection variable is an inventory error that says how to let Ansible decrypt it', (t) => {
  for (const key of ['ansible_host', 'ansible_user', 'ansible_port', 'ansible_ssh_private_key_file', 'swarm_address', 'swarm_role', 'ansible_become', 'ansible_python_interpreter', 'ansible_ssh_common_args']) {
    const text = file('all:', '  hosts:', '    a:', `      ${key}: !vault |`, '        $ANSIBLE_VAULT;1.1;AES256', '        6162');
    throwsInventory(t, () => one(text), 'inv.yml:4',
      new RegExp(`host "a": ${key} is vaulted .*ansible-inventory -i INVENTORY --list --ask-vault-pass > inventory.json\` and pass -i inventory.json .*\\| swarm-preflight -i -`));
  }
});

test('a vaulted value in ansible-inventory JSON is recognised the same way', (t) => {
  const text = file('{"_meta": {"hostvars": {"a": {', '"ansible_user": {"__ansible_vault": "$ANSIBLE_VAULT;1.1;AES256\\n6162"}}}},', '"all": {"hosts": ["a"]}}');
  throwsInventory(t, () => one(text, 'i.json'), 'i.json:2', /ansible_user is vaulted/);
});

test('passwords are never kept in vars', (t) => {
  t.is(one(yamlHost('ansible_password: secret', 'ansible_become_password: secret')).vars, undefined);
});

test('a Jinja2 template in a connection variable is refused; elsewhere it is kept', (t) => {
  throwsInventory(t, () => one(yamlHost('ansible_user: "{{ lookup(\'env\', \'USER\') }}"')), 'inv.yml:5', /ansible_user is the Jinja2 template .* which only Ansible evaluates/);
  t.is(one(yamlHost('motd: "{{ inventory_hostname }}"')).vars?.motd, '{{ inventory_hostname }}');
});

test('an inherited value records the line of the group vars that set it as its origin', (t) => {
  const text = file('all:', '  vars:', '    ansible_user: deploy', '  hosts:', '    a: {ansible_host: 192.0.2.7}');
  t.deepEqual(one(text).origins, { address: 'inv.yml:5', user: 'inv.yml:3' });
});
