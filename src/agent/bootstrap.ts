// The command line that starts the agent on a host: the login shell starts python3 directly, which
// then reads a length line and exactly that many bytes of script from stdin and runs them from memory.
// Where the shell finds no python3, a second command looks for the other interpreters under sh.
// -I ignores PYTHON* variables and the user's site directory (nothing of the login's environment
// changes what runs); -S skips site processing, which the standard library does not need.
// The script is compiled one top-level block at a time (blocks are separated by two blank lines):
// the parser's memory for one block is reused by the next, which spares the host about 650 page
// faults and a quarter of the agent's start-up, measured on the whole script compiled at once.
// Both command lines are fixed text but for sudo's user and an interpreter path, which come from the
// inventory through an allowlist (launch.ts); the search is single-quoted as a whole for the login
// shell, so bash, dash, zsh and fish all pass it to sh unchanged.
import { readFileSync } from 'node:fs';
import { type AgentLaunch, BECOME_PROMPT, BOOT_MARK, NO_LAUNCH } from './launch.js';

const INTERPRETERS = ['python3', '/usr/libexec/platform-python', 'python'];

/** Exit status of the bootstrap when no interpreter exists on the host. */
export const NO_PYTHON_EXIT = 127;
export const NO_PYTHON_MARK = 'swarm-preflight: no python3';

export const PY_BOOT = 'import sys;b=sys.stdin.buffer;n=int(b.readline());g={};[exec(c,g) for c in b.read(n).split(bytes([10]*3))]';

/**
 * In password mode the interpreter first prints BOOT_MARK: sudo has read the password (or needed none)
 * and everything sent from then on reaches the agent. Written as byte values: no quote of either kind
 * fits both command lines (one double-quoted, the other inside a single-quoted sh body).
 */
export const PY_BOOT_MARKED = `import sys;sys.stdout.buffer.write(bytes([${[...Buffer.from(`${BOOT_MARK}\n`)].join(',')}]));${PY_BOOT}`;

/**
 * The usual case, with no sh in between (one program fewer to start on every host). Its text is valid
 * in bash, dash, zsh, fish and csh alike: `exec`, then single-quoted words from an allowlist, then a
 * double-quoted string without `$`, `!`, a backquote or a backslash.
 */
export function directCommand(launch: AgentLaunch = NO_LAUNCH): string {
  const interpreter = launch.interpreter ? launch.interpreter.map((w) => `'${w}'`).join(' ') : INTERPRETERS[0];
  return `exec ${sudoPrefix(launch, "'")}${interpreter} -I -S -u -c "${boot(launch)}"`;
}

/** `sudo -n ` or `sudo -S -p PROMPT `, with `-u USER ` for another user; empty without sudo. */
function sudoPrefix(launch: AgentLaunch, quote: string): string {
  if (launch.sudo === 'none') return '';
  const user = launch.user ? `-u ${quote}${launch.user}${quote} ` : '';
  return launch.sudo === 'sudo-n' ? `sudo -n ${user}` : `sudo -S -p ${quote}${BECOME_PROMPT}${quote} ${user}`;
}

function boot(launch: AgentLaunch): string {
  return launch.sudo === 'password' ? PY_BOOT_MARKED : PY_BOOT;
}

/**
 * Whether a start that ended before "ready" did so because the shell (or sudo) could not run python3:
 * not found (127) or not executable (126).
 */
export function interpreterMissing(code: number | null, stderr: string): boolean {
  return code === 126 || code === 127 || /command not found|: not found|unknown command|cannot execute/i.test(stderr);
}

/** Every interpreter in turn, under sh: what runs when directCommand found no python3. */
export function bootstrapCommand(launch: AgentLaunch = NO_LAUNCH): string {
  // Inside the single-quoted body, sudo's arguments take double quotes.
  const prefix = sudoPrefix(launch, '"');
  const body =
    `for p in ${INTERPRETERS.join(' ')}; do ` +
    `if command -v "$p" >/dev/null 2>&1; then exec ${prefix}"$p" -I -S -u -c "${boot(launch)}"; fi; done; ` +
    `echo "${NO_PYTHON_MARK}" >&2; exit ${NO_PYTHON_EXIT}`;
  return `sh -c '${body}'`;
}

/** The agent's parts (`py/NAME.py` beside this module), in the order they run. */
export const AGENT_PARTS = ['core', 'owners', 'receivers', 'senders', 'collect', 'netinfo', 'hostfacts', 'exec', 'dockerapi', 'main'] as const;
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
