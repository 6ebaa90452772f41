// The document tree yaml-tree and json-lite both produce. Every node keeps its 1-based line so that
// inventory errors can point at the exact spot in the user's file.

/** `vault`: an Ansible Vault value (YAML `!vault`, JSON `{"__ansible_vault": ...}`): opaque, its value unknown. */
export interface ScalarNode { kind: 'scalar'; value: string | null; line: number; vault?: true }
export interface MapEntry { key: string; value: Node; line: number }
export interface MapNode { kind: 'map'; entries: Map<string, MapEntry>; line: number }
export interface SeqNode { kind: 'seq'; items: Node[]; line: number }
export type Node = ScalarNode | MapNode | SeqNode;

export function isNull(node: Node): boolean {
  return node.kind === 'scalar' && node.value === null;
}

/** How to name a node's kind in an error message. */
export function kindName(node: Node): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  return node.value === null ? 'empty' : `the value ${JSON.stringify(node.value)}`;
}
