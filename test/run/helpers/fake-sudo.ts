// A stand-in for sudo(8) on a PATH the test controls: the in-process SSH server runs commands with a
// real /bin/sh, and this script takes sudo's place in them. It does what the tool relies on sudo for:
//   -n        never ask: with a password configured it fails as sudo does ("a password is required")
//   -S        write the -p prompt to stderr and read the password from stdin one byte at a time up to
//             the newline (sh's `read`, as sudo's tgetpass does), so the rest of stdin stays for the
//             command; a wrong one gets "Sorry, try again." and another prompt, up to 3 attempts
//             (sudo's default passwd_tries), EOF ends it with "no password was provided"
//   -u USER   recorded (the test cannot switch users)
// then it execs the command. Without a `password` file beside it, it stands for NOPASSWD (or a login
// as root): no prompt, nothing read. Every attempt is appended to `attempts` beside it.
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const SCRIPT = `#!/bin/sh
here=\${0%/*}
prompt='Password:'; stdin=no; nonint=no
while [ $# -gt 0 ]; do
  case "$1" in
    -n) nonint=yes; shift ;;
    -S) stdin=yes; shift ;;
    -p) prompt="$2"; shift 2 ;;
    -u) echo "user $2" >> "$here/users"; shift 2 ;;
    --) shift; break ;;
    -*) echo "sudo: unknown option $1" >&2; exit 1 ;;
    *) break ;;
  esac
done
if [ -f "$here/password" ]; then
  if [ $nonint = yes ]; then echo 'sudo: a password is required' >&2; exit 1; fi
  if [ $stdin = no ]; then echo 'sudo: a terminal is required to read the password' >&2; exit 1; fi
  IFS= read -r want < "$here/password"
  tries=0
  while [ $tries -lt 3 ]; do
    printf '%s' "$prompt" >&2
    if ! IFS= read -r got; then echo 'sudo: no password was provided' >&2; echo "eof" >> "$here/attempts"; exit 1; fi
    tries=$((tries + 1))
    if [ "$got" = "$want" ]; then echo "ok" >> "$here/attempts"; exec "$@"; fi
    echo "wrong" >> "$here/attempts"
    echo 'Sorry, try again.' >&2
  done
  echo "sudo: $tries incorrect password attempts" >&2
  exit 1
fi
exec "$@"
`;

/** Writes the fake sudo into `dir` (a PATH directory); with `password`, sudo asks for that one. */
export async function fakeSudo(dir: string, password?: string): Promise<{ attempts: () => Promise<string[]>; users: () => Promise<string[]> }> {
  const file = path.join(dir, 'sudo');
  await writeFile(file, SCRIPT);
  await chmod(file, 0o755);
  if (password !== undefined) await writeFile(path.join(dir, 'password'), `${password}\n`);
  const lines = async (name: string) => (await readFile(path.join(dir, name), 'utf8').catch(() => '')).split('\n').filter(Boolean);
  return { attempts: () => lines('attempts'), users: () => lines('users') };
}
