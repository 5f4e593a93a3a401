/**
 * The names of a pack's own files, in a module of their own: the loader and
 * the id checks need them without loading the validator (ajv and the
 * schemas), which only packs not validated at build time need.
 */

/** Name of a pack's manifest, at the pack root. */
export const PACK_FILE = 'pack.json';

/** Name of an exercise's description, in each exercise folder. */
export const EXERCISE_FILE = 'exercise.json';
