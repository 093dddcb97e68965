/**
 * Splits a byte stream into lines (without the newline; a trailing CR is dropped). Invalid UTF-8
 * becomes U+FFFD rather than an error: logs hold whatever the guest wrote.
 */
import { StringDecoder } from 'node:string_decoder';

export async function* linesFromChunks(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of chunks) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) yield p.endsWith('\r') ? p.slice(0, -1) : p;
  }
  const last = rest + decoder.end();
  if (last.length > 0) yield last.endsWith('\r') ? last.slice(0, -1) : last;
}

/** Batches lines into arrays: one promise per batch instead of one per line on hot paths. */
export async function* lineBatchesFromChunks(
  chunks: AsyncIterable<Buffer | string>,
): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of chunks) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.endsWith('\r')) parts[i] = p.slice(0, -1);
    }
    if (parts.length > 0) yield parts;
  }
  const last = rest + decoder.end();
  if (last.length > 0) yield [last.endsWith('\r') ? last.slice(0, -1) : last];
}
