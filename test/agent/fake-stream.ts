// A stream pair that plays a (hostile) agent for the fast tests: the test writes its output lines,
// and may answer each command the runner sends.
import { PassThrough } from 'node:stream';
import type { AgentCommand } from '../../src/agent/protocol.js';
import type { AgentStream } from '../../src/agent/stream.js';

export function fakeStream(answer?: (command: AgentCommand) => unknown[]): { stream: AgentStream; out: PassThrough; closed: () => boolean } {
  const stdin = new PassThrough();
  const out = new PassThrough();
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
    stdin, stdout: out, stderr: new PassThrough(),
    onExit: (listener) => { exit = listener; },
    close: () => { closed = true; setImmediate(() => exit(null)); },
  };
  return { stream, out, closed: () => closed };
}
