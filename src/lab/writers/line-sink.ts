/**
 * A buffered, synchronous line writer: the lab writes files far larger than memory should hold
 * (xentop captures of hundreds of MB), so lines go to disk in 1 MiB chunks as they are made.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const CHUNK = 1 << 20;

export class LineSink {
  readonly path: string;
  #fd: number;
  #buf: string[] = [];
  #bufLen = 0;
  #bytes = 0;
  #lines = 0;

  constructor(path: string, mode?: number) {
    this.path = path;
    mkdirSync(dirname(path), { recursive: true });
    this.#fd = openSync(path, 'w', mode);
  }

  /** Appends one line; the newline is added here. */
  line(text: string): void {
    this.#buf.push(text, '\n');
    this.#bufLen += text.length + 1;
    this.#lines++;
    if (this.#bufLen >= CHUNK) this.flush();
  }

  /** Appends raw text (no newline added; lines counted by their newlines). */
  raw(text: string): void {
    this.#buf.push(text);
    this.#bufLen += text.length;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.#lines++;
    if (this.#bufLen >= CHUNK) this.flush();
  }

  flush(): void {
    if (this.#buf.length === 0) return;
    const chunk = this.#buf.join('');
    this.#bytes += writeSync(this.#fd, chunk);
    this.#buf = [];
    this.#bufLen = 0;
  }

  close(): { bytes: number; lines: number } {
    this.flush();
    closeSync(this.#fd);
    return { bytes: this.#bytes, lines: this.#lines };
  }
}
