// The one place that maps error kinds to hints, and results to exit codes.
import type { ErrorKind } from './errors.js';
import type { Summary } from './model.js';

export const EXIT = { ok: 0, fail: 1, usage: 2, error: 3, interrupted: 130 } as const;

const HINTS: Record<string, string> = {
  usage: 'see swarm-preflight --help',
  inventory: 'fix the inventory line named in the message',
  unreachable: 'check that the host is up, sshd listens on that port and nothing blocks it from here (try: ssh -v HOST)',
  timeout: 'the host did not answer in time: check the address and any firewall between here and its sshd; raise --connect-timeout for slow links',
  auth: 'check --user and --identity (or ssh-agent); the same login must work with ssh -o BatchMode=yes',
  'host-key': 'verify the host key out of band, then add it to known_hosts (ssh-keyscan HOST >> ~/.ssh/known_hosts), or run once with --host-key-check accept-new',
  'needs-root': 'connect as root or pass --sudo (passwordless sudo): observing UDP/ESP on ports that docker owns needs a raw socket',
  'tool-missing': 'install python3 on the host (Debian/Ubuntu: apt-get install python3-minimal; RHEL: dnf install python3)',
  'port-in-use': 'another process holds the port: use --mode auto (the default) or live to probe it without taking it over',
  agent: 'if it repeats, report it with the message above, the host OS and its python3 version',
  'ssh-stall': 'small packets pass but full-size ones vanish: lower the MTU on this machine\'s or the host\'s interface (ip link set DEV mtu 1400), or clamp the TCP MSS on the path; then run again',
  interrupted: 'run again and let it finish',
  'send-failed': 'the source host could not send the probe; check its routes to the destination (ip route get DEST)',
};

export function hintFor(kind: ErrorKind | string): string {
  return HINTS[kind] ?? HINTS.agent;
}

export function exitCodeFor(summary: Summary, interrupted = false): number {
  if (interrupted) return EXIT.interrupted;
  if (summary.fail > 0) return EXIT.fail;
  if (summary.error > 0) return EXIT.error;
  return EXIT.ok;
}
