/**
 * The panel's tree as data: packs, topics and exercises filtered by a query,
 * with the status of each exercise. Pure, so the view only renders.
 */
import type { ILoadedExercise, ILoadedPack } from '../catalog/types';
import { ExerciseStatus } from '../progress/types';

export interface IExerciseRow {
  key: string;
  exercise: ILoadedExercise;
  status: ExerciseStatus;
}

export interface ITopicRow {
  key: string;
  packId: string;
  title: string;
  exercises: IExerciseRow[];
  solved: number;
}

export interface IPackRows {
  packId: string;
  title: string;
  topics: ITopicRow[];
}

/** Key of an exercise, unique across packs. */
export function exerciseKey(exercise: ILoadedExercise): string {
  return `${exercise.packId}/${exercise.spec.id}`;
}

/** Whether an exercise matches a filter query (title, id, topic or difficulty). */
export function matches(
  exercise: ILoadedExercise,
  topicTitle: string,
  query: string
): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = [
    exercise.spec.title,
    exercise.spec.id,
    exercise.spec.topic,
    topicTitle,
    exercise.spec.difficulty
  ]
    .join(' ')
    .toLowerCase();
  return words.every(word => haystack.includes(word));
}

/** Packs → topics (in pack order) → exercises (in pack order), filtered. */
export function buildTree(
  packs: ReadonlyArray<ILoadedPack>,
  statusOf: (exercise: ILoadedExercise) => ExerciseStatus,
  query: string
): IPackRows[] {
  return packs.map(pack => ({
    packId: pack.manifest.id,
    title: pack.manifest.title,
    topics: pack.manifest.topics
      .map(topic => {
        const exercises = pack.exercises
          .filter(exercise => exercise.spec.topic === topic.id)
          .filter(exercise => matches(exercise, topic.title, query))
          .map(exercise => ({
            key: exerciseKey(exercise),
            exercise,
            status: statusOf(exercise)
          }));
        return {
          key: `${pack.manifest.id}#${topic.id}`,
          packId: pack.manifest.id,
          title: topic.title,
          exercises,
          solved: exercises.filter(row => row.status === 'passed').length
        };
      })
      .filter(topic => topic.exercises.length > 0)
  }));
}

/** Keys of the rows a keyboard user moves through, in order. */
export function visibleKeys(
  tree: IPackRows[],
  collapsed: ReadonlySet<string>
): string[] {
  const keys: string[] = [];
  for (const pack of tree) {
    for (const topic of pack.topics) {
      keys.push(topic.key);
      if (!collapsed.has(topic.key)) {
        keys.push(...topic.exercises.map(row => row.key));
      }
    }
  }
  return keys;
}
