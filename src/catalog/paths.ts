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
  const unsafe = unsafePath(relative);
  if (unsafe) {
    return { ok: false, message: unsafe };
  }
  const segments = base === '' ? [] : base.split('/');
  const resolved = climb(segments, relative);
  return resolved === null
    ? {
        ok: false,
        message: `path '${relative}' leads outside the pack: files must stay inside the pack folder`
      }
    : { ok: true, path: resolved };
}

/**
 * Resolves an asset path against its exercise folder; the result is relative
 * to that folder and never leaves it. Assets are copied next to the learner's
 * notebook (`ml-exercises/<id>/`), where a `..` would reach the learner's
 * other files: so an asset may not climb out of its exercise folder, even to
 * a place that is still inside the pack.
 */
export function resolveAsset(relative: string): PathResolution {
  const unsafe = unsafePath(relative);
  if (unsafe) {
    return { ok: false, message: unsafe };
  }
  const resolved = climb([], relative);
  if (resolved === null) {
    return {
      ok: false,
      message: `asset '${relative}' leads outside its exercise folder: assets are copied next to the learner's notebook and must stay in the exercise folder`
    };
  }
  if (resolved === '') {
    return { ok: false, message: `asset '${relative}' names no file` };
  }
  return { ok: true, path: resolved };
}

/**
 * Why a path written in a pack can never be used, or null: empty, NUL
 * bytes, backslashes, absolute paths, drive letters and `~`. These would
 * make a pack behave differently on another machine or reach outside it.
 */
export function unsafePath(relative: string): string | null {
  if (relative.length === 0) {
    return 'path is empty';
  }
  if (relative.includes('\0')) {
    return `path '${relative.replace(/\0/g, '\\0')}' contains a NUL character`;
  }
  if (relative.includes('\\')) {
    return `path '${relative}' contains a backslash: separate folders with '/'`;
  }
  if (
    relative.startsWith('/') ||
    /^[A-Za-z]:/.test(relative) ||
    relative.startsWith('~')
  ) {
    return `absolute path '${relative}' is not allowed: give a path relative to its folder, inside the pack`;
  }
  return null;
}

/** Applies `relative`'s segments to `segments`; null when `..` climbs above them. */
function climb(segments: string[], relative: string): string | null {
  const result = [...segments];
  for (const segment of relative.split('/')) {
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment === '..') {
      if (result.length === 0) {
        return null;
      }
      result.pop();
      continue;
    }
    result.push(segment);
  }
  return result.join('/');
}

/**
 * Joins '/'-separated path parts, skipping empty ones. Not `PathExt.join`:
 * the CLI joins absolute file-system paths (PathExt drops the leading slash),
 * and confinement is checked on the parts as given, not after resolving `..`.
 */
export function joinPath(...parts: string[]): string {
  return parts
    .filter(part => part !== '')
    .join('/')
    .replace(/\/{2,}/g, '/');
}

/** Escapes one JSON pointer token (RFC 6901). */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds a JSON pointer from tokens: `pointer('cells', 0, 'hints')` is `/cells/0/hints`. */
export function pointer(...tokens: Array<string | number>): string {
  return tokens.map(token => `/${pointerToken(token)}`).join('');
}
