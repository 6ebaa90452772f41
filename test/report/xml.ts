// A small strict XML 1.0 reader for the JUnit tests (not a test file: ava only runs *.test.ts).
// It throws on anything not well-formed, and returns the element tree with entities decoded.

export interface XmlElement { name: string; attrs: Record<string, string>; children: XmlElement[]; text: string }

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXml(source: string): XmlElement {
  if (!XML_CHAR.test(source)) throw new Error('a character XML 1.0 forbids');
  let i = 0;
  const fail = (why: string): never => { throw new Error(`${why} at offset ${i}: ${JSON.stringify(source.slice(i, i + 40))}`); };
  const skipSpace = () => { while (/[ \t\r\n]/.test(source[i] ?? '')) i += 1; };
  const misc = () => {
    for (;;) {
      skipSpace();
      if (source.startsWith('<!--', i)) comment();
      else if (source.startsWith('<?', i) && !source.startsWith('<?xml ', i)) pi();
      else return;
    }
  };
  function comment(): void {
    const end = source.indexOf('-->', i + 4);
    if (end < 0) fail('unterminated comment');
    if (source.slice(i + 4, end).includes('--')) fail('"--" inside a comment');
    i = end + 3;
  }
  function pi(): void {
    const end = source.indexOf('?>', i);
    if (end < 0) fail('unterminated processing instruction');
    i = end + 2;
  }
  function name(): string {
    const m = NAME.exec(source.slice(i));
    if (!m) fail('expected a name');
    i += (m as RegExpExecArray)[0].length;
    return (m as RegExpExecArray)[0];
  }
  function decode(raw: string, inAttr: boolean): string {
    if (raw.includes('<')) fail('"<" in character data');
    if (!inAttr && raw.includes(']]>')) fail('"]]>" in character data');
    return raw.replace(/&([^;]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(';')) fail(`bare "&" (${whole})`);
      let ch: string | undefined = ENTITIES[ref];
      const num = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
      if (num) {
        const code = num[1] ? parseInt(num[1], 16) : parseInt(num[2], 10);
        ch = code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
        if (!ch || !XML_CHAR.test(ch)) fail(`reference to a forbidden character (${whole})`);
      }
      if (ch === undefined) fail(`unknown entity ${whole}`);
      return ch as string;
    });
  }
  function element(): XmlElement {
    if (source[i] !== '<') fail('expected "<"');
    i += 1;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      skipSpace();
      if (source.startsWith('/>', i)) { i += 2; return el; }
      if (source[i] === '>') { i += 1; break; }
      if (i === before) fail('attributes must be separated by white space');
      const attr = name();
      skipSpace();
      if (source[i] !== '=') fail('expected "="');
      i += 1;
      skipSpace();
      const quote = source[i];
      if (quote !== '"' && quote !== "'") fail('expected a quoted value');
      const end = source.indexOf(quote, i + 1);
      if (end < 0) fail('unterminated attribute value');
      if (attr in el.attrs) fail(`duplicate attribute ${attr}`);
      // Literal tabs and newlines in a value are normalised to spaces, as a parser does.
      el.attrs[attr] = decode(source.slice(i + 1, end).replace(/[\t\n\r]/g, ' '), true);
      i = end + 1;
    }
    for (;;) {
      const lt = source.indexOf('<', i);
      if (lt < 0) fail(`unclosed <${el.name}>`);
      el.text += decode(source.slice(i, lt), false);
      i = lt;
      if (source.startsWith('</', i)) {
        i += 2;
        const closing = name();
        if (closing !== el.name) fail(`</${closing}> closes <${el.name}>`);
        skipSpace();
        if (source[i] !== '>') fail('expected ">"');
        i += 1;
        return el;
      }
      if (source.startsWith('<!--', i)) comment();
      else if (source.startsWith('<![CDATA[', i)) {
        const end = source.indexOf(']]>', i);
        if (end < 0) fail('unterminated CDATA');
        el.text += source.slice(i + 9, end);
        i = end + 3;
      } else if (source.startsWith('<?', i)) pi();
      else el.children.push(element());
    }
  }
  if (source.startsWith('<?xml')) {
    const end = source.indexOf('?>');
    if (end < 0 || !/^<\?xml version="1\.0"( encoding="UTF-8")?\s*$/.test(source.slice(0, end))) fail('bad XML declaration');
    i = end + 2;
  }
  misc();
  const root = element();
  misc();
  if (i !== source.length) fail('content after the root element');
  return root;
}

/** Every element named `name` under (and including) `el`, in document order. */
export function all(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => all(c, name))];
}

// The content model of Jenkins' junit-10.xsd, the shape GitLab and Jenkins read.
const SHAPE: Record<string, { attrs: string[]; required: string[]; children: string[]; text: boolean }> = {
  testsuites: { attrs: ['name', 'time', 'tests', 'failures', 'errors'], required: [], children: ['testsuite'], text: false },
  testsuite: {
    attrs: ['name', 'tests', 'failures', 'errors', 'group', 'time', 'skipped', 'timestamp', 'hostname', 'id', 'package', 'file', 'log', 'url'],
    required: ['name', 'tests', 'failures', 'errors'],
    children: ['testsuite', 'properties', 'testcase', 'system-out', 'system-err'],
    text: false,
  },
  properties: { attrs: [], required: [], children: ['property'], text: false },
  property: { attrs: ['name', 'value'], required: ['name', 'value'], children: [], text: false },
  testcase: { attrs: ['name', 'time', 'classname', 'group'], required: ['name'], children: ['skipped', 'error', 'failure', 'system-out', 'system-err'], text: false },
  failure: { attrs: ['type', 'message'], required: [], children: [], text: true },
  error: { attrs: ['type', 'message'], required: [], children: [], text: true },
  skipped: { attrs: ['type', 'message'], required: [], children: [], text: true },
  'system-out': { attrs: [], required: [], children: [], text: true },
  'system-err': { attrs: [], required: [], children: [], text: true },
};
const SUREFIRE_TIME = /^(?:(?:[0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(?:\.[0-9]*)?$/;

/** What in `root` breaks junit-10.xsd; empty when it is valid. */
export function junitShapeErrors(root: XmlElement): string[] {
  const errors: string[] = [];
  if (root.name !== 'testsuites') errors.push(`root is <${root.name}>, not <testsuites>`);
  const visit = (el: XmlElement) => {
    const shape = SHAPE[el.name];
    if (!shape) { errors.push(`<${el.name}> is not in the schema`); return; }
    for (const a of Object.keys(el.attrs)) if (!shape.attrs.includes(a)) errors.push(`<${el.name}> has no attribute ${a}`);
    for (const a of shape.required) if (!(a in el.attrs)) errors.push(`<${el.name}> lacks ${a}`);
    if ('time' in el.attrs && el.name !== 'testcase' && !SUREFIRE_TIME.test(el.attrs.time)) errors.push(`<${el.name}> time="${el.attrs.time}"`);
    if (!shape.text && el.text.trim() !== '') errors.push(`<${el.name}> holds text`);
    for (const c of el.children) {
      if (!shape.children.includes(c.name)) errors.push(`<${c.name}> inside <${el.name}>`);
      visit(c);
    }
  };
  visit(root);
  return errors;
}
