/**
 * A buffered, synchronous line writer: the lab writes files far larger than memory should hold
 * (xentop captures of hundreds of MB), so lines are encoded straight into a reused 1 MiB buffer
 * and go to disk as it fills; no large string is ever built. Everything the lab writes is ASCII
 * (names, numbers and fixed English texts), so `latin1` encoding is exact and the fastest.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const CHUNK = 1 << 20;
const NEWLINE = 10;

export class LineSink {
  readonly path: string;
  readonly #fd: number;
  readonly #buf = Buffer.allocUnsafe(CHUNK);
  #used = 0;
  #bytes = 0;
  #lines = 0;

  constructor(path: string, mode?: number) {
    this.path = path;
    mkdirSync(dirname(path), { recursive: true });
    this.#fd = openSync(path, 'w', mode);
  }

  #put(text: string): void {
    if (this.#used + text.length + 1 > CHUNK) {
      this.flush();
      if (text.length + 1 > CHUNK) {
        this.#bytes += writeSync(this.#fd, Buffer.from(text, 'latin1'));
        return;
      }
    }
    this.#used += this.#buf.write(text, this.#used, 'latin1');
  }

  /** Appends one line; the newline is added here. */
  line(text: string): void {
    this.#put(text);
    if (this.#used + 1 > CHUNK) this.flush();
    this.#buf[this.#used++] = NEWLINE;
    this.#lines++;
  }

  /** Appends raw text (no newline added; lines are counted by their newlines). */
  raw(text: string): void {
    this.#put(text);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.#lines++;
  }

  flush(): void {
    let off = 0;
    while (off < this.#used) off += writeSync(this.#fd, this.#buf, off, this.#used - off);
    this.#bytes += this.#used;
    this.#used = 0;
  }

  close(): { bytes: number; lines: number } {
    this.flush();
    closeSync(this.#fd);
    return { bytes: this.#bytes, lines: this.#lines };
  }
}
