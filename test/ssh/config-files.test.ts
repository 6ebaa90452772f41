// Which ssh_config files are read (-F, -F none, the defaults) and how Include is followed.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { isPreflightError } from '../../src/errors.js';
import { loadConfigFiles, MAX_INCLUDE_DEPTH } from '../../src/ssh/config-files.js';
import { resolve } from '../../src/ssh/ssh-config.js';
import { tempDir } from './helpers/ssh-server.js';

async function tree(t: import('ava').ExecutionContext, files: Record<string, string>): Promise<{ home: string; etc: string; root: string }> {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  return { home: path.join(dir, 'home'), etc: path.join(dir, 'etc'), root: dir };
}

const who = (home: string) => ({ homeDir: home, localUser: 'op', localHostName: 'laptop', uid: 1000 });

test.serial('by default ~/.ssh/config (home from $HOME) then the system file are read, the first value obtained winning across both', async (t) => {
  const { home, etc } = await tree(t, {
    'home/.ssh/config': 'Host n1\n  User from-user\n',
    'etc/ssh_config': 'Host *\n  User from-system\n  Port 2200\n',
  });
  const before = process.env.HOME;
  process.env.HOME = home;
  t.teardown(() => {
    process.env.HOME = before;
  });
  const config = loadConfigFiles(undefined, { systemDir: etc });
  t.deepEqual(config.files.map((f) => [f.file, f.scope]), [['~/.ssh/config', 'user'], [path.join(etc, 'ssh_config'), 'system']]);
  const r = resolve(config, 'n1', who(home));
  t.is(r.user, 'from-user');
  t.is(r.port, 2200);
  t.is(r.sources.port, `${path.join(etc, 'ssh_config')}:3`);
});

test('missing default files are not an error', async (t) => {
  const { home, etc } = await tree(t, {});
  const config = loadConfigFiles(undefined, { homeDir: home, systemDir: etc });
  t.deepEqual(config.files, []);
  t.deepEqual(config.warnings, []);
});

test('-F FILE is read alone, and -F none reads nothing', async (t) => {
  const { home, etc, root } = await tree(t, {
    'home/.ssh/config': 'User from-user\n',
    'etc/ssh_config': 'Port 2200\n',
    'other.conf': 'User from-f\n',
  });
  const f = loadConfigFiles(path.join(root, 'other.conf'), { homeDir: home, systemDir: etc });
  t.is(f.files.length, 1);
  const r = resolve(f, 'n1', who(home));
  t.is(r.user, 'from-f');
  t.is(r.port, undefined, 'the system file is not read with -F');
  t.deepEqual(loadConfigFiles('none', { homeDir: home, systemDir: etc }).files, []);
  t.deepEqual(loadConfigFiles('NONE', { homeDir: home, systemDir: etc }).files, []);
});

test('an -F file that is missing, a directory or unreadable is a usage error with a hint', async (t) => {
  const { home, etc, root } = await tree(t, { 'secret.conf': 'User x\n' });
  await chmod(path.join(root, 'secret.conf'), 0o000);
  const unreadable = process.getuid?.() === 0 ? [] : [path.join(root, 'secret.conf')]; // root reads anything
  for (const file of [path.join(root, 'missing.conf'), root, ...unreadable]) {
    const error = t.throws(() => loadConfigFiles(file, { homeDir: home, systemDir: etc }));
    t.true(isPreflightError(error) && error.kind === 'usage', file);
    t.regex(error!.message, /cannot read ssh config .* \(-F\)/);
    t.regex((error as { hint?: string }).hint ?? '', /-F none/);
  }
});

test('Include follows globs in order, skips dotfiles and missing files, and takes relative paths from ~/.ssh', async (t) => {
  const { home, etc } = await tree(t, {
    'home/.ssh/config': 'Include conf.d/*.conf missing.conf ~/extra/one\nHost *\n  User last-resort\n',
    'home/.ssh/conf.d/20-b.conf': 'Host b\n  User from-b\nHost n*\n  Port 2020\n',
    'home/.ssh/conf.d/10-a.conf': 'Host n*\n  Port 1010\n',
    'home/.ssh/conf.d/.hidden.conf': 'Host *\n  User hidden\n',
    'home/.ssh/conf.d/notes.txt': 'Host *\n  User txt\n',
    'home/extra/one': 'Host x\n  User from-extra\n',
  });
  const config = loadConfigFiles(undefined, { homeDir: home, systemDir: etc });
  t.is(resolve(config, 'n1', who(home)).port, 1010, '10-a.conf is read before 20-b.conf');
  t.is(resolve(config, 'n1', who(home)).sources.port, '~/.ssh/conf.d/10-a.conf:2');
  t.is(resolve(config, 'b', who(home)).user, 'from-b');
  t.is(resolve(config, 'x', who(home)).user, 'from-extra');
  t.is(resolve(config, 'zz', who(home)).user, 'last-resort', 'neither the dotfile nor the .txt file was read');
});

test('Include in the system file is relative to /etc/ssh', async (t) => {
  const { home, etc } = await tree(t, {
    'etc/ssh_config': 'Include ssh_config.d/*.conf\n',
    'etc/ssh_config.d/50-swarm.conf': 'Host n*\n  User swarm\n',
  });
  t.is(resolve(loadConfigFiles(undefined, { homeDir: home, systemDir: etc }), 'n1', who(home)).user, 'swarm');
});

test('Include nests, and inside a Host block applies only when the block matches; the block goes on after it', async (t) => {
  const { home, etc } = await tree(t, {
    'home/.ssh/config': 'Host web*\n  Include web.conf\n  Port 8022\nHost *\n  Port 22\n  User default\n',
    'home/.ssh/web.conf': 'User web-user\nInclude deeper/*.conf\n',
    'home/.ssh/deeper/k.conf': 'IdentityFile ~/.ssh/web_key\nHost db*\n  User never-for-web\n',
  });
  const config = loadConfigFiles(undefined, { homeDir: home, systemDir: etc });
  const web = resolve(config, 'web1', who(home));
  t.is(web.user, 'web-user');
  t.deepEqual(web.identityFiles, [path.join(home, '.ssh', 'web_key')]);
  t.is(web.port, 8022, 'the Host web* block is active again after the include');
  const db = resolve(config, 'db1', who(home));
  t.is(db.user, 'default', 'a Host line inside a file included from a block that does not apply never matches');
  t.deepEqual(db.identityFiles, []);
});

test('an Include loop stops at OpenSSH\'s depth limit with a usage error', async (t) => {
  const { home, etc } = await tree(t, { 'home/.ssh/config': 'Include config\n' });
  const error = t.throws(() => loadConfigFiles(undefined, { homeDir: home, systemDir: etc }));
  t.true(isPreflightError(error) && error.kind === 'usage');
  t.regex(error!.message, new RegExp(`too many nested Include levels \\(more than ${MAX_INCLUDE_DEPTH}\\)`));
});

test('a chain of includes within the depth limit is followed', async (t) => {
  const files: Record<string, string> = { 'home/.ssh/config': 'Include l1\n' };
  for (let i = 1; i < MAX_INCLUDE_DEPTH; i++) files[`home/.ssh/l${i}`] = `Include l${i + 1}\n`;
  files[`home/.ssh/l${MAX_INCLUDE_DEPTH}`] = 'User deep\n';
  const { home, etc } = await tree(t, files);
  t.is(resolve(loadConfigFiles(undefined, { homeDir: home, systemDir: etc }), 'n', who(home)).user, 'deep');
});
