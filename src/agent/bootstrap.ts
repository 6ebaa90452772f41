// The command line that starts the agent on a host: the login shell starts python3 directly, which
// then reads a length line and exactly that many bytes of script from stdin and runs them from memory.
// Where the shell finds no python3, a second command looks for the other interpreters under sh.
// -I ignores PYTHON* variables and the user's site directory (nothing of the login's environment
// changes what runs); -S skips site processing, which the standard library does not need.
// The script is compiled one top-level block at a time (blocks are separated by two blank lines):
// the parser's memory for one block is reused by the next, which spares the host about 650 page
// faults and a quarter of the agent's start-up, measured on the whole script compiled at once.
// Both command lines are fixed text (nothing from the inventory goes into them); the search is
// single-quoted as a whole for the login shell, so bash, dash, zsh and fish all pass it to sh unchanged.
import { readFileSync } from 'node:fs';

const INTERPRETERS = ['python3', '/usr/libexec/platform-python', 'python'];

/** Exit status of the bootstrap when no interpreter exists on the host. */
export const NO_PYTHON_EXIT = 127;
export const NO_PYTHON_MARK = 'swarm-preflight: no python3';

export const PY_BOOT = 'import sys;b=sys.stdin.buffer;n=int(b.readline());g={};[exec(c,g) for c in b.read(n).split(bytes([10]*3))]';

/**
 * The usual case, with no sh in between (one program fewer to start on every host). Its text is valid
 * in bash, dash, zsh, fish and csh alike: `exec`, then a double-quoted string without `$`, `!`, a
 * backquote or a backslash.
 */
export function directCommand(sudo: 'none' | 'sudo-n' = 'none'): string {
  return `exec ${sudo === 'sudo-n' ? 'sudo -n ' : ''}${INTERPRETERS[0]} -I -S -u -c "${PY_BOOT}"`;
}

/**
 * Whether a start that ended before "ready" did so because the shell (or sudo) could not run python3:
 * not found (127) or not executable (126).
 */
export function interpreterMissing(code: number | null, stderr: string): boolean {
  return code === 126 || code === 127 || /command not found|: not found|unknown command|cannot execute/i.test(stderr);
}

/** Every interpreter in turn, under sh: what runs when directCommand found no python3. */
export function bootstrapCommand(sudo: 'none' | 'sudo-n' = 'none'): string {
  const prefix = sudo === 'sudo-n' ? 'sudo -n ' : '';
  const body =
    `for p in ${INTERPRETERS.join(' ')}; do ` +
    `if command -v "$p" >/dev/null 2>&1; then exec ${prefix}"$p" -I -S -u -c "${PY_BOOT}"; fi; done; ` +
    `echo "${NO_PYTHON_MARK}" >&2; exit ${NO_PYTHON_EXIT}`;
  return `sh -c '${body}'`;
}

/** The agent's parts (`py/NAME.py` beside this module), in the order they run. */
export const AGENT_PARTS = ['core', 'owners', 'receivers', 'senders', 'netinfo', 'exec', 'main'] as const;
// Two blank lines: where the bootstrap cuts the script into blocks to compile one at a time.
const BLOCK_BREAK = '\n\n\n';

let cached: Buffer | undefined;

/** The agent script: its parts joined, read once from beside this module (the build copies them). */
export function agentScript(): Buffer {
  cached ??= Buffer.from(AGENT_PARTS.map((part) => readFileSync(new URL(`./py/${part}.py`, import.meta.url), 'utf8').trimEnd()).join(BLOCK_BREAK) + '\n');
  return cached;
}

let preamble: Buffer | undefined;

/** What goes down the channel first: the length line and the script, built once for every host. */
export function agentPreamble(): Buffer {
  if (!preamble) {
    const script = agentScript();
    preamble = Buffer.concat([Buffer.from(`${script.length}\n`), script]);
  }
  return preamble;
}
