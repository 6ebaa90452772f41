// YAML (via the `yaml` package) into the line-numbered tree the inventory readers walk. Full YAML as
// operators write it: flow collections, anchors and aliases, `<<` merge keys, block scalars, quoted
// keys. Duplicate keys are errors naming both lines; aliases are expanded under a budget so that a
// "billion laughs" file is refused instead of eating the memory; `!vault` values stay opaque.
import {
  isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument,
  type Document, type Node as YamlNode, type Pair, type YAMLMap,
} from 'yaml';
import { PreflightError } from '../errors.js';
import type { MapEntry, MapNode, Node } from './tree.js';

// Nodes created by following aliases, in total. Real inventories merge a few defaults into a few
// hundred hosts (thousands of nodes); a crafted file reaches millions within nine levels of aliases.
const MAX_ALIAS_NODES = 20_000;
const MAX_DEPTH = 64;

const FRIENDLY: Record<string, string> = {
  TAB_AS_INDENT: 'tab used for indentation; YAML allows only spaces, so indent with spaces',
  MULTIPLE_DOCS: 'a second YAML document ("---") is not supported; keep one inventory per file',
  DUPLICATE_KEY: 'duplicate key',
};

/** Parse `text`; null for a document with no content. Errors read "FILE:LINE: message". */
export function parseYamlTree(text: string, fileName = '<yaml>'): Node | null {
  const lines = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), {
    lineCounter: lines, merge: true, uniqueKeys: false, prettyErrors: false, strict: false,
  });
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lines.linePos(offset).line);
  const fail = (offset: number | undefined, message: string): never => {
    throw new PreflightError('inventory', `${fileName}:${lineOf(offset)}: ${message}`);
  };
  const error = doc.errors[0];
  if (error?.code === 'MISSING_CHAR' && error.message.includes('quote')) {
    // The parser notices at the end of the file; the opening quote is what to fix.
    const q = error.message.includes('"') ? '"' : "'";
    const before = text.slice(0, error.pos[0]).split('\n');
    let i = before.length - 1;
    while (i > 0 && (before[i].split(q).length - 1) % 2 === 0) i--;
    throw new PreflightError('inventory', `${fileName}:${i + 1}: unterminated quoted string: add the closing ${q}`);
  }
  if (error) fail(error.pos[0], FRIENDLY[error.code] ?? `invalid YAML: ${error.message.split('\n')[0]}`);
  if (doc.contents === null) return null;
  const root = new Converter(doc, lineOf, fail).node(doc.contents as YamlNode, 0);
  return root.kind === 'scalar' && root.value === null ? null : root;
}

class Converter {
  private aliasNodes = 0;

  constructor(
    private readonly doc: Document,
    private readonly lineOf: (offset: number | undefined) => number,
    private readonly fail: (offset: number | undefined, message: string) => never,
  ) {}

  node(n: YamlNode, depth: number, viaAlias = false): Node {
    const line = this.lineOf(n.range?.[0]);
    if (depth > MAX_DEPTH) this.fail(n.range?.[0], `nesting deeper than ${MAX_DEPTH} levels`);
    if (viaAlias && ++this.aliasNodes > MAX_ALIAS_NODES) {
      this.fail(n.range?.[0], `the file expands too much through anchors and aliases (more than ${MAX_ALIAS_NODES} nodes); is it an alias bomb? Write the values out`);
    }
    if (isAlias(n)) {
      const target = n.resolve(this.doc);
      if (!target) return this.fail(n.range?.[0], `alias *${n.source} refers to no anchor above it; define &${n.source} first`);
      return this.node(target, depth + 1, true);
    }
    if (isScalar(n)) {
      if (n.tag === '!vault') return { kind: 'scalar', value: '', vault: true, line };
      if (n.value === null || n.value === undefined) return { kind: 'scalar', value: null, line };
      // Numbers and booleans keep the spelling of the file (0022, yes, True), as Ansible variables are read.
      const value = typeof n.value === 'string' ? n.value : (n.source ?? String(n.value));
      return { kind: 'scalar', value, line };
    }
    if (isSeq(n)) return { kind: 'seq', items: n.items.map((item) => this.node(item as YamlNode, depth + 1, viaAlias)), line };
    if (isMap(n)) return this.map(n, depth, viaAlias);
    return this.fail(undefined, 'unsupported YAML node');
  }

  private map(n: YAMLMap, depth: number, viaAlias: boolean): MapNode {
    const node: MapNode = { kind: 'map', entries: new Map(), line: this.lineOf(n.range?.[0]) };
    const merged: MapEntry[] = [];
    for (const pair of n.items) {
      if (!isPair(pair)) continue;
      if (isScalar(pair.key) && typeof pair.key.value === 'symbol') {
        merged.push(...this.mergeSources(pair as Pair<YamlNode, YamlNode>, depth, viaAlias));
        continue;
      }
      const key = this.key(pair as Pair<YamlNode, YamlNode>);
      const first = node.entries.get(key.text);
      if (first) this.fail(key.offset, `duplicate key ${JSON.stringify(key.text)} (first at line ${first.line}); remove one`);
      const value: Node = pair.value === null ? { kind: 'scalar', value: null, line: key.line } : this.node(pair.value as YamlNode, depth + 1, viaAlias);
      node.entries.set(key.text, { key: key.text, value, line: key.line });
    }
    // YAML 1.1 merge: keys written in the mapping win, then the first merged mapping that has the key.
    for (const entry of merged) if (!node.entries.has(entry.key)) node.entries.set(entry.key, entry);
    return node;
  }

  private key(pair: Pair<YamlNode, YamlNode>): { text: string; line: number; offset: number | undefined } {
    const k = pair.key;
    const offset = k?.range?.[0];
    if (!isScalar(k) || k.value === null || typeof k.value === 'object') {
      return this.fail(offset, 'a mapping key must be a plain name, not a list, a mapping or empty');
    }
    const text = typeof k.value === 'string' ? k.value : (k.source ?? String(k.value));
    return { text, line: this.lineOf(offset), offset };
  }

  private mergeSources(pair: Pair<YamlNode, YamlNode>, depth: number, viaAlias: boolean): MapEntry[] {
    const value = pair.value;
    const sources = value && isSeq(value) ? (value.items as YamlNode[]) : [value];
    const out: MapEntry[] = [];
    for (const source of sources) {
      const node = source ? this.node(source, depth + 1, viaAlias) : null;
      if (!node || node.kind !== 'map') {
        this.fail(source?.range?.[0] ?? pair.key?.range?.[0], 'a merge key "<<" takes an alias of a mapping (<<: *defaults) or a list of them');
      }
      out.push(...node.entries.values());
    }
    return out;
  }
}
