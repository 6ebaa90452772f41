import test from 'ava';
import { readSshArgs, shellWords } from '../../src/inventory/ssh-args.js';

test('words split like a shell: quotes group, backslashes escape', (t) => {
  t.deepEqual(shellWords(`-o 'ProxyCommand ssh -W %h:%p bastion' -o "A=b \\"c\\"" x\\ y`), ['-o', 'ProxyCommand ssh -W %h:%p bastion', '-o', 'A=b "c"', 'x y']);
  t.throws(() => shellWords("-o 'open"), { message: /unterminated ' quote/ });
  t.throws(() => shellWords('-o "open'), { message: /unterminated " quote/ });
});

test('-J in either spelling sets the jump host', (t) => {
  t.is(readSshArgs(['-J admin@bastion:2222']).proxyJump, 'admin@bastion:2222');
  t.is(readSshArgs(['-Jbastion']).proxyJump, 'bastion');
});

test('-o ProxyJump with =, a space or inside one quoted word sets the jump host', (t) => {
  t.is(readSshArgs(['-o ProxyJump=bastion']).proxyJump, 'bastion');
  t.is(readSshArgs(['-oProxyJump=b1,b2']).proxyJump, 'b1,b2');
  t.is(readSshArgs(["-o 'ProxyJump bastion'"]).proxyJump, 'bastion');
  t.is(readSshArgs(['-o "proxyjump = bastion"']).proxyJump, 'bastion');
});

test('-o ProxyCommand is kept whole, as written', (t) => {
  t.is(readSshArgs([`-o ProxyCommand="ssh -W %h:%p -q jump"`]).proxyCommand, 'ssh -W %h:%p -q jump');
  t.is(readSshArgs([`-o 'ProxyCommand ssh -W %h:%p jump'`]).proxyCommand, 'ssh -W %h:%p jump');
});

test('the first proxy wins, across common and extra args, as in ssh', (t) => {
  const r = readSshArgs(['-o ProxyJump=first', "-J second -o 'ProxyCommand=nc %h %p'"]);
  t.is(r.proxyJump, 'first');
  t.is(r.proxyCommand, undefined);
  t.deepEqual(r.ignored, ['-J second (a proxy is already set before it)', '-o ProxyCommand=nc %h %p (a proxy is already set before it)']);
});

test('ProxyJump=none sets no proxy', (t) => {
  t.deepEqual(readSshArgs(['-o ProxyJump=none']), { ignored: [] });
});

test('other options are listed as ignored, with their arguments', (t) => {
  t.deepEqual(readSshArgs(['-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -C -i key.pem -p 2222 -J b']), {
    proxyJump: 'b',
    ignored: ['-o StrictHostKeyChecking=no', '-o UserKnownHostsFile=/dev/null', '-C', '-i key.pem', '-p 2222'],
  });
});

test('a proxy option without its value is an error', (t) => {
  t.throws(() => readSshArgs(['-J']), { message: /-J needs a value/ });
  t.throws(() => readSshArgs(['-o ProxyJump']), { message: /-o ProxyJump needs a value; write -o ProxyJump=HOST/ });
  t.throws(() => readSshArgs(['-o proxyjump = bastion']), { message: /-o proxyjump needs a value/ }, 'ssh takes one word after -o');
});
