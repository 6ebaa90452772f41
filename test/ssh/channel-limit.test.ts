import test from 'ava';
import { ChannelLimit } from '../../src/ssh/channel-limit.js';

test('the channel limit grants up to max slots and queues the rest in order', async (t) => {
  const limit = new ChannelLimit(2);
  const a = await limit.acquire();
  const b = await limit.acquire();
  const order: string[] = [];
  const c = limit.acquire().then((release) => (order.push('c'), release));
  const d = limit.acquire().then((release) => (order.push('d'), release));
  await Promise.resolve();
  t.is(limit.inUse, 2);
  t.is(limit.pending, 2);
  a();
  a(); // releasing twice frees one slot only
  (await c)();
  b();
  (await d)();
  t.deepEqual(order, ['c', 'd']);
  t.is(limit.inUse, 0);
  t.is(limit.highWater, 2);
});

test('a channel limit below one is refused', (t) => {
  t.throws(() => new ChannelLimit(0), { instanceOf: RangeError });
});
