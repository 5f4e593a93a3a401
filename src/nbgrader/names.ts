/**
 * Names for what an nbgrader import generates: checked cells, check ids and
 * notebook cell ids, derived from nbgrader's `grade_id`s and kept unique.
 */

/** Ids of the format (pack, exercise, topic, checked cell, check). */
export const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Valid nbformat 4.5 cell ids. */
const CELL_ID = /^[a-zA-Z0-9-_]{1,64}$/;

/**
 * `text` as a format id: lowercase, every run of other characters turned
 * into one `-`, at most 64 characters; '' when nothing usable is left.
 */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

/**
 * Hands out names that are unique among those it gave: a taken name gets
 * `-2`, `-3`... (shortened so the result still fits in 64 characters).
 */
export class NameAllocator {
  private readonly taken = new Set<string>();

  /** `wanted` if free, else the first free numbered variant. */
  allocate(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.taken.has(name); n++) {
      const suffix = `-${n}`;
      name = `${wanted.slice(0, 64 - suffix.length)}${suffix}`;
    }
    this.taken.add(name);
    return name;
  }

  /** Marks `name` as used without handing it out (ids fixed elsewhere). */
  reserve(name: string): void {
    this.taken.add(name);
  }
}

/** A slug from `grade_id`, else `fallback` (the grade id may be missing or all symbols). */
export function slugOr(gradeId: string | undefined, fallback: string): string {
  const slug = gradeId === undefined ? '' : slugify(gradeId);
  return slug === '' ? fallback : slug;
}

/** Whether `id` may be kept as an nbformat 4.5 cell id. */
export function isCellId(id: unknown): id is string {
  return typeof id === 'string' && CELL_ID.test(id);
}
