/**
 * JSON-schema validation of pack.json and exercise.json, with ajv's errors
 * turned into one readable message per problem.
 *
 * ajv reports every failed keyword, including the `if`/`oneOf`/`anyOf`
 * scaffolding around the real cause; authors need the cause only, at the
 * most precise JSON path.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import exerciseSchema from '../../schema/exercise.schema.json';
import expectedSchema from '../../schema/expected.schema.json';
import packSchema from '../../schema/pack.schema.json';
import { resolveInsidePack, pointerToken } from './paths';

/** A schema problem inside one JSON document. */
export interface ISchemaProblem {
  /** JSON pointer of the offending value. */
  path: string;
  message: string;
}

/** Which document to validate. */
export type SchemaName = 'pack' | 'exercise' | 'expected';

let validators: Record<SchemaName, ValidateFunction> | null = null;

/** Compiles both schemas on first use: compiling costs more than validating. */
function getValidators(): Record<SchemaName, ValidateFunction> {
  if (!validators) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
    validators = {
      pack: ajv.compile(packSchema),
      exercise: ajv.compile(exerciseSchema),
      expected: ajv.compile(expectedSchema)
    };
  }
  return validators;
}

/** Validates a parsed document against its schema; [] when it conforms. */
export function validateWithSchema(
  name: SchemaName,
  data: unknown
): ISchemaProblem[] {
  const validate = getValidators()[name];
  if (validate(data)) {
    return [];
  }
  return formatErrors(validate.errors ?? []);
}

/** Collapses ajv's errors into one message per real problem. */
export function formatErrors(
  errors: ReadonlyArray<ErrorObject>
): ISchemaProblem[] {
  // Errors inside a oneOf/anyOf branch are summarised by the oneOf/anyOf itself.
  const combinators = errors.filter(
    error => error.keyword === 'oneOf' || error.keyword === 'anyOf'
  );
  const insideBranch = (error: ErrorObject): boolean =>
    combinators.some(
      parent =>
        parent !== error && error.schemaPath.startsWith(`${parent.schemaPath}/`)
    );
  const problems: ISchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'if' || insideBranch(error)) {
      continue;
    }
    const problem = describe(error);
    const key = `${problem.path}\u0000${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

/** One ajv error as a readable problem. */
function describe(error: ErrorObject): ISchemaProblem {
  const path = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        path,
        message: `must have required property '${String(params.missingProperty)}'`
      };
    case 'additionalProperties':
      return describeUnknownProperty(error, String(params.additionalProperty));
    case 'type':
      return {
        path,
        message: `must be ${article(String(params.type))} (found ${typeName(error.data)})`
      };
    case 'const':
      return {
        path,
        message: `must be ${JSON.stringify(params.allowedValue)}`
      };
    case 'minItems':
      return {
        path,
        message: `must have at least ${plural(Number(params.limit), 'item')}`
      };
    case 'maxItems':
      return {
        path,
        message: `must have at most ${plural(Number(params.limit), 'item')}`
      };
    case 'minLength':
      return Number(params.limit) === 1
        ? { path, message: 'must not be empty' }
        : {
            path,
            message: `must be at least ${plural(Number(params.limit), 'character')} long`
          };
    case 'maxLength':
      return {
        path,
        message: `must be at most ${plural(Number(params.limit), 'character')} long`
      };
    case 'minProperties':
      return {
        path,
        message: `must have at least ${plural(Number(params.limit), 'entry', 'entries')}`
      };
    case 'uniqueItems':
      return {
        path,
        message: `must not repeat items (items ${String(params.j)} and ${String(params.i)} are the same)`
      };
    case 'pattern':
      return {
        path,
        message: describePattern(String(params.pattern), error.data)
      };
    case 'oneOf':
    case 'anyOf':
      return describeCombinator(error);
    default:
      return { path, message: error.message ?? `fails '${error.keyword}'` };
  }
}

/** Known patterns of the format, in words. */
function describePattern(pattern: string, data: unknown): string {
  const value = JSON.stringify(data);
  if (pattern.startsWith('^[a-z0-9][a-z0-9-]')) {
    return `${value} is not a valid id: use lowercase letters, digits and '-', at most 64 characters`;
  }
  if (pattern.startsWith('^(?!/)') && typeof data === 'string') {
    const resolved = resolveInsidePack('', data);
    return resolved.ok
      ? `${value} is not a valid relative path`
      : resolved.message;
  }
  if (pattern.startsWith('^[0-9]+(')) {
    return `${value} is not a version: write it like "1", "1.2" or "1.2.3"`;
  }
  return `${value} must match the pattern ${pattern}`;
}

/** `unknown property 'x'`, with the closest allowed name when it looks like a typo. */
function describeUnknownProperty(
  error: ErrorObject,
  name: string
): ISchemaProblem {
  const properties = (
    error.parentSchema as { properties?: Record<string, unknown> }
  ).properties;
  const allowed = Object.keys(properties ?? {}).filter(
    key => key !== '$schema'
  );
  const guess = closest(name, allowed);
  return {
    path: `${error.instancePath}/${pointerToken(name)}`,
    message: `unknown property '${name}'${guess ? ` (did you mean '${guess}'?)` : ''}`
  };
}

/** Summarises a failed oneOf/anyOf from the shape of its branches. */
function describeCombinator(error: ErrorObject): ISchemaProblem {
  const path = error.instancePath;
  const branches = (Array.isArray(error.schema) ? error.schema : []) as Array<
    Record<string, unknown>
  >;
  const consts = branches.map(branch => branch.const);
  if (branches.length > 0 && consts.every(value => typeof value === 'string')) {
    const known = consts.join(', ');
    const found = JSON.stringify(error.data);
    if (/\/checks\/\d+\/kind$/.test(path)) {
      return {
        path,
        message: `unknown check kind ${quote(error.data)} (known: ${known})`
      };
    }
    return { path, message: `${found} is not one of: ${known}` };
  }
  const required = branches.map(branch => branch.required);
  if (
    branches.length > 0 &&
    required.every(names => Array.isArray(names) && names.length === 1)
  ) {
    const names = required
      .map(names => `'${String((names as unknown[])[0])}'`)
      .join(', ');
    const passing = (error.params as { passingSchemas?: unknown })
      .passingSchemas;
    return Array.isArray(passing)
      ? { path, message: `must have only one of ${names}` }
      : {
          path,
          message: `must have ${error.keyword === 'oneOf' ? 'one' : 'at least one'} of ${names}`
        };
  }
  const types = branches.map(branch => branch.type);
  if (branches.length > 0 && types.every(type => typeof type === 'string')) {
    const expected = types.map(type => article(String(type))).join(' or ');
    return {
      path,
      message: `must be ${expected} (found ${typeName(error.data)})`
    };
  }
  return { path, message: error.message ?? `fails '${error.keyword}'` };
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

function article(type: string): string {
  const names: Record<string, string> = {
    array: 'an array',
    object: 'an object',
    integer: 'an integer',
    string: 'a string',
    number: 'a number',
    boolean: 'true or false',
    null: 'null'
  };
  return type
    .split(',')
    .map(one => names[one] ?? one)
    .join(' or ');
}

function typeName(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'number') {
    return `the number ${value}`;
  }
  if (typeof value === 'string') {
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  return typeof value === 'object' ? 'an object' : String(value);
}

function plural(
  count: number,
  singular: string,
  many = `${singular}s`
): string {
  return `${count} ${count === 1 ? singular : many}`;
}

/** The allowed name nearest to `name`, if it is a likely typo (edit distance ≤ 2). */
function closest(name: string, allowed: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of allowed) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
