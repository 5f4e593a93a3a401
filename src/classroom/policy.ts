/**
 * The class policy: what a hub's admin decided learners may see. It comes from the
 * server (the jupyterlab_mltutor server extension reads a file the learner cannot
 * write), never from the learner's settings, which only change defaults.
 */
import { PageConfig, URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

export interface IClassPolicy {
  /** True when an admin set a policy (false: a lab outside a class). */
  locked: boolean;
  allowSolutions: boolean;
  /** Hints shown per cell at most; null for all of them. */
  maxHints: number | null;
  exam: boolean;
  /** Whether learners' notebooks may carry their checks (false in exam mode). */
  carryChecks: boolean;
  /** Pack folders every learner gets and cannot remove. */
  packFolders: string[];
  /** The admin's own words, shown as they are (plain text). */
  message: string;
  /** Why the policy could not be read; the policy then locks solutions and hints. */
  error: string;
}

export const NO_POLICY: IClassPolicy = {
  locked: false,
  allowSolutions: true,
  maxHints: null,
  exam: false,
  carryChecks: true,
  packFolders: [],
  message: '',
  error: ''
};

/** When the server cannot say, lock what a policy could lock (fail closed). */
function lockedDown(error: string): IClassPolicy {
  return {
    ...NO_POLICY,
    locked: true,
    allowSolutions: false,
    maxHints: 0,
    carryChecks: false,
    error
  };
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(item => typeof item === 'string');
}

/** The policy from the server's JSON; anything malformed locks down. */
export function parsePolicy(data: unknown): IClassPolicy {
  if (typeof data !== 'object' || data === null) {
    return lockedDown('the class policy is not an object');
  }
  const raw = data as Record<string, unknown>;
  const maxHints = raw.maxHints;
  if (
    typeof raw.locked !== 'boolean' ||
    typeof raw.allowSolutions !== 'boolean' ||
    typeof raw.exam !== 'boolean' ||
    typeof raw.carryChecks !== 'boolean' ||
    !(maxHints === null || (typeof maxHints === 'number' && maxHints >= 0)) ||
    !isStringList(raw.packFolders)
  ) {
    return lockedDown('the class policy is malformed');
  }
  return {
    locked: raw.locked,
    allowSolutions: raw.allowSolutions && !raw.exam,
    maxHints: raw.exam ? 0 : (maxHints as number | null),
    exam: raw.exam,
    carryChecks: raw.carryChecks && !raw.exam,
    packFolders: raw.packFolders,
    message: typeof raw.message === 'string' ? raw.message : '',
    error: typeof raw.error === 'string' ? raw.error : ''
  };
}

/** The policy endpoint of the lab's own server. */
export function policyUrl(settings: ServerConnection.ISettings): string {
  return URLExt.join(settings.baseUrl, 'mltutor', 'api', 'policy');
}

/** Whether the page comes from a server with the jupyterlab_mltutor server extension. */
export function hasServerExtension(): boolean {
  return PageConfig.getOption('mltutorServerExtension') === 'true';
}

/**
 * Reads the policy. A lab without the server extension has no class; any failure of
 * a server that has it locks down, since a class meant to restrict something.
 */
export async function fetchClassPolicy(
  settings: ServerConnection.ISettings
): Promise<IClassPolicy> {
  if (!hasServerExtension()) {
    return { ...NO_POLICY };
  }
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(
      policyUrl(settings),
      { method: 'GET' },
      settings
    );
  } catch (error) {
    return lockedDown(`the class policy could not be read: ${String(error)}`);
  }
  if (!response.ok) {
    return lockedDown(
      `the class policy could not be read (${response.status})`
    );
  }
  try {
    return parsePolicy(await response.json());
  } catch {
    return lockedDown('the class policy is not JSON');
  }
}

/** How many of `count` hints a learner may see. */
export function allowedHints(count: number, policy: IClassPolicy): number {
  return policy.maxHints === null ? count : Math.min(count, policy.maxHints);
}

/** The user's folders with the class's in front; the class's cannot be removed. */
export function withClassFolders(
  folders: ReadonlyArray<string>,
  policy: IClassPolicy
): string[] {
  return [...new Set([...policy.packFolders, ...folders])];
}
