// Which ssh_config files are read, as `ssh` reads them: ~/.ssh/config then /etc/ssh/ssh_config by default,
// only FILE with -F FILE, none with -F none; Include followed (globs, ~, paths relative to ~/.ssh for user
// files and /etc/ssh for the system file, nested up to OpenSSH's depth). Read once, before any connection.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PreflightError } from '../errors.js';
import { type ConfigFile, type ConfigItem, parseConfigText } from './config-parse.js';
import { globSync } from './glob.js';
import { displayPath, expandTilde, homeDir } from './paths.js';

/** OpenSSH's READCONF_MAX_DEPTH. */
export const MAX_INCLUDE_DEPTH = 16;

export interface ConfigLocations {
  homeDir?: string;
  /** The system configuration directory; /etc/ssh. */
  systemDir?: string;
}

export interface SshConfig {
  /** The top-level files read, in order (user file, then system file). */
  files: ConfigFile[];
  /** Problems met while reading that are not errors, for the CLI to show. */
  warnings: string[];
}

/**
 * The configuration for `-F` (`file`): undefined reads the defaults (a missing one is fine), `none`
 * reads nothing, anything else is read alone and must be readable (a usage error otherwise).
 */
export function loadConfigFiles(file: string | undefined, where: ConfigLocations = {}): SshConfig {
  const home = where.homeDir ?? homeDir();
  const systemDir = where.systemDir ?? '/etc/ssh';
  const config: SshConfig = { files: [], warnings: [] };
  if (file !== undefined && file.toLowerCase() === 'none') return config;
  const reader = new Reader(home, systemDir, config.warnings);
  if (file !== undefined) {
    const full = path.resolve(expandTilde(file, home));
    const text = reader.read(full, 'required');
    // A -F file is a user file: its relative includes are taken from ~/.ssh, as in OpenSSH.
    config.files.push(reader.parse(text!, full, 'user', 0));
    return config;
  }
  const candidates: Array<[string, 'user' | 'system']> = [[path.join(home, '.ssh', 'config'), 'user'], [path.join(systemDir, 'ssh_config'), 'system']];
  for (const [candidate, scope] of candidates) {
    const text = reader.read(candidate, 'optional');
    if (text !== undefined) config.files.push(reader.parse(text, candidate, scope, 0));
  }
  return config;
}

/** Parse one text as a user file, following its includes (for tests and for callers with a text in hand). */
export function parseConfigWithIncludes(text: string, file: string, where: ConfigLocations = {}): SshConfig {
  const config: SshConfig = { files: [], warnings: [] };
  const reader = new Reader(where.homeDir ?? homeDir(), where.systemDir ?? '/etc/ssh', config.warnings);
  config.files.push(reader.parse(text, file, 'user', 0));
  return config;
}

class Reader {
  constructor(private readonly home: string, private readonly systemDir: string, private readonly warnings: string[]) {}

  /** The text of `file`; undefined when optional and missing. */
  read(file: string, need: 'required' | 'optional' | 'included', from?: string): string | undefined {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const shown = displayPath(file, this.home);
      if (need === 'required') {
        throw new PreflightError('usage', `cannot read ssh config ${shown} (-F): ${code ?? (err as Error).message}`, {
          cause: err,
          hint: 'give a readable ssh_config file with -F, or -F none to read none',
        });
      }
      if (code === 'ENOENT') return undefined;
      if (code === 'EISDIR' && need === 'included') return undefined; // a glob may match a directory
      if (need === 'included') {
        // OpenSSH stops on an included file it cannot open; so do we, before any connection.
        throw new PreflightError('usage', `${from}: cannot read included file ${shown}: ${code ?? (err as Error).message}`, { cause: err });
      }
      this.warnings.push(`cannot read ${shown} (${code ?? (err as Error).message}); it is skipped`);
      return undefined;
    }
  }

  parse(text: string, file: string, scope: 'user' | 'system', depth: number): ConfigFile {
    const shown = displayPath(file, this.home);
    const items = parseConfigText(text, shown);
    this.follow(items, scope, depth);
    return { file: shown, scope, items };
  }

  private follow(items: ConfigItem[], scope: 'user' | 'system', depth: number): void {
    for (const item of items) {
      if (item.kind !== 'include') continue;
      if (depth + 1 > MAX_INCLUDE_DEPTH) {
        throw new PreflightError('usage', `${item.where}: too many nested Include levels (more than ${MAX_INCLUDE_DEPTH}); is a file including itself?`);
      }
      for (const arg of item.args) {
        for (const match of globSync(this.includePath(arg, scope))) {
          const text = this.read(match, 'included', item.where);
          if (text !== undefined) item.files.push(this.parse(text, match, scope, depth + 1));
        }
      }
    }
  }

  private includePath(arg: string, scope: 'user' | 'system'): string {
    const expanded = expandTilde(arg, this.home);
    if (path.isAbsolute(expanded)) return expanded;
    return path.join(scope === 'user' ? path.join(this.home, '.ssh') : this.systemDir, expanded);
  }
}
