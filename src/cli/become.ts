// The become password (-K/--ask-become-pass on the terminal, or SWARM_PREFLIGHT_BECOME_PASS) and the
// per-host launch values, all checked before the first connection. The password is never an argument,
// never echoed, and never in a message: errors about it say what is wrong with it, not what it is.
import { agentLaunch } from '../agent/launch.js';
import { PreflightError } from '../errors.js';
import type { HostSpec } from '../model.js';
import { Secret } from '../secret.js';

export const BECOME_PASS_ENV = 'SWARM_PREFLIGHT_BECOME_PASS';
export const BECOME_PROMPT_TEXT = 'BECOME password: ';

/** What the prompt needs of a terminal: process.stdin, or a stand-in in tests. */
export interface PromptInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/**
 * The password, from the prompt when -K is given, else from the environment (removed from it, so no
 * command this process starts inherits it); undefined when neither is given.
 */
export async function readBecomePassword(ask: boolean | undefined, env: NodeJS.ProcessEnv = process.env,
  input: PromptInput = process.stdin, output: NodeJS.WritableStream = process.stderr): Promise<Secret | undefined> {
  const fromEnv = env[BECOME_PASS_ENV];
  delete env[BECOME_PASS_ENV];
  let value: string | undefined;
  if (ask) {
    if (!input.isTTY || !input.setRawMode) {
      throw new PreflightError('usage', '-K/--ask-become-pass needs a terminal to ask on, and stdin is not one', {
        hint: `without a terminal, put the password in the environment variable ${BECOME_PASS_ENV}`,
      });
    }
    value = await readHidden(input, output);
  } else if (fromEnv) {
    value = fromEnv;
  }
  if (value === undefined) return undefined;
  if (value === '') throw new PreflightError('usage', 'the become password is empty', { hint: 'type the sudo password of the login user at the prompt' });
  // sudo reads one line: a line break would end the password early and send the rest as a second try.
  if (/[\r\n\0]/.test(value)) {
    throw new PreflightError('usage', 'the become password contains a line break or NUL, which sudo cannot read as one password', { hint: `check ${BECOME_PASS_ENV}` });
  }
  return new Secret(value);
}

/** Reads one line with echo off (raw mode), as Ansible's -K does: Enter ends it, Ctrl-C cancels. */
function readHidden(input: PromptInput, output: NodeJS.WritableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    output.write(BECOME_PROMPT_TEXT);
    input.setRawMode?.(true);
    let value = '';
    const finish = () => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new PreflightError('interrupted', 'interrupted at the become password prompt; nothing was connected'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch === '\u0015') value = '';
        else value += ch;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}

/**
 * Every host's launch values checked (inventory errors, exit 2), and a password that no host would use
 * refused: -K alone does not turn sudo on, as with Ansible, where -b or become does.
 */
export function checkLaunches(hosts: HostSpec[], sudo: 'none' | 'sudo-n', password: boolean): void {
  const sudoHosts = hosts.filter((h) => agentLaunch(h, sudo, password).sudo !== 'none');
  if (password && sudoHosts.length === 0) {
    throw new PreflightError('usage', 'a become password was given, but no host runs the agent with sudo', {
      hint: 'add --sudo (or ansible_become in the inventory) to use it, or drop -K / SWARM_PREFLIGHT_BECOME_PASS',
    });
  }
}
