// Reading one host's firewall for `rules` and `check --fix-out`, through its agent: which front end is
// in charge (the check's own detection), its nftables base chains and its iptables filter table. Both
// listings need root; where they cannot be read, why is kept and the rules fall back to the
// standalone form with that caveat.
import type { RemoteAgent } from '../agent/remote-agent.js';
import type { FirewallKind } from '../facts/firewall.js';
import { readFirewall } from '../run/facts.js';
import { type BaseChain, type IptablesView, parseIptablesSave, parseNftRuleset } from './ruleset.js';

export interface HostFirewall {
  kind: FirewallKind;
  nft?: BaseChain[];
  iptables?: IptablesView;
  /** Why the rulesets could not be read (not connected, not root, malformed output). */
  unreadable?: string;
}

const READ_TIMEOUT_MS = 8000;

type Exec = Awaited<ReturnType<RemoteAgent['exec']>>;

function failure(what: string, out: Exec, uid: number | undefined): string {
  if (out.error === 'not-found') {
    // A login user's PATH often lacks /usr/sbin, where nft and iptables-save live.
    return uid !== undefined && uid !== 0 ? `${what}: not found on the login user's PATH, and it needs root: connect as root or pass --sudo` : `${what}: not installed`;
  }
  const said = (out.error ?? out.stderr.trim().split('\n').pop() ?? '').slice(0, 200);
  const root = uid !== undefined && uid !== 0 ? ' (it needs root: connect as root or pass --sudo)' : '';
  return `${what} failed${said ? `: ${said}` : ''}${root}`;
}

/** `kind` is read unless given (a check has read it already). */
export async function readHostFirewall(agent: RemoteAgent, uid: number | undefined, kind?: FirewallKind): Promise<HostFirewall> {
  const [detected, nft, ipt] = await Promise.all([
    kind ? Promise.resolve(kind) : readFirewall(agent, READ_TIMEOUT_MS),
    agent.exec(['nft', '-j', 'list', 'ruleset'], READ_TIMEOUT_MS),
    agent.exec(['iptables-save'], READ_TIMEOUT_MS),
  ]);
  const fw: HostFirewall = { kind: detected };
  const problems: string[] = [];
  if (nft.code === 0 && nft.error === null) {
    try {
      fw.nft = parseNftRuleset(nft.stdout);
    } catch (error) {
      problems.push((error as Error).message);
    }
  } else {
    problems.push(failure('nft -j list ruleset', nft, uid));
  }
  if (ipt.code === 0 && ipt.error === null) fw.iptables = parseIptablesSave(ipt.stdout);
  else if (ipt.error !== 'not-found') problems.push(failure('iptables-save', ipt, uid));
  if (problems.length) fw.unreadable = problems.join('; ');
  return fw;
}
