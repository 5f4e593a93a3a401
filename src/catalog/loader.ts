/**
 * Loads packs from any {@link IPackSource}: reads the files, validates them
 * and sorts what loaded from what did not. A broken exercise becomes a problem
 * of its pack; a broken pack becomes a problem of its location; nothing
 * thrown by one source or file stops the rest.
 */
import type { INotebookContent } from '@jupyterlab/nbformat';
import {
  MAX_ASSET_BYTES,
  MAX_JSON_BYTES,
  MAX_NOTEBOOK_BYTES,
  bytesToBase64,
  contentSize,
  decodeUtf8,
  parseJson,
  tooLargeMessage,
  type FileContent
} from './decode';
import type { IExerciseSpec, IPackManifest } from './format';
import { joinPath, pointer, resolveAsset, resolveInsidePack } from './paths';
import type { IPackSource } from './source';
import type {
  ILoadedAsset,
  ILoadedExercise,
  ILoadedPack,
  IPackLoadResult,
  IPackProblem,
  PackOrigin
} from './types';
import { EXERCISE_FILE, PACK_FILE } from './files';
import { EXPECTED_FILE, recordedValuesFor } from './expected';
import type { ISchemaProblem } from './validate';
import { enforceUniqueIds } from './unique-ids';
import { errorText } from '../errors';

export { enforceUniqueIds } from './unique-ids';

/** The validator (ajv and the schemas): loaded the first time a pack needs it. */
type Validator = typeof import('./validate');
let validator: Promise<Validator> | null = null;

function loadValidator(): Promise<Validator> {
  validator ??= import('./validate').catch(reason => {
    validator = null; // a chunk that failed to load is asked again next time
    throw reason;
  });
  return validator;
}

/** Reading a file: its content, or why there is none. */
type FileRead =
  | { kind: 'content'; content: FileContent }
  | { kind: 'missing' }
  | { kind: 'problem'; message: string };

/**
 * Loads the pack in `source`'s folder. Never throws: every failure is a
 * problem. `validated`: the build validated these very files (the bundled
 * packs, see scripts/bundle-exercises.js), so they are not validated again.
 */
export async function loadPack(
  source: IPackSource,
  origin: PackOrigin,
  { validated = false }: { validated?: boolean } = {}
): Promise<IPackLoadResult> {
  const result: IPackLoadResult = {
    location: source.location,
    origin,
    pack: null,
    problems: []
  };
  try {
    const check = validated ? null : await loadValidator();
    const manifest = await loadManifest(source, result.problems, check);
    if (!manifest) {
      return result;
    }
    const pack: ILoadedPack = {
      manifest,
      origin,
      location: source.location,
      exercises: [],
      problems: []
    };
    result.pack = pack;
    const loaded = await Promise.all(
      manifest.exercises.map((folder, index) =>
        loadExercise(source, manifest, folder, index, check)
      )
    );
    for (const one of loaded) {
      if ('exercise' in one) {
        pack.exercises.push(one.exercise);
      }
      pack.problems.push(...one.problems);
    }
  } catch (error) {
    result.problems.push({
      file: '',
      path: '',
      message: `could not read the pack: ${errorText(error)}`
    });
  }
  return result;
}

/**
 * The pack folders in `source`: itself when it holds pack.json, else each of
 * its subfolders (a folder of packs). Hidden folders are skipped. A folder with
 * neither is returned as is, so that loading it reports what is missing.
 */
export async function discoverPacks(
  source: IPackSource
): Promise<IPackSource[]> {
  // One listing, not a probe for pack.json: in the browser a probe of a folder
  // of packs is a 404 that the console shows on every load.
  const entries = (await source.list('')) ?? [];
  if (entries.some(entry => entry.name === PACK_FILE)) {
    return [source];
  }
  const folders = entries
    .filter(entry => entry.type === 'directory' && !entry.name.startsWith('.'))
    .map(entry => entry.name)
    .sort();
  return folders.length > 0
    ? folders.map(name => source.child(name))
    : [source];
}

/** A place to look for packs, and what kind of place it is. */
export interface IPackLocation {
  source: IPackSource;
  origin: PackOrigin;
  /** The build validated this pack's files (see `loadPack`). */
  validated?: boolean;
}

/**
 * Discovers and loads the packs of several locations, in order, then rejects
 * ids already used by an earlier pack or exercise (the later one is the error).
 */
export async function loadPacks(
  locations: ReadonlyArray<IPackLocation>
): Promise<IPackLoadResult[]> {
  const perLocation = await Promise.all(
    locations.map(async ({ source, origin, validated }) => {
      try {
        const packs = await discoverPacks(source);
        return await Promise.all(
          packs.map(pack => loadPack(pack, origin, { validated }))
        );
      } catch (error) {
        const problem = {
          file: '',
          path: '',
          message: `could not read the folder: ${errorText(error)}`
        };
        return [
          { location: source.location, origin, pack: null, problems: [problem] }
        ];
      }
    })
  );
  return enforceUniqueIds(perLocation.flat());
}

/** Every problem of a load result: the pack's own and its exercises'. */
export function allProblems(result: IPackLoadResult): IPackProblem[] {
  return [...result.problems, ...(result.pack?.problems ?? [])];
}

async function loadManifest(
  source: IPackSource,
  problems: IPackProblem[],
  check: Validator | null
): Promise<IPackManifest | null> {
  const read = await readFile(source, PACK_FILE, MAX_JSON_BYTES);
  if (read.kind === 'missing') {
    problems.push({
      file: PACK_FILE,
      path: '',
      message: await describeMissingManifest(source)
    });
    return null;
  }
  const data = parse(read, PACK_FILE, problems);
  if (data === undefined) {
    return null;
  }
  const found = check?.validatePackManifest(data) ?? [];
  problems.push(...located(PACK_FILE, found));
  return found.length === 0 ? (data as IPackManifest) : null;
}

async function describeMissingManifest(source: IPackSource): Promise<string> {
  const entries = await source.list('');
  if (entries === null) {
    return 'folder not found';
  }
  if (entries.every(entry => entry.name.startsWith('.'))) {
    return 'empty folder: a pack folder holds pack.json and one folder per exercise';
  }
  return 'no pack.json in this folder: a pack folder holds pack.json and one folder per exercise';
}

/** An exercise that loaded (maybe with problems that spare its checks), or why it did not. */
type ExerciseLoad =
  | { exercise: ILoadedExercise; problems: IPackProblem[] }
  | { problems: IPackProblem[] };

async function loadExercise(
  source: IPackSource,
  manifest: IPackManifest,
  listed: string,
  index: number,
  check: Validator | null
): Promise<ExerciseLoad> {
  // pack.json was validated: listed folders resolve inside the pack.
  const folderPath = resolveInsidePack('', listed);
  const folder = folderPath.ok ? folderPath.path : listed;
  const file = joinPath(folder, EXERCISE_FILE);
  const problems: IPackProblem[] = [];
  const read = await readFile(source, file, MAX_JSON_BYTES);
  if (read.kind === 'missing') {
    const folderExists = (await source.stat(folder))?.type === 'directory';
    const message = folderExists
      ? `no ${EXERCISE_FILE} in the exercise folder '${folder}'`
      : `exercise folder '${folder}' not found`;
    return {
      problems: [
        { file: PACK_FILE, path: pointer('exercises', index), message }
      ]
    };
  }
  const data = parse(read, file, problems);
  if (data === undefined) {
    return { problems };
  }
  const specProblems =
    check?.validateExerciseSpec(data, manifest, folder) ?? [];
  if (specProblems.length > 0) {
    return { problems: located(file, specProblems) };
  }
  const spec = data as IExerciseSpec;
  const [notebook, assets] = await Promise.all([
    loadNotebook(source, spec, folder, file, problems, check),
    loadAssets(source, spec, folder, file, problems)
  ]);
  if (notebook) {
    problems.push(
      ...located(file, check?.validateCellReferences(spec, notebook) ?? [])
    );
  }
  if (!notebook || problems.length > 0) {
    return { problems };
  }
  // A broken expected.json is a problem, but the checks still work: they compute.
  const recorded = await loadRecordedExpected(source, spec, folder, check);
  const loadedSpec = recorded.values
    ? { ...spec, recordedExpected: recorded.values }
    : spec;
  return {
    exercise: {
      packId: manifest.id,
      spec: loadedSpec,
      folder,
      notebook,
      assets
    },
    problems: recorded.problems
  };
}

/** The entries of the exercise's optional expected.json that apply to its checks. */
async function loadRecordedExpected(
  source: IPackSource,
  spec: IExerciseSpec,
  folder: string,
  check: Validator | null
): Promise<{
  values?: ReturnType<typeof recordedValuesFor>['recorded'];
  problems: IPackProblem[];
}> {
  const file = joinPath(folder, EXPECTED_FILE);
  // Listed, not probed: in the browser a probe of a missing file is a 404 in the console.
  const entries = (await source.list(folder).catch(() => null)) ?? [];
  const read = entries.some(
    entry => entry.name === EXPECTED_FILE && entry.type === 'file'
  )
    ? await readFile(source, file, MAX_JSON_BYTES)
    : ({ kind: 'missing' } as const);
  if (read.kind === 'missing') {
    return { problems: [] }; // the usual case: the references run
  }
  const problems: IPackProblem[] = [];
  const data = parse(read, file, problems);
  if (data === undefined) {
    return { problems };
  }
  const schemaProblems = check?.validateExpectedFile(data) ?? [];
  if (schemaProblems.length > 0) {
    return { problems: located(file, schemaProblems) };
  }
  const { recorded, problems: found } = recordedValuesFor(spec, data);
  problems.push(...located(file, found));
  return Object.keys(recorded).length > 0
    ? { values: recorded, problems }
    : { problems };
}

async function loadNotebook(
  source: IPackSource,
  spec: IExerciseSpec,
  folder: string,
  specFile: string,
  problems: IPackProblem[],
  check: Validator | null
): Promise<INotebookContent | null> {
  const resolved = resolveInsidePack(folder, spec.notebook);
  if (!resolved.ok) {
    return null; // reported by validateExerciseSpec
  }
  const file = resolved.path;
  const read = await readFile(source, file, MAX_NOTEBOOK_BYTES, true);
  if (read.kind === 'missing') {
    problems.push({
      file: specFile,
      path: '/notebook',
      message: `notebook '${spec.notebook}' not found`
    });
    return null;
  }
  const data = parse(read, file, problems);
  if (data === undefined) {
    return null;
  }
  const found = check?.validateNotebook(data) ?? [];
  problems.push(...located(file, found));
  return found.length === 0 ? (data as INotebookContent) : null;
}

async function loadAssets(
  source: IPackSource,
  spec: IExerciseSpec,
  folder: string,
  specFile: string,
  problems: IPackProblem[]
): Promise<ILoadedAsset[]> {
  const assets: ILoadedAsset[] = [];
  for (const [index, asset] of (spec.assets ?? []).entries()) {
    const resolved = resolveAsset(asset);
    if (!resolved.ok) {
      continue; // reported by validateExerciseSpec
    }
    const file = joinPath(folder, resolved.path);
    const read = await readFile(source, file, MAX_ASSET_BYTES, true);
    if (read.kind === 'missing') {
      problems.push({
        file: specFile,
        path: pointer('assets', index),
        message: `asset '${asset}' not found`
      });
    } else if (read.kind === 'problem') {
      problems.push({ file, path: '', message: read.message });
    } else {
      // The normalised path: where the copy goes, relative to the exercise folder.
      assets.push(toAsset(resolved.path, read.content));
    }
  }
  return assets;
}

/** Text assets stay text; anything that is not UTF-8 travels as base64. */
function toAsset(path: string, content: FileContent): ILoadedAsset {
  const text = decodeUtf8(content);
  if (text.ok) {
    return { path, format: 'text', content: text.value };
  }
  return {
    path,
    format: 'base64',
    content: bytesToBase64(content as Uint8Array)
  };
}

/**
 * Reads a file within `limit` bytes, measured on what was read (a link's
 * own size says nothing of its target's). With `exactSize`, bytes that differ
 * from the size the source reported are refused: the Contents API reports a
 * symbolic link's own size and sends its target's bytes, so a mismatch is
 * how a link shows there (links in packs are refused; see FsSource on disk).
 */
async function readFile(
  source: IPackSource,
  file: string,
  limit: number,
  exactSize = false
): Promise<FileRead> {
  try {
    const stat = await source.stat(file);
    if (!stat || stat.type !== 'file') {
      return { kind: 'missing' };
    }
    if (stat.size !== null && stat.size > limit) {
      return { kind: 'problem', message: tooLargeMessage(stat.size, limit) };
    }
    const content = await source.read(file);
    const size = contentSize(content);
    if (size > limit) {
      return { kind: 'problem', message: tooLargeMessage(size, limit) };
    }
    if (exactSize && stat.size !== null && size !== stat.size) {
      return {
        kind: 'problem',
        message: `the server reported ${stat.size} bytes but sent ${size}: is it a symbolic link? Packs may not contain links; copy the file into the pack`
      };
    }
    return { kind: 'content', content };
  } catch (error) {
    return {
      kind: 'problem',
      message: `could not read the file: ${errorText(error)}`
    };
  }
}

/** Decodes and parses a JSON file; undefined (with a problem recorded) when it cannot. */
function parse(
  read: FileRead,
  file: string,
  problems: IPackProblem[]
): unknown {
  if (read.kind !== 'content') {
    problems.push({
      file,
      path: '',
      message: read.kind === 'problem' ? read.message : 'file not found'
    });
    return undefined;
  }
  const text = decodeUtf8(read.content);
  const json = text.ok ? parseJson(text.value) : text;
  if (!json.ok) {
    problems.push({ file, path: '', message: json.message });
    return undefined;
  }
  return json.value;
}

function located(file: string, problems: ISchemaProblem[]): IPackProblem[] {
  return problems.map(problem => ({ file, ...problem }));
}
