/**
 * References read the pack's own data files, not the learner's: a learner
 * who rewrites `apartments.csv` in their folder must not move the expected
 * answer. The engine sends the pack's copies of the files a reference names
 * with its value operation; the harness writes them once to a private folder
 * and runs the reference there.
 */
import type { ILoadedAsset } from '../catalog/types';
import type { HarnessOp } from './protocol';
import type { ICheckEngine } from './types';

/** A file as the harness takes it. */
export interface IReferenceFile {
  path: string;
  format: 'text' | 'base64';
  content: string;
}

/**
 * The files a reference needs: every asset of the exercise as soon as the
 * reference names one of them, by path, by file name or by module name
 * (`import digits_models` names `digits_models.py`), since what it opens may
 * open the others (a module loading its weights next to itself). A
 * reference that names none gets none and runs where it always did.
 */
export function filesNamedBy(
  reference: string,
  assets: ReadonlyArray<ILoadedAsset>
): IReferenceFile[] {
  const named = assets.some(asset => {
    const name = asset.path.slice(asset.path.lastIndexOf('/') + 1);
    const stem = name.replace(/\.py$/, '');
    return (
      reference.includes(asset.path) ||
      reference.includes(name) ||
      (stem !== name && new RegExp(`\\b${escape(stem)}\\b`).test(reference))
    );
  });
  return named
    ? assets.map(({ path, format, content }) => ({ path, format, content }))
    : [];
}

/** `ops` with, on each value operation that has a reference, the data files it names. */
export function withReferenceFiles(
  ops: HarnessOp[],
  assets: ReadonlyArray<ILoadedAsset> | undefined
): HarnessOp[] {
  if (!assets || assets.length === 0) {
    return ops;
  }
  return ops.map(op => {
    if (op.op !== 'value' || op.reference === undefined) {
      return op;
    }
    const files = filesNamedBy(op.reference, assets);
    return files.length > 0 ? { ...op, files } : op;
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An engine whose every request carries `assets` as the references' files (for runners). */
export function engineWithReferenceFiles(
  engine: ICheckEngine,
  assets: ReadonlyArray<ILoadedAsset> | undefined
): ICheckEngine {
  return {
    checkCell: request =>
      engine.checkCell({
        ...request,
        referenceFiles: request.referenceFiles ?? assets
      }),
    prepare: kernel => engine.prepare(kernel)
  };
}
