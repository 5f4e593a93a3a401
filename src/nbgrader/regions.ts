/**
 * The delimited regions of nbgrader cells (`### BEGIN SOLUTION` ...
 * `### END SOLUTION`, `### BEGIN HIDDEN TESTS` ... `### END HIDDEN TESTS`),
 * and the versions of a cell's source derived from them: the learner's, the
 * solution, the full tests. Pure string logic, line by line.
 */

/** A kind of nbgrader region: what its delimiter lines say. */
export interface IRegionKind {
  begin: string;
  end: string;
}

/** Solution regions, in code and markdown cells. */
export const SOLUTION_REGION: IRegionKind = {
  begin: 'BEGIN SOLUTION',
  end: 'END SOLUTION'
};

/** Hidden-test regions, in test cells. */
export const HIDDEN_TESTS_REGION: IRegionKind = {
  begin: 'BEGIN HIDDEN TESTS',
  end: 'END HIDDEN TESTS'
};

/** What replaces a solution region of a checked code cell, as nbgrader writes it. */
export const CODE_STUB = ['# YOUR CODE HERE', 'raise NotImplementedError()'];

/**
 * What replaces a solution region of a code cell nothing checks: mltutor runs
 * unchecked cells as they are when it verifies or checks a notebook, and a
 * deliberate `raise` there would stop the run before the end.
 */
export const UNCHECKED_CODE_STUB = ['# YOUR CODE HERE', 'pass'];

/** What replaces a solution region of a markdown answer, as nbgrader writes it. */
export const MARKDOWN_STUB = ['YOUR ANSWER HERE'];

/** A region found in a source: line indexes of its delimiters. */
export interface IRegion {
  begin: number;
  end: number;
  indent: string;
}

/** The regions of one kind in a source, or why they do not pair up. */
export type RegionScan =
  { ok: true; regions: IRegion[] } | { ok: false; message: string };

/** Splits a cell source (string or nbformat's list of lines) into lines. */
export function sourceLines(source: string | string[]): string[] {
  const text = Array.isArray(source) ? source.join('') : source;
  return text.split('\n');
}

/** Joins lines back, without the blank lines a removed region leaves at the ends. */
export function joinLines(lines: string[]): string {
  return lines
    .join('\n')
    .replace(/^(\s*\n)+/, '')
    .replace(/\s+$/, '');
}

/**
 * Whether `line` is a delimiter saying `words`. nbgrader writes them as Python
 * comments (`### BEGIN SOLUTION`); any number of `#` is accepted, and none in
 * markdown, where authors sometimes write the words alone.
 */
function isDelimiter(line: string, words: string): boolean {
  const text = line.trim().replace(/^#*\s*/, '');
  return text === words;
}

/** Finds the regions of `kind`; nested, unclosed or unopened regions are errors. */
export function scanRegions(lines: string[], kind: IRegionKind): RegionScan {
  const regions: IRegion[] = [];
  let open: { line: number; indent: string } | null = null;
  for (const [index, line] of lines.entries()) {
    if (isDelimiter(line, kind.begin)) {
      if (open) {
        return {
          ok: false,
          message: `'${kind.begin}' on line ${index + 1} comes before the '${kind.end}' of the one on line ${open.line + 1}`
        };
      }
      open = { line: index, indent: /^\s*/.exec(line)?.[0] ?? '' };
    } else if (isDelimiter(line, kind.end)) {
      if (!open) {
        return {
          ok: false,
          message: `'${kind.end}' on line ${index + 1} has no '${kind.begin}' before it`
        };
      }
      regions.push({ begin: open.line, end: index, indent: open.indent });
      open = null;
    }
  }
  if (open) {
    return {
      ok: false,
      message: `'${kind.begin}' on line ${open.line + 1} has no matching '${kind.end}'`
    };
  }
  return { ok: true, regions };
}

/** `lines` with each region (delimiters included) replaced by `stub` at the region's indentation. */
export function replaceRegions(
  lines: string[],
  regions: ReadonlyArray<IRegion>,
  stub: ReadonlyArray<string>
): string[] {
  const result: string[] = [];
  let next = 0;
  for (const region of regions) {
    result.push(...lines.slice(next, region.begin));
    result.push(...stub.map(line => `${region.indent}${line}`));
    next = region.end + 1;
  }
  result.push(...lines.slice(next));
  return result;
}

/** `lines` without the delimiter lines of `regions`: the region contents stay. */
export function dropDelimiters(
  lines: string[],
  regions: ReadonlyArray<IRegion>
): string[] {
  const delimiters = new Set(
    regions.flatMap(region => [region.begin, region.end])
  );
  return lines.filter((_, index) => !delimiters.has(index));
}
