// Ansible INI inventories: `[group]` host lines with key=value variables, `[group:vars]` and
// `[group:children]` sections, `#`/`;` comment lines, host ranges (`web[01:20]`). Hosts before any
// section are ungrouped.
import {
  declareHostPattern, ensureGroup, fileWhere, inventoryError, newInventory, setVar, show,
  type RawInventory, type Where,
} from './raw.js';

type SectionKind = 'hosts' | 'vars' | 'children';

export function parseAnsibleIni(text: string, fileName: string): RawInventory {
  const where = fileWhere(fileName);
  const inv = newInventory();
  let group = 'ungrouped';
  let kind: SectionKind = 'hosts';
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const s = raw.trim();
    if (s === '' || s.startsWith('#') || s.startsWith(';')) return;
    if (s.startsWith('[')) {
      ({ group, kind } = readSection(s, line, where));
      ensureGroup(inv, group, line);
    } else if (kind === 'hosts') {
      readHostLine(inv, group, s, line, where);
    } else if (kind === 'vars') {
      // Ansible reads a vars line as `key=value` split at the first "=", with no inline comments.
      const eq = s.indexOf('=');
      const key = eq < 0 ? '' : s.slice(0, eq).trim();
      if (key === '') throw inventoryError(where(line), `expected "name=value" in [${group}:vars], got ${show(s)}`);
      setVar(ensureGroup(inv, group, line).vars, key, unquote(s.slice(eq + 1).trim(), line, where), line, where, `group ${show(group)}`);
    } else {
      const child = s.replace(/\s+[#;].*$/, '');
      if (/\s/.test(child)) throw inventoryError(where(line), `expected one group name per line in [${group}:children], got ${show(s)}`);
      ensureGroup(inv, group, line).children.set(child, line);
      ensureGroup(inv, child, line);
    }
  });
  return inv;
}

function readSection(s: string, line: number, where: Where): { group: string; kind: SectionKind } {
  const m = /^\[([^\]]*)\]\s*(?:[#;].*)?$/.exec(s);
  const [name, suffix, extra] = m ? m[1].trim().split(':') : [];
  if (!m || !name || extra !== undefined || /\s/.test(name)) {
    throw inventoryError(where(line), `bad section header ${show(s)}; use [group], [group:vars] or [group:children]`);
  }
  if (suffix === undefined) return { group: name, kind: 'hosts' };
  if (suffix === 'vars' || suffix === 'children') return { group: name, kind: suffix };
  throw inventoryError(where(line), `unknown section type ":${suffix}" in ${show(s)}; use [${name}:vars] or [${name}:children]`);
}

function readHostLine(inv: RawInventory, group: string, s: string, line: number, where: Where): void {
  const [name, ...assignments] = tokenize(s, line, where);
  if (name === undefined) return;
  for (const token of assignments) {
    if (token.indexOf('=') <= 0) {
      throw inventoryError(where(line), `expected name=value after host ${show(name)}, got ${show(token)}; one host per line`);
    }
  }
  for (const host of declareHostPattern(inv, group, name, line, where)) {
    for (const token of assignments) {
      const eq = token.indexOf('=');
      setVar(host.vars, token.slice(0, eq), token.slice(eq + 1), line, where, `host ${show(host.name)}`);
    }
  }
}

/** Split a host line the way Ansible's shlex does: whitespace-separated, quotes group, `#` starts a comment. */
function tokenize(s: string, line: number, where: Where): string[] {
  const tokens: string[] = [];
  let current: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (/\s/.test(c)) {
      if (current !== null) tokens.push(current);
      current = null;
    } else if (c === '#' && current === null) {
      break;
    } else if (c === '"' || c === "'") {
      const end = s.indexOf(c, i + 1);
      if (end < 0) throw inventoryError(where(line), `unterminated quoted value: add the closing ${c}`);
      current = (current ?? '') + s.slice(i + 1, end);
      i = end;
    } else {
      current = (current ?? '') + c;
    }
  }
  if (current !== null) tokens.push(current);
  return tokens;
}

function unquote(value: string, line: number, where: Where): string {
  const q = value[0];
  if (q !== '"' && q !== "'") return value;
  if (value.length < 2 || !value.endsWith(q)) throw inventoryError(where(line), `unterminated quoted value: add the closing ${q}`);
  return value.slice(1, -1);
}
