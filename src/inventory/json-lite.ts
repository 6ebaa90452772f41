// A JSON parser that keeps line numbers, which JSON.parse cannot give: inventory errors must point at
// the line of the offending host or variable, and duplicate keys (silently dropped by JSON.parse) are errors.
import { PreflightError } from '../errors.js';
import type { MapNode, Node, SeqNode } from './tree.js';

const MAX_DEPTH = 64;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Parse JSON text into a tree; numbers and booleans become scalar strings, as Ansible variables are read. */
export function parseJson(text: string, fileName = '<json>'): Node {
  const p = new JsonParser(text.replace(/^\uFEFF/, ''), fileName);
  const node = p.value(0);
  p.ws();
  if (p.pos < p.text.length) p.fail(`unexpected ${JSON.stringify(p.text[p.pos])} after the end of the JSON value`);
  return node;
}

class JsonParser {
  pos = 0;
  line = 1;
  constructor(readonly text: string, private readonly fileName: string) {}

  fail(message: string): never {
    throw new PreflightError('inventory', `${this.fileName}:${this.line}: invalid JSON: ${message}`);
  }

  ws(): void {
    while (this.pos < this.text.length && ' \t\r\n'.includes(this.text[this.pos])) {
      if (this.text[this.pos] === '\n') this.line++;
      this.pos++;
    }
  }

  value(depth: number): Node {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    this.ws();
    const line = this.line;
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return { kind: 'scalar', value: this.string(), line };
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!literal) this.fail(c === undefined ? 'unexpected end of input' : `unexpected ${JSON.stringify(c)}`);
    this.pos += literal[0].length;
    return { kind: 'scalar', value: literal[0] === 'null' ? null : literal[0], line };
  }

  private object(depth: number): MapNode {
    const node: MapNode = { kind: 'map', entries: new Map(), line: this.line };
    this.pos++;
    this.ws();
    if (this.text[this.pos] === '}') { this.pos++; return node; }
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') this.fail('expected a "quoted" key');
      const line = this.line;
      const key = this.string();
      const first = node.entries.get(key);
      if (first) this.fail(`duplicate key ${JSON.stringify(key)} (first at line ${first.line}); remove one`);
      this.expect(':');
      node.entries.set(key, { key, value: this.value(depth + 1), line });
      if (this.next(',', '}') === '}') return node;
    }
  }

  private array(depth: number): SeqNode {
    const node: SeqNode = { kind: 'seq', items: [], line: this.line };
    this.pos++;
    this.ws();
    if (this.text[this.pos] === ']') { this.pos++; return node; }
    for (;;) {
      node.items.push(this.value(depth + 1));
      if (this.next(',', ']') === ']') return node;
    }
  }

  private string(): string {
    let out = '';
    for (this.pos++; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos];
      if (c === '"') { this.pos++; return out; }
      if (c < ' ') this.fail('raw control character (such as a newline) inside a string; close the string on this line');
      if (c !== '\\') { out += c; continue; }
      const e = this.text[++this.pos];
      if (e === 'u') {
        const hex = this.text.slice(this.pos + 1, this.pos + 5);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.fail(`bad escape "\\u${hex}"`);
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 4;
      } else if (e !== undefined && e in ESCAPES) {
        out += ESCAPES[e];
      } else {
        this.fail(`bad escape "\\${e ?? ''}"`);
      }
    }
    return this.fail('unterminated string: add the closing "');
  }

  private expect(c: string): void {
    this.ws();
    if (this.text[this.pos] !== c) this.fail(`expected "${c}"`);
    this.pos++;
  }

  private next(sep: string, close: string): string {
    this.ws();
    const c = this.text[this.pos];
    if (c === undefined) this.fail(`unexpected end of input; a closing "${close}" is missing`);
    if (c !== sep && c !== close) this.fail(`expected "${sep}" or "${close}"`);
    this.pos++;
    return c;
  }
}
