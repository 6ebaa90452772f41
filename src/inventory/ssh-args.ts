// ansible_ssh_common_args / ansible_ssh_extra_args: extra ssh command-line words. The jump host and
// proxy command are taken from them; every other option is returned as ignored so that the CLI can
// say once that it was not applied (this tool speaks SSH itself, it does not run ssh).

export interface SshArgs {
  proxyJump?: string;
  proxyCommand?: string;
  /** Options as written that this tool does not apply, e.g. "-o StrictHostKeyChecking=no". */
  ignored: string[];
}

// ssh(1) options that take an argument; the others are flags.
const WITH_ARGUMENT = new Set('BbcDEeFIiJLlmOopQRSWw'.split(''));

/** Split like a POSIX shell (and Python's shlex): quotes group, backslash escapes. Throws Error on an open quote. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error("unterminated ' quote");
      word = (word ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      word = word ?? '';
      for (i++; ; i++) {
        if (i >= text.length) throw new Error('unterminated " quote');
        const d = text[i];
        if (d === '"') break;
        if (d === '\\' && i + 1 < text.length && '\\"$`\n'.includes(text[i + 1])) word += text[++i];
        else word += d;
      }
    } else if (c === '\\') {
      if (i + 1 < text.length) word = (word ?? '') + text[++i];
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/**
 * Read the options of one or more argument strings in ssh's order (common args before extra args).
 * As in ssh, the first ProxyJump or ProxyCommand wins and later ones are ignored. Throws Error on
 * an option that lacks its value.
 */
export function readSshArgs(texts: string[]): SshArgs {
  const out: SshArgs = { ignored: [] };
  let proxySet = false;
  const setProxy = (kind: 'proxyJump' | 'proxyCommand', value: string, written: string) => {
    if (proxySet) { out.ignored.push(`${written} (a proxy is already set before it)`); return; }
    proxySet = true;
    if (value.toLowerCase() !== 'none') out[kind] = value;
  };
  const words = texts.flatMap((t) => shellWords(t));
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w.startsWith('-') || w.length < 2) { out.ignored.push(w); continue; }
    const letter = w[1];
    if (!WITH_ARGUMENT.has(letter)) { out.ignored.push(w); continue; }
    let arg: string;
    if (w.length > 2) arg = w.slice(2);
    else if (i + 1 < words.length) arg = words[++i];
    else throw new Error(`${w} needs a value`);
    if (letter === 'J') { setProxy('proxyJump', arg, `-J ${arg}`); continue; }
    if (letter !== 'o') { out.ignored.push(`${w.slice(0, 2)} ${arg}`); continue; }
    const m = /^\s*([A-Za-z]+)\s*(?:=\s*|\s+)(.*)$/s.exec(arg);
    const key = (m?.[1] ?? arg.trim()).toLowerCase();
    if (key === 'proxyjump' || key === 'proxycommand') {
      const value = m?.[2].trim() ?? '';
      if (value === '') throw new Error(`-o ${arg} needs a value; write -o ${key === 'proxyjump' ? 'ProxyJump=HOST' : "'ProxyCommand=COMMAND'"}`);
      setProxy(key === 'proxyjump' ? 'proxyJump' : 'proxyCommand', value, `-o ${arg}`);
    } else {
      out.ignored.push(`-o ${arg}`);
    }
  }
  return out;
}
