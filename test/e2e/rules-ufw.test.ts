// `rules` on three hosts running ufw with default deny incoming (SSH allowed; each host has its own
// copy of ufw's state): the generated ufw commands open the swarm; running them again changes nothing.
import { existsSync } from 'node:fs';
import { UFW_PATHS } from '../lab/lab.js';
import anyTest from 'ava';
import { type LabTestFn, labSuite } from './lab-suite.js';
import { hostOk } from './rules-firewalls.js';
import { applyAll, openDeniedLab } from './rules-apply.js';

const ufw = existsSync('/usr/sbin/ufw');
// Without ufw on the machine no lab is brought up for nothing: the test is reported as skipped.
const test = ufw ? labSuite({ hosts: 3, managers: 1, privatePaths: UFW_PATHS }).labTest : (anyTest as LabTestFn).serial.skip;

test('the ufw rules open a default-deny swarm, and the same script applied twice changes nothing', async (t) => {
  const { lab } = t.context;
  const files = await openDeniedLab(t, lab, 'ufw', 'ufw.sh');
  const status = async (id: string) => hostOk(lab, id, 'ufw status numbered');
  const applied = await Promise.all(lab.hosts.map((h) => status(h.id)));
  t.regex(applied[0], /4789,7946\/udp\s+ALLOW IN\s+198\.18\.0\.12\s+# swarm-preflight/);
  await applyAll(lab, files, 'ufw.sh');
  t.deepEqual(await Promise.all(lab.hosts.map((h) => status(h.id))), applied);
  // The removal its header names takes every rule it added away again.
  await hostOk(lab, 'n2', 'sh -s remove', files.get('n2.ufw.sh'));
  t.notRegex(await status('n2'), /swarm-preflight/);
  t.deepEqual(await lab.leftovers(), []);
});
