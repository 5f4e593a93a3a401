/**
 * The packs built into the extension. `scripts/bundle-exercises.js` writes
 * their files into `bundled-pack.generated.json`; the catalog imports it
 * lazily, so webpack puts the exercises in a chunk of their own and the
 * extension's first chunk stays small.
 */
import { base64ToBytes } from './decode';
import type { IPackLocation } from './loader';
import { MemorySource, type IPackSource } from './source';

/** Version of the generated file's layout. */
export const BUNDLE_FORMAT = 1;

/** A file of the bundle: UTF-8 text, or base64 for anything else. */
export type BundledFile = string | { base64: string };

/** The generated module's content. */
export interface IBundledPacks {
  format: number;
  packs: Array<{
    /** Where the pack came from in the repository, e.g. `exercises`. */
    location: string;
    /** Every file the loader read, keyed by path relative to the pack. */
    files: Record<string, BundledFile>;
    /** True when the build found no problem in them: not validated again (no ajv at start-up). */
    validated?: boolean;
  }>;
}

/** Imports the generated bundle (a separate webpack chunk). */
export async function importBundledPacks(): Promise<unknown> {
  const loaded = await import(
    /* webpackChunkName: "mltutor-exercises" */ './bundled-pack.generated.json'
  );
  return loaded.default;
}

/**
 * One source per bundled pack. Throws on a bundle this build did not write,
 * which the catalog reports as a problem of the bundled location.
 */
export function bundledSources(data: unknown): IPackSource[] {
  if (!isBundle(data)) {
    throw new Error(
      `the bundled exercises are not in format ${BUNDLE_FORMAT}: rebuild with 'node scripts/bundle-exercises.js'`
    );
  }
  return data.packs.map(pack => {
    const files: Record<string, string | Uint8Array> = {};
    for (const [path, file] of Object.entries(pack.files)) {
      files[path] =
        typeof file === 'string' ? file : base64ToBytes(file.base64);
    }
    return new MemorySource(files, `bundled:${pack.location}`);
  });
}

/** The bundled packs as places to load from, each saying whether the build validated it. */
export function bundledLocations(data: unknown): IPackLocation[] {
  const sources = bundledSources(data);
  const packs = (data as IBundledPacks).packs;
  return sources.map((source, index) => ({
    source,
    origin: 'bundled',
    validated: packs[index].validated === true
  }));
}

function isBundle(data: unknown): data is IBundledPacks {
  const bundle = data as Partial<IBundledPacks> | null;
  return (
    typeof bundle === 'object' &&
    bundle !== null &&
    bundle.format === BUNDLE_FORMAT &&
    Array.isArray(bundle.packs) &&
    bundle.packs.every(
      pack =>
        typeof pack === 'object' &&
        pack !== null &&
        typeof pack.location === 'string' &&
        typeof pack.files === 'object' &&
        pack.files !== null
    )
  );
}
