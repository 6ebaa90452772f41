// The naive baseline an operator would script: one `ssh HOST nc -z -w2 PEER PORT` per ordered pair
// and TCP port, one after another. TCP only (nc -zu proves nothing), so it does less than the tool.
import { spawnSync } from 'node:child_process';
import type { Lab } from '../lab/lab.js';

export function naiveBaseline(lab: Lab, timeoutS: number): { wallMs: number; checks: number } {
  const started = Date.now();
  let checks = 0;
  for (const from of lab.hosts) {
    for (const to of lab.hosts) {
      if (from.id === to.id) continue;
      const ports = to.role === 'manager' ? [2377, 7946] : [7946];
      for (const port of ports) {
        spawnSync('ssh', ['-i', lab.sshKeyPath, '-o', `UserKnownHostsFile=${lab.knownHostsPath}`, '-o', 'StrictHostKeyChecking=yes',
          '-o', 'BatchMode=yes', `root@${from.address}`, 'nc', '-z', '-w', String(timeoutS), to.address, String(port)], { stdio: 'ignore' });
        checks += 1;
      }
    }
  }
  return { wallMs: Date.now() - started, checks };
}
