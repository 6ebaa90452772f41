// A parser for the YAML subset Ansible inventories use: block mappings and sequences nested by
// indentation, plain and quoted scalars, null, comments and a leading `---`. Anything outside the
// subset (flow collections, anchors, block scalars, multi-line strings) is an error rather than a guess.
import { PreflightError } from '../errors.js';
import type { MapNode, Node, SeqNode } from './tree.js';

interface Line { indent: number; text: string; line: number }
type Fail = (line: number, message: string) => never;

// Deep nesting only comes from crafted input; refuse it before recursion exhausts the stack.
const MAX_DEPTH = 64;
const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\',
};

/** Parse `text`; returns null for a document with no content. Errors read "FILE:LINE: message". */
export function parseYaml(text: string, fileName = '<yaml>'): Node | null {
  const fail: Fail = (line, message) => {
    throw new PreflightError('inventory', `${fileName}:${line}: ${message}`);
  };
  const lines = toLines(text, fail);
  if (lines.length === 0) return null;
  const parser = new Parser(lines, fail);
  const node = parser.block(lines[0].indent, 0);
  const rest = lines[parser.pos];
  if (rest) fail(rest.line, 'indentation does not match any enclosing level');
  return node;
}

function toLines(text: string, fail: Fail): Line[] {
  const out: Line[] = [];
  let ended = false;
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const body = raw.replace(/^ +/, '');
    const indent = raw.length - body.length;
    if (body.trim() === '' || body.startsWith('#')) return;
    if (body.startsWith('\t')) fail(line, 'tab used for indentation; YAML allows only spaces, so indent with spaces');
    if (indent === 0 && /^---(\s|$)/.test(body)) {
      if (out.length > 0 || ended) fail(line, 'a second YAML document ("---") is not supported; keep one inventory per file');
      if (!/^---\s*(#.*)?$/.test(body)) fail(line, 'put the content on the line after "---"');
      return;
    }
    if (indent === 0 && /^\.\.\.\s*(#.*)?$/.test(body)) { ended = true; return; }
    if (ended) fail(line, 'content after the end of the document ("...")');
    out.push({ indent, text: body.trimEnd(), line });
  });
  return out;
}

function isSeqItem(text: string): boolean {
  return text === '-' || text.startsWith('- ') || text.startsWith('-\t');
}

function isBlank(rest: string): boolean {
  const s = rest.trim();
  return s === '' || s.startsWith('#');
}

class Parser {
  pos = 0;
  constructor(private readonly lines: Line[], private readonly fail: Fail) {}

  /** The node whose first line is the current line, at `indent`. */
  block(indent: number, depth: number): Node {
    const l = this.lines[this.pos];
    if (depth > MAX_DEPTH) this.fail(l.line, `nesting deeper than ${MAX_DEPTH} levels`);
    if (isSeqItem(l.text)) return this.seq(indent, depth);
    if (splitKey(l.text, l.line, this.fail)) return this.map(indent, depth);
    this.pos++;
    const next = this.lines[this.pos];
    if (next && next.indent >= indent) this.fail(next.line, 'expected "key: value"; values spanning several lines are not supported');
    return parseScalar(l.text, l.line, this.fail);
  }

  private map(indent: number, depth: number): MapNode {
    const node: MapNode = { kind: 'map', entries: new Map(), line: this.lines[this.pos].line };
    while (this.pos < this.lines.length) {
      const l = this.lines[this.pos];
      if (l.indent < indent) break;
      if (l.indent > indent) this.fail(l.line, 'unexpected indentation; align this line with the keys above it');
      if (isSeqItem(l.text)) this.fail(l.line, 'a list item ("- ") cannot sit among "key: value" lines');
      const kv = splitKey(l.text, l.line, this.fail)
        ?? this.fail(l.line, `expected "key: value", got ${JSON.stringify(l.text)}`);
      const first = node.entries.get(kv.key);
      if (first) this.fail(l.line, `duplicate key ${JSON.stringify(kv.key)} (first at line ${first.line}); remove one`);
      this.pos++;
      node.entries.set(kv.key, { key: kv.key, value: this.value(kv.rest, l, indent, depth), line: l.line });
    }
    return node;
  }

  /** The value of a `key:` line: inline, a nested block below it, or null. */
  private value(rest: string, l: Line, indent: number, depth: number): Node {
    const next = this.lines[this.pos];
    if (isBlank(rest)) {
      if (next && next.indent > indent) return this.block(next.indent, depth + 1);
      // YAML lets a list sit at the same indentation as its key.
      if (next && next.indent === indent && isSeqItem(next.text)) return this.seq(indent, depth + 1);
      return { kind: 'scalar', value: null, line: l.line };
    }
    const node = parseScalar(rest, l.line, this.fail);
    if (next && next.indent > indent) this.fail(next.line, 'unexpected indentation: the key above already has a value on its line');
    return node;
  }

  private seq(indent: number, depth: number): SeqNode {
    const node: SeqNode = { kind: 'seq', items: [], line: this.lines[this.pos].line };
    while (this.pos < this.lines.length) {
      const l = this.lines[this.pos];
      if (l.indent < indent || !isSeqItem(l.text)) break;
      if (l.indent > indent) this.fail(l.line, 'unexpected indentation; align this item with the items above it');
      const rest = l.text.slice(1).trimStart();
      const column = indent + l.text.length - rest.length;
      if (isBlank(rest)) {
        this.pos++;
        const next = this.lines[this.pos];
        node.items.push(next && next.indent > indent
          ? this.block(next.indent, depth + 1)
          : { kind: 'scalar', value: null, line: l.line });
      } else if (isSeqItem(rest) || splitKey(rest, l.line, this.fail)) {
        // "- key: v" opens a nested block at the column of "key": re-read the line from there.
        this.lines[this.pos] = { indent: column, text: rest, line: l.line };
        node.items.push(this.block(column, depth + 1));
      } else {
        this.pos++;
        node.items.push(this.value(rest, l, indent, depth));
      }
    }
    return node;
  }
}

/** Split "key: rest"; null when the line is not a mapping entry. */
function splitKey(text: string, line: number, fail: Fail): { key: string; rest: string } | null {
  if (text[0] === '"' || text[0] === "'") {
    const q = readQuoted(text, line, fail);
    const m = /^[ \t]*:(?:[ \t]|$)/.exec(text.slice(q.end));
    return m ? { key: q.value, rest: text.slice(q.end + m[0].length) } : null;
  }
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '#' && i > 0 && /\s/.test(text[i - 1])) return null;
    if (text[i] === ':' && (i + 1 === text.length || text[i + 1] === ' ' || text[i + 1] === '\t')) {
      const key = text.slice(0, i).trimEnd();
      if (key === '') fail(line, 'missing key before ":"');
      return { key, rest: text.slice(i + 1) };
    }
  }
  return null;
}

function parseScalar(rest: string, line: number, fail: Fail): Node {
  const s = rest.trim();
  if (s === '' || s.startsWith('#')) return { kind: 'scalar', value: null, line };
  if (s[0] === '"' || s[0] === "'") {
    const q = readQuoted(s, line, fail);
    const after = s.slice(q.end).trim();
    if (after !== '' && !after.startsWith('#')) fail(line, `unexpected text ${JSON.stringify(after)} after the closing quote`);
    return { kind: 'scalar', value: q.value, line };
  }
  const comment = /\s#/.exec(s);
  const v = comment ? s.slice(0, comment.index).trimEnd() : s;
  if (v === '~' || v === 'null' || v === 'Null' || v === 'NULL') return { kind: 'scalar', value: null, line };
  if (v === '{}') return { kind: 'map', entries: new Map(), line };
  if (v === '[]') return { kind: 'seq', items: [], line };
  const c = v[0];
  if (c === '{' || c === '[') fail(line, 'flow style ({...} or [...]) is not supported; write one "key: value" or "- item" per line');
  if (c === '|' || c === '>') fail(line, 'block scalars ("|" and ">") are not supported; put the value on one line');
  if (c === '&' || c === '*' || c === '!') fail(line, 'anchors, aliases and tags ("&", "*", "!") are not supported; write the value out');
  if (c === '@' || c === '`' || c === '%') fail(line, `a plain value cannot start with "${c}"; quote it if you mean it`);
  return { kind: 'scalar', value: v, line };
}

/** Read the quoted string at the start of `s`; `end` is the index after the closing quote. */
function readQuoted(s: string, line: number, fail: Fail): { value: string; end: number } {
  const quote = s[0];
  let out = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i];
    if (quote === "'" && c === "'") {
      if (s[i + 1] !== "'") return { value: out, end: i + 1 };
      out += "'";
      i++;
    } else if (quote === '"' && c === '"') {
      return { value: out, end: i + 1 };
    } else if (quote === '"' && c === '\\') {
      const e = s[i + 1] ?? '';
      const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (hex > 0) {
        const digits = s.slice(i + 2, i + 2 + hex);
        if (!new RegExp(`^[0-9A-Fa-f]{${hex}}$`).test(digits)) fail(line, `bad escape "\\${e}${digits}" in a double-quoted string`);
        const code = parseInt(digits, 16);
        if (code > 0x10ffff) fail(line, `bad escape "\\${e}${digits}" in a double-quoted string`);
        out += String.fromCodePoint(code);
        i += 1 + hex;
      } else if (e in ESCAPES) {
        out += ESCAPES[e];
        i++;
      } else {
        fail(line, `unknown escape "\\${e}" in a double-quoted string; write "\\\\" for a backslash`);
      }
    } else {
      out += c;
    }
  }
  return fail(line, `unterminated quoted string: add the closing ${quote} (quoted strings must end on the same line)`);
}
