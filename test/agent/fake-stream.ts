// A stream pair that plays a (hostile) agent for the fast tests: the test writes its output lines,
// and may answer each command the runner sends.
import { PassThrough } from 'node:stream';
import type { AgentCommand } from '../../src/agent/protocol.js';
import type { AgentStream } from '../../src/agent/stream.js';

export function fakeStream(answer?: (command: AgentCommand) => unknown[]): { stream: AgentStream; out: PassThrough; err: PassThrough; closed: () => boolean; exit: (code: number | null) => void } {
  const stdin = new PassThrough();
  const out = new PassThrough();
  const err = new PassThrough();
  let closed = false;
  let exit: (code: number | null) => void = () => {};
  let buffered = '';
  stdin.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{') || !answer) continue;
      for (const event of answer(JSON.parse(line) as AgentCommand)) out.write(`${JSON.stringify(event)}\n`);
    }
  });
  const stream: AgentStream = {
    stdin, stdout: out, stderr: err,
    onExit: (listener) => { exit = listener; },
    close: () => { closed = true; setImmediate(() => exit(null)); },
  };
  return { stream, out, err, closed: () => closed, exit: (code) => exit(code) };
}
