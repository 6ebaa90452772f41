// Whether a Host or Match line applies to the host being resolved, as OpenSSH decides it. Match criteria
// that would run a command (exec) or need a pass this tool does not make (canonical, final ...) are never
// evaluated: the block is treated as not matching and that is said once.

import type { MatchCriterion } from './config-parse.js';
import { matchPatternList } from './known-hosts.js';
import type { Warn } from './warnings.js';

export interface MatchState {
  /** The name given on the command line (the inventory address). */
  originalHost: string;
  /** The host name as resolved so far (HostName already obtained, else the original). */
  host: string;
  /** The remote user as obtained so far, else the local user. */
  user: string;
  localUser: string;
}

const NOT_EVALUATED: Record<string, string> = {
  exec: 'commands from ssh_config are never run',
  canonical: 'host names are not canonicalized',
  final: 'there is no final pass',
  localnetwork: 'local networks are not evaluated',
  tagged: 'Tag is not evaluated',
  command: 'the remote command is the agent',
  version: 'the OpenSSH version does not apply',
  sessiontype: 'the session type does not apply',
};

export function hostLineMatches(patterns: string[], originalHost: string): boolean {
  return matchPatternList(originalHost.toLowerCase(), patterns);
}

export function matchLineMatches(criteria: MatchCriterion[], state: MatchState, where: string, warn: Warn): boolean {
  const skipped = criteria.find((c) => NOT_EVALUATED[c.name] !== undefined);
  if (skipped) {
    warn(`${where}: Match ${skipped.negate ? '!' : ''}${skipped.name} is not evaluated (${NOT_EVALUATED[skipped.name]}); the block is treated as not matching`);
    return false;
  }
  return criteria.every((c) => criterionMatches(c, state) !== c.negate);
}

function criterionMatches(c: MatchCriterion, state: MatchState): boolean {
  const list = (c.arg ?? '').split(',').filter((p) => p !== '');
  switch (c.name) {
    case 'all':
      return true;
    case 'host':
      return matchPatternList(state.host.toLowerCase(), list);
    case 'originalhost':
      return matchPatternList(state.originalHost.toLowerCase(), list);
    case 'user':
      return matchPatternList(state.user, list);
    case 'localuser':
      return matchPatternList(state.localUser, list);
    default:
      return false;
  }
}
