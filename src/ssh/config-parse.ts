// ssh_config text -> items in file order: options, Host and Match lines, and Include lines (followed by
// config-files.ts). Keywords are case-insensitive; `Keyword value`, `Keyword=value` and quotes are read
// as OpenSSH reads them. Nothing is interpreted here beyond syntax.

import { PreflightError } from '../errors.js';

export interface MatchCriterion {
  /** Lower-cased: all, host, originalhost, user, localuser, exec, canonical, final ... */
  name: string;
  negate: boolean;
  /** The pattern list (or the command for exec); absent for all/canonical/final. */
  arg?: string;
}

export interface ConfigFile {
  file: string;
  /** Where relative Include paths are taken from: ~/.ssh for user files, /etc/ssh for the system file. */
  scope: 'user' | 'system';
  items: ConfigItem[];
}

export type ConfigItem =
  /** `raw` is the rest of the line as written: ProxyCommand takes it whole, as OpenSSH does. */
  | { kind: 'option'; keyword: string; args: string[]; raw: string; where: string }
  | { kind: 'host'; patterns: string[]; where: string }
  | { kind: 'match'; criteria: MatchCriterion[]; where: string }
  /** `files` is filled in when the include is followed (one entry per file the patterns matched). */
  | { kind: 'include'; args: string[]; where: string; files: ConfigFile[] };

/** Criteria that take no argument. */
const BARE_CRITERIA = new Set(['all', 'canonical', 'final']);
/** Every criterion OpenSSH knows; the ones not evaluated here are warned about by the resolver. */
const KNOWN_CRITERIA = new Set(['all', 'canonical', 'final', 'exec', 'host', 'originalhost', 'user', 'localuser', 'localnetwork', 'tagged', 'command', 'version', 'sessiontype']);

export function parseConfigText(text: string, file: string): ConfigItem[] {
  const items: ConfigItem[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const where = `${file}:${i + 1}`;
    const parsed = splitLine(lines[i]!, where);
    if (!parsed) continue;
    const { keyword, args, raw } = parsed;
    if (keyword === 'host') {
      if (args.length === 0) throw new PreflightError('usage', `${where}: Host needs at least one pattern`);
      items.push({ kind: 'host', patterns: args, where });
    } else if (keyword === 'match') {
      items.push({ kind: 'match', criteria: parseMatch(args, where), where });
    } else if (keyword === 'include') {
      if (args.length === 0) throw new PreflightError('usage', `${where}: Include needs a file`);
      items.push({ kind: 'include', args, where, files: [] });
    } else {
      items.push({ kind: 'option', keyword, args, raw, where });
    }
  }
  return items;
}

function parseMatch(args: string[], where: string): MatchCriterion[] {
  if (args.length === 0) throw new PreflightError('usage', `${where}: Match needs a criterion (all, host, user ...)`);
  const criteria: MatchCriterion[] = [];
  for (let i = 0; i < args.length; i++) {
    const raw = args[i]!;
    const negate = raw.startsWith('!');
    const name = (negate ? raw.slice(1) : raw).toLowerCase();
    if (!KNOWN_CRITERIA.has(name)) throw new PreflightError('usage', `${where}: unsupported Match criterion "${raw}"`);
    if (BARE_CRITERIA.has(name)) {
      criteria.push({ name, negate });
      continue;
    }
    const arg = args[++i];
    if (arg === undefined) throw new PreflightError('usage', `${where}: Match ${raw} needs an argument`);
    criteria.push({ name, negate, arg });
  }
  if (criteria.some((c) => c.name === 'all') && criteria.some((c) => !['all', 'canonical', 'final'].includes(c.name))) {
    throw new PreflightError('usage', `${where}: Match all cannot be combined with other criteria`);
  }
  return criteria;
}

/** Keywords whose value is a command line, kept as written (quotes included) rather than split. */
const COMMAND_KEYWORDS = new Set(['proxycommand', 'localcommand', 'remotecommand', 'knownhostscommand']);

/** Split `Keyword value ...` / `Keyword=value` into a lower-cased keyword and its arguments (quotes honoured). */
function splitLine(line: string, where: string): { keyword: string; args: string[]; raw: string } | undefined {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  const m = /^([A-Za-z][A-Za-z0-9]*)(?:\s*=\s*|\s+|$)(.*)$/.exec(trimmed);
  if (!m) throw new PreflightError('usage', `${where}: cannot parse "${trimmed}"`);
  const keyword = m[1]!.toLowerCase();
  const raw = m[2]!.trim();
  if (COMMAND_KEYWORDS.has(keyword)) return { keyword, args: raw === '' ? [] : [raw], raw };
  return { keyword, args: splitArgs(raw, where), raw };
}

function splitArgs(rest: string, where: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < rest.length) {
    while (i < rest.length && /\s/.test(rest[i]!)) i++;
    if (i >= rest.length) break;
    if (rest[i] === '#') break; // a comment after the arguments
    let arg = '';
    while (i < rest.length && !/\s/.test(rest[i]!)) {
      const ch = rest[i]!;
      if (ch === '"' || ch === "'") {
        const end = rest.indexOf(ch, i + 1);
        if (end < 0) throw new PreflightError('usage', `${where}: unterminated quote`);
        arg += rest.slice(i + 1, end);
        i = end + 1;
      } else if (ch === '\\' && i + 1 < rest.length) {
        arg += rest[i + 1];
        i += 2;
      } else {
        arg += ch;
        i++;
      }
    }
    args.push(arg);
  }
  return args;
}
