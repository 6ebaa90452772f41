// A small glob(3) for ssh_config Include: `*`, `?` and `[...]` in any path segment, a leading `.` matched
// only literally, results sorted. Directories that cannot be read contribute nothing, as with glob(3).

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const MAGIC = /[*?[]/;

export function hasGlob(pattern: string): boolean {
  return MAGIC.test(pattern);
}

/** The existing paths matching an absolute `pattern`; a pattern without wildcards is returned if it exists. */
export function globSync(pattern: string): string[] {
  if (!path.isAbsolute(pattern)) throw new Error(`glob needs an absolute path, got ${pattern}`);
  const segments = pattern.split('/').filter((s) => s !== '');
  let current = ['/'];
  for (const segment of segments) {
    const next: string[] = [];
    for (const dir of current) {
      if (!hasGlob(segment)) {
        const candidate = path.join(dir, segment);
        if (exists(candidate)) next.push(candidate);
        continue;
      }
      const re = segmentRegExp(segment);
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const name of names.sort()) if (re.test(name)) next.push(path.join(dir, name));
    }
    current = next;
  }
  return current.sort();
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

function segmentRegExp(segment: string): RegExp {
  let re = segment.startsWith('.') ? '' : '(?!\\.)';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i]!;
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, end);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += ch.replace(/[.+^${}()|\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}
