// The agent's output is split into lines in linear time and bounded memory: a host that sends a
// line without end is stopped at 1 MiB, not buffered whole.
import test from 'ava';
import { PassThrough } from 'node:stream';
import { LineReader, MAX_AGENT_LINE } from '../../src/agent/line-reader.js';
import { RemoteAgent } from '../../src/agent/remote-agent.js';
import type { AgentStream } from '../../src/agent/stream.js';

test('lines split over chunks, several in one chunk, and multi-byte characters across a chunk edge come out whole', (t) => {
  const reader = new LineReader();
  t.deepEqual(reader.push(Buffer.from('{"a":1}\n{"b"')), ['{"a":1}']);
  const euro = Buffer.from('é');
  t.deepEqual(reader.push(Buffer.concat([Buffer.from(':2}\nx'), euro.subarray(0, 1)])), ['{"b":2}']);
  t.deepEqual(reader.push(Buffer.concat([euro.subarray(1), Buffer.from('\n\n')])), ['xé', '']);
  t.false(reader.overflowed);
});

test('a line up to the limit passes and one byte more stops the reader', (t) => {
  const reader = new LineReader(10);
  t.deepEqual(reader.push(Buffer.from('0123456789\n')), ['0123456789']);
  t.deepEqual(reader.push(Buffer.from('01234')), []);
  t.deepEqual(reader.push(Buffer.from('567890')), []);
  t.true(reader.overflowed);
  t.deepEqual(reader.push(Buffer.from('\nmore\n')), [], 'nothing after the overflow');
});

test('64 MB without a newline is refused at 1 MiB, in linear time', (t) => {
  const reader = new LineReader();
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const started = process.hrtime.bigint();
  let pushed = 0;
  for (; pushed < 1024 && !reader.overflowed; pushed++) reader.push(chunk);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  t.true(reader.overflowed);
  t.is(pushed, MAX_AGENT_LINE / chunk.length + 1, 'stops at the chunk that passes 1 MiB');
  t.true(ms < 500, `took ${ms} ms`);
});

function fakeStream(): AgentStream & { out: PassThrough; closed: boolean } {
  const out = new PassThrough();
  const stream = {
    stdin: new PassThrough(), stdout: out, stderr: new PassThrough(), out, closed: false,
    onExit: () => undefined,
    close: () => { stream.closed = true; },
  };
  return stream;
}

test('an agent that sends an endless line is stopped with an error that says so, and its memory stays bounded', async (t) => {
  const stream = fakeStream();
  const starting = RemoteAgent.start('b2', stream, 10000, 20000);
  const rss = process.memoryUsage().rss;
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  // 64 MB in all, written as fast as the reader takes it.
  for (let i = 0; i < 1024; i++) {
    if (!stream.out.write(chunk)) await new Promise((resolve) => stream.out.once('drain', resolve));
    if (stream.closed) break;
  }
  const error = await t.throwsAsync(starting);
  t.is((error as { kind?: string }).kind, 'agent');
  t.regex(error?.message ?? '', /b2: the agent sent a line longer than 1048576 bytes/);
  t.true(stream.closed, 'the agent is told to go');
  t.true(process.memoryUsage().rss - rss < 200 * 1024 * 1024, `rss grew by ${(process.memoryUsage().rss - rss) >> 20} MiB`);
});
