// Splits the agent's byte stream into lines, in time linear in the bytes received and memory bounded
// by the longest line allowed: a host that sends a line without end cannot make this process hold
// (or rescan) more than `maxLine` bytes.

/** The longest line an agent may send; its largest real events (exec output) stay well under this. */
export const MAX_AGENT_LINE = 1024 * 1024;

export class LineReader {
  /** The unfinished line: its chunks so far, joined only once its newline comes. */
  private parts: Buffer[] = [];
  private length = 0;
  private tooLong = false;

  constructor(readonly maxLine = MAX_AGENT_LINE) {}

  /** True once a line passed the limit: the reader then takes nothing more. */
  get overflowed(): boolean { return this.tooLong; }

  /** The lines this chunk completes (without their newline); none once a line was too long. */
  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    while (!this.tooLong) {
      const nl = chunk.indexOf(10, start);
      const end = nl === -1 ? chunk.length : nl;
      if (this.length + end - start > this.maxLine) {
        this.tooLong = true;
        this.parts = [];
        break;
      }
      if (nl === -1) {
        // A copy: the caller's buffer may be reused, and a small slice would pin a large chunk.
        if (end > start) this.parts.push(Buffer.from(chunk.subarray(start)));
        this.length += end - start;
        break;
      }
      const piece = chunk.subarray(start, nl);
      lines.push(this.parts.length === 0 ? piece.toString('utf8') : Buffer.concat([...this.parts, piece]).toString('utf8'));
      this.parts = [];
      this.length = 0;
      start = nl + 1;
    }
    return lines;
  }
}
