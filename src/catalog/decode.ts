/**
 * Turning a pack file's bytes into text and JSON, with the limits and the
 * messages authors see. Browser- and Node-safe (TextDecoder only).
 */
import { errorText } from '../errors';

const MEGABYTE = 1024 * 1024;

/** Largest pack.json / exercise.json accepted. */
export const MAX_JSON_BYTES = 5 * MEGABYTE;

/** Largest exercise notebook accepted (they may carry recorded outputs). */
export const MAX_NOTEBOOK_BYTES = 20 * MEGABYTE;

/** Largest asset accepted: assets are meant to be small data files. */
export const MAX_ASSET_BYTES = 10 * MEGABYTE;

/** A file's content as a source gives it: raw bytes, or text already decoded by a server. */
export type FileContent = Uint8Array | string;

/** Outcome of decoding or parsing: a value, or the message to report. */
export type Decoded<T> =
  { ok: true; value: T } | { ok: false; message: string };

/** "5.2 MB": one decimal below 10 MB, whole numbers above. */
export function formatMegabytes(bytes: number): string {
  const megabytes = bytes / MEGABYTE;
  const rounded =
    megabytes < 10 ? Math.round(megabytes * 10) / 10 : Math.round(megabytes);
  return `${rounded} MB`;
}

/** The message for a file over its size limit. */
export function tooLargeMessage(size: number, limit: number): string {
  return `file too large (${formatMegabytes(size)}, limit ${formatMegabytes(limit)})`;
}

/** Size in bytes of a content, as it would be stored in UTF-8. */
export function contentSize(content: FileContent): number {
  return typeof content === 'string'
    ? new TextEncoder().encode(content).length
    : content.length;
}

/** Decodes UTF-8 strictly: an invalid byte sequence is an error, never a replacement character. */
export function decodeUtf8(content: FileContent): Decoded<string> {
  let text: string;
  if (typeof content === 'string') {
    text = content;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      return {
        ok: false,
        message: `not valid UTF-8 (byte ${firstInvalidByte(content)}): save the file with UTF-8 encoding`
      };
    }
  }
  // A byte-order mark is legal UTF-8 but not legal JSON; editors on Windows add it.
  return {
    ok: true,
    value: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  };
}

/** Parses JSON, turning the engine's message into one with a line and column. */
export function parseJson(text: string): Decoded<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const raw = errorText(error);
    const position = /at position (\d+)/.exec(raw);
    let where = '';
    if (position) {
      const { line, column } = lineAndColumn(text, Number(position[1]));
      where = ` at line ${line}, column ${column}`;
    } else if (/unexpected end/i.test(raw)) {
      where = ' (the file ends too early)';
    }
    return { ok: false, message: `not valid JSON${where}: ${raw}` };
  }
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(
  text: string,
  offset: number
): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** Offset of the first byte that breaks UTF-8, to help authors find it with a hex editor. */
function firstInvalidByte(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  // Binary search on prefixes: `stream: true` tolerates a prefix cut inside a
  // valid multi-byte character, so only a truly invalid sequence throws.
  while (low < high) {
    const middle = Math.floor((low + high + 1) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(
        bytes.subarray(0, middle),
        {
          stream: true
        }
      );
      low = middle;
    } catch {
      high = middle - 1;
    }
  }
  // The longest valid prefix may end inside the incomplete sequence that
  // breaks: step back to the sequence's first byte (at most 3 bytes).
  for (let start = low; start > Math.max(0, low - 4); start--) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(
        bytes.subarray(0, start)
      );
      return start;
    } catch {
      // still inside the broken sequence
    }
  }
  return Math.max(0, low - 3);
}

/** Decodes base64 (whitespace allowed, as some servers wrap lines) to bytes. */
export function base64ToBytes(content: string): Uint8Array {
  const binary = atob(content.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) {
    bytes[index] = binary.charCodeAt(index);
  }
  return bytes;
}

/** Encodes bytes as base64, in chunks to stay under argument-count limits. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let start = 0; start < bytes.length; start += chunk) {
    binary += String.fromCharCode(...bytes.subarray(start, start + chunk));
  }
  return btoa(binary);
}
