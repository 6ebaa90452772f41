// The script that goes down the channel: its parts, and the blocks the bootstrap compiles one by one.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { AGENT_PARTS, agentPreamble, agentScript, bootstrapCommand } from '../../src/agent/bootstrap.js';

test('every block the bootstrap cuts the agent into compiles on its own', (t) => {
  // A function body with two blank lines in it would be cut in half and break the agent on every host.
  const check = spawnSync('python3', ['-I', '-S', '-c', [
    'import sys',
    'blocks = sys.stdin.buffer.read().split(bytes([10] * 3))',
    'for i, b in enumerate(blocks):',
    '    try:',
    '        compile(b, "block %d" % i, "exec")',
    '    except SyntaxError as e:',
    '        print("block %d: %s: %r" % (i, e, b[:200]))',
    'print(len(blocks))',
  ].join('\n')], { input: agentScript(), encoding: 'utf8' });
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
  t.regex(bootstrapCommand('sudo-n'), /exec sudo -n "\$p" -I -S -u -c/);
});

test('defining the agent imports only C modules: no os, struct, json, socket, selectors or re', (t) => {
  // Every host of a run pays the agent's start-up at once; each of these pure-Python modules costs
  // a millisecond or more there. All blocks but the last (which starts the loop) are run.
  const check = spawnSync('python3', ['-I', '-S', '-c', [
    'import sys',
    'before = set(sys.modules)',
    'blocks = sys.stdin.buffer.read().split(bytes([10] * 3))',
    'g = {}',
    'for b in blocks[:-1]:',
    '    exec(compile(b, "agent", "exec"), g)',
    'print(" ".join(sorted(set(sys.modules) - before)))',
  ].join('\n')], { input: agentScript(), encoding: 'utf8' });
  t.is(check.status, 0, check.stderr);
  const loaded = check.stdout.trim().split(' ');
  t.true(loaded.includes('_socket'), `the listing shows what the agent imported: ${loaded.join(' ')}`);
  for (const module of ['os', 'struct', 'json', 'socket', 'selectors', 're', 'enum', 'signal']) {
    t.false(loaded.includes(module), `${module} was imported: ${loaded.join(' ')}`);
  }
});
