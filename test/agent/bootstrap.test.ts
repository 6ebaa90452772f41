// The script that goes down the channel: its parts, and the blocks the bootstrap compiles one by one.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { AGENT_PARTS, agentPreamble, agentScript, bootstrapCommand, directCommand, interpreterMissing, PY_BOOT } from '../../src/agent/bootstrap.js';

/** Runs Python lines with the agent script on stdin, cut into the blocks the bootstrap compiles, as `blocks`. */
function overBlocks(lines: string[]) {
  const program = ['import sys', 'blocks = sys.stdin.buffer.read().split(bytes([10] * 3))', ...lines].join('\n');
  return spawnSync('python3', ['-I', '-S', '-c', program], { input: agentScript(), encoding: 'utf8' });
}

test('every block the bootstrap cuts the agent into compiles on its own', (t) => {
  // A function body with two blank lines in it would be cut in half and break the agent on every host.
  const check = overBlocks([
    'for i, b in enumerate(blocks):',
    '    try:',
    '        compile(b, "block %d" % i, "exec")',
    '    except SyntaxError as e:',
    '        print("block %d: %s: %r" % (i, e, b[:200]))',
    'print(len(blocks))',
  ]);
  t.is(check.status, 0, check.stderr);
  const lines = check.stdout.trim().split('\n');
  t.deepEqual(lines.slice(0, -1), [], 'blocks that do not compile');
  t.true(Number(lines.at(-1)) >= AGENT_PARTS.length);
});

test('the preamble is the script length on a line, then exactly the script', (t) => {
  const script = agentScript();
  const preamble = agentPreamble();
  const newline = preamble.indexOf(10);
  t.is(Number(preamble.subarray(0, newline).toString()), script.length);
  t.true(preamble.subarray(newline + 1).equals(script));
});

test('the command line is fixed text that any login shell hands to sh unchanged', (t) => {
  const command = bootstrapCommand();
  t.true(command.startsWith("sh -c '") && command.endsWith("'"));
  t.false(command.slice(7, -1).includes("'"), 'no single quote inside the single-quoted body');
  t.regex(bootstrapCommand({ sudo: 'sudo-n' }), /exec sudo -n "\$p" -I -S -u -c/);
});

test('defining the agent imports only C modules: no os, struct, json, socket, selectors or re', (t) => {
  // Every host of a run pays the agent's start-up at once; each of these pure-Python modules costs
  // a millisecond or more there. All blocks but the last (which starts the loop) are run.
  const check = overBlocks([
    'before = set(sys.modules)',
    'g = {}',
    'for b in blocks[:-1]:',
    '    exec(compile(b, "agent", "exec"), g)',
    'print(" ".join(sorted(set(sys.modules) - before)))',
  ]);
  t.is(check.status, 0, check.stderr);
  const loaded = check.stdout.trim().split(' ');
  t.true(loaded.includes('_socket'), `the listing shows what the agent imported: ${loaded.join(' ')}`);
  for (const module of ['os', 'struct', 'json', 'socket', 'selectors', 're', 'enum', 'signal']) {
    t.false(loaded.includes(module), `${module} was imported: ${loaded.join(' ')}`);
  }
});

test('the direct command is exec python3 with the bootstrap in double quotes that no shell expands', (t) => {
  const command = directCommand();
  t.is(command, `exec python3 -I -S -u -c "${PY_BOOT}"`);
  // $ (bash, dash, zsh, fish), ! (csh history), backslash and backquote would change the text.
  t.false(/[$!\\`"]/.test(PY_BOOT), PY_BOOT);
  t.is(directCommand({ sudo: 'sudo-n' }), `exec sudo -n python3 -I -S -u -c "${PY_BOOT}"`);
});

for (const shell of ['/bin/bash', '/bin/sh']) {
  test(`${shell} runs the direct command: the agent reads its script and says ready`, (t) => {
    const run = spawnSync(shell, ['-c', directCommand()], { input: agentPreamble(), encoding: 'utf8', timeout: 10000 });
    t.regex(run.stdout, /"ev":"ready"/, run.stderr);
  });

  test(`${shell} without python3 on its PATH exits in a way the runner reads as "try the other interpreters"`, (t) => {
    const run = spawnSync(shell, ['-c', directCommand()], { input: agentPreamble(), encoding: 'utf8', env: { PATH: '/nonexistent' } });
    t.true(interpreterMissing(run.status, run.stderr), `status ${run.status}: ${run.stderr}`);
  });
}

test('what shells and sudo say when they cannot run the interpreter counts as missing; an agent failure does not', (t) => {
  t.true(interpreterMissing(127, 'bash: line 1: exec: python3: not found'));
  t.true(interpreterMissing(127, 'zsh:1: command not found: python3'));
  t.true(interpreterMissing(127, 'fish: Unknown command: python3'));
  t.true(interpreterMissing(1, 'sudo: python3: command not found'));
  t.true(interpreterMissing(126, 'bash: line 1: /usr/bin/python3: Permission denied'));
  t.false(interpreterMissing(1, 'Traceback (most recent call last):\n  File "<string>", line 1\nValueError: bad'));
  t.false(interpreterMissing(1, 'sudo: a password is required'));
});
