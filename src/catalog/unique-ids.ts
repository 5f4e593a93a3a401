/**
 * Ids must be unique across everything loaded together: progress and the
 * notebooks' metadata refer to exercises by id. The first pack or exercise to
 * use an id keeps it; each later one becomes an error entry.
 */
import { joinPath } from './paths';
import type { ILoadedExercise, IPackLoadResult } from './types';
import { EXERCISE_FILE, PACK_FILE } from './files';

/** Returns copies of `results` where reused pack and exercise ids are problems. */
export function enforceUniqueIds(
  results: ReadonlyArray<IPackLoadResult>
): IPackLoadResult[] {
  const packOwners = new Map<string, string>();
  const exerciseOwners = new Map<
    string,
    { exercise: ILoadedExercise; location: string }
  >();
  return results.map(result => {
    if (!result.pack) {
      return result;
    }
    const packId = result.pack.manifest.id;
    const packOwner = packOwners.get(packId);
    if (packOwner !== undefined) {
      const message = `pack id '${packId}' is already used by the pack at ${packOwner}`;
      return {
        ...result,
        pack: null,
        problems: [
          ...result.problems,
          { file: PACK_FILE, path: '/id', message }
        ]
      };
    }
    packOwners.set(packId, result.location);
    const pack = {
      ...result.pack,
      exercises: [] as ILoadedExercise[],
      problems: [...result.pack.problems]
    };
    for (const exercise of result.pack.exercises) {
      const owner = exerciseOwners.get(exercise.spec.id);
      if (owner) {
        pack.problems.push({
          file: joinPath(exercise.folder, EXERCISE_FILE),
          path: '/id',
          message: `exercise id '${exercise.spec.id}' is already used by ${describeOwner(owner, result.location)}`
        });
        continue;
      }
      exerciseOwners.set(exercise.spec.id, {
        exercise,
        location: result.location
      });
      pack.exercises.push(exercise);
    }
    return { ...result, pack };
  });
}

function describeOwner(
  owner: { exercise: ILoadedExercise; location: string },
  location: string
): string {
  const where =
    owner.location === location
      ? 'this pack'
      : `pack '${owner.exercise.packId}' (${owner.location})`;
  return `the exercise in '${owner.exercise.folder}' of ${where}`;
}
