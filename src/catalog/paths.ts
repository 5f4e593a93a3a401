/**
 * Paths inside a pack: always '/'-separated and relative to the pack root.
 * Pure string logic, so the same rules hold on disk, in the Contents API and
 * in the bundled pack.
 */

/** A path resolved inside the pack, or why it cannot be. */
export type PathResolution =
  { ok: true; path: string } | { ok: false; message: string };

/**
 * Resolves `relative` (as written in pack.json or exercise.json) against the
 * folder `base` (relative to the pack root, '' for the root itself).
 *
 * Rejects what would make a pack behave differently on another machine or
 * read outside its folder: absolute paths, drive letters, backslashes and
 * `..` segments that climb above the pack root.
 */
export function resolveInsidePack(
  base: string,
  relative: string
): PathResolution {
  if (relative.length === 0) {
    return { ok: false, message: 'path is empty' };
  }
  if (relative.includes('\\')) {
    return {
      ok: false,
      message: `path '${relative}' contains a backslash: separate folders with '/'`
    };
  }
  if (
    relative.startsWith('/') ||
    /^[A-Za-z]:/.test(relative) ||
    relative.startsWith('~')
  ) {
    return {
      ok: false,
      message: `absolute path '${relative}' is not allowed: give a path relative to its folder, inside the pack`
    };
  }
  const segments = base === '' ? [] : base.split('/');
  for (const segment of relative.split('/')) {
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment === '..') {
      if (segments.length === 0) {
        return {
          ok: false,
          message: `path '${relative}' leads outside the pack: files must stay inside the pack folder`
        };
      }
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return { ok: true, path: segments.join('/') };
}

/** Joins '/'-separated path parts, skipping empty ones. */
export function joinPath(...parts: string[]): string {
  return parts
    .filter(part => part !== '')
    .join('/')
    .replace(/\/{2,}/g, '/');
}

/** The folder part of a '/'-separated path ('' for a top-level name). */
export function dirName(path: string): string {
  const index = path.lastIndexOf('/');
  return index < 0 ? '' : path.slice(0, index);
}

/** Escapes one JSON pointer token (RFC 6901). */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds a JSON pointer from tokens: `pointer('cells', 0, 'hints')` is `/cells/0/hints`. */
export function pointer(...tokens: Array<string | number>): string {
  return tokens.map(token => `/${pointerToken(token)}`).join('');
}
