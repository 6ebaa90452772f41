// How the agent is started on one host: as the login user or through sudo (passwordless, or reading a
// password from stdin), as root or as another user, with a named interpreter or the search. The values
// come from the inventory, so each is checked against an allowlist here before it reaches a shell.
import { PreflightError } from '../errors.js';
import type { HostSpec } from '../model.js';

export interface AgentLaunch {
  /** none: as the login user; sudo-n: passwordless sudo; password: sudo reads one password line from stdin. */
  sudo: 'none' | 'sudo-n' | 'password';
  /** sudo -u USER (ansible_become_user); root when unset. */
  user?: string;
  /** The interpreter to start (ansible_python_interpreter), as words: no search when set. */
  interpreter?: string[];
}

export const NO_LAUNCH: AgentLaunch = { sudo: 'none' };

/**
 * sudo writes this prompt to stderr (-S) each time it wants a password: seen once, the password is sent;
 * seen twice, sudo refused it. Our own text, so it does not depend on the host's language. No `%`: sudo
 * expands %-escapes in prompts; no quote, `$`, `!`, backslash or backquote: it sits inside shell quotes.
 */
export const BECOME_PROMPT = 'swarm-preflight-become-password:';

/** The first line the interpreter prints when a password may precede the script (see bootstrap.ts). */
export const BOOT_MARK = 'swarm-preflight-boot';

const USER_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;
const INTERPRETER_WORD = /^[A-Za-z0-9_./+-]{1,200}$/;

/** The launch for one host: its inventory's become and interpreter, with --sudo and a become password. */
export function agentLaunch(spec: HostSpec, sudo: 'none' | 'sudo-n', becomePassword: boolean): AgentLaunch {
  const become = sudo !== 'none' || spec.become !== undefined;
  const launch: AgentLaunch = { sudo: !become ? 'none' : becomePassword ? 'password' : 'sudo-n' };
  const user = spec.become?.user;
  if (user !== undefined && user !== 'root') {
    if (!USER_NAME.test(user)) throw invalid(spec, 'become', `become user ${JSON.stringify(user)} is not a user name`);
    launch.user = user;
  }
  const interpreter = interpreterWords(spec);
  if (interpreter) launch.interpreter = interpreter;
  return launch;
}

function interpreterWords(spec: HostSpec): string[] | undefined {
  const value = spec.pythonInterpreter?.trim();
  // Ansible's own discovery modes: here that is the search the agent does anyway.
  if (!value || /^auto(_legacy|_silent|_legacy_silent)?$/.test(value)) return undefined;
  const words = value.split(/\s+/);
  if (words.length > 4 || !words.every((w) => INTERPRETER_WORD.test(w))) {
    throw invalid(spec, 'pythonInterpreter', `python interpreter ${JSON.stringify(value)} is not a path (letters, digits and _ . / + - only)`);
  }
  return words;
}

function invalid(spec: HostSpec, field: 'become' | 'pythonInterpreter', message: string): PreflightError {
  const where = spec.origins?.[field] ?? spec.source;
  return new PreflightError('inventory', `${spec.id}: ${message}${where ? ` (${where})` : ''}`, {
    hint: field === 'become' ? 'give ansible_become_user as a plain user name' : 'give ansible_python_interpreter as a path such as /usr/bin/python3',
  });
}
