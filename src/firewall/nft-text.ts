// `nft -a list ruleset` (the text form with handles): the rule as the operator wrote it, by handle,
// so a report can quote the rule exactly. Counter values are dropped (they belong to the moment).
import { cleanText, isSafeName } from './validate.js';

const TABLE = /^table (ip|ip6|inet|bridge|netdev|arp) (\S+) \{/;
const CHAIN = /^chain (\S+) \{/;
const HANDLE = /\s+# handle (\d+)$/;

/** "family table chain handle" -> rule text. Lines that do not parse are skipped. */
export function parseNftText(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let table: string | undefined;
  let chain: string | undefined;
  for (const raw of text.split('\n').slice(0, 200_000)) {
    const line = raw.trim();
    const t = TABLE.exec(line);
    if (t) {
      table = isSafeName(t[2]) ? `${t[1]} ${t[2]}` : undefined;
      chain = undefined;
      continue;
    }
    const c = CHAIN.exec(line);
    if (c) {
      chain = isSafeName(c[1]) ? c[1] : undefined;
      continue;
    }
    const h = HANDLE.exec(line);
    if (!h || !table || !chain || line.startsWith('type ')) continue;
    const body = cleanText(line.replace(HANDLE, '').replace(/\bcounter packets \d+ bytes \d+/, 'counter'), 400);
    if (body) out.set(`${table} ${chain} ${h[1]}`, body);
  }
  return out;
}
