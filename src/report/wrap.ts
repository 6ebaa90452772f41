// Word wrapping for terminal text: long fix lines wrap at the terminal's width with a hanging indent,
// so no line of the report is wider than the screen. Pure; the text has no colour codes.

export function wrap(text: string, width: number, first: string, rest: string): string[] {
  // A line that fits keeps its spacing (aligned columns); only longer ones are re-flowed.
  if (first.length + text.length <= width) return [first + text];
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/ +/)) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    // A word longer than the line is cut, never allowed to overflow.
    let w = word;
    while (line.length + (empty ? 0 : 1) + w.length > width && w.length > width - rest.length) {
      const room = width - line.length - (empty ? 0 : 1);
      line += (empty ? '' : ' ') + w.slice(0, room);
      lines.push(line);
      w = w.slice(room);
      line = rest;
      empty = true;
    }
    line += (empty ? '' : ' ') + w;
    empty = false;
  }
  lines.push(line);
  return lines;
}
