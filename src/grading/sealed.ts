/**
 * The graded run's kernel traffic. Before any learner code runs, the harness
 * is installed and sealed with a fresh random key (src/checking/harness.py,
 * "graded runs"); every answer then comes back signed with that key, for the
 * exact request sent. An answer that is unsigned, signed for another request
 * or altered, and anything the seal saw learner code do to the check
 * machinery, turns the checks into failures marked "tampering suspected".
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'crypto';
import type { Kernel } from '@jupyterlab/services';
import type { PartialJSONObject } from '@lumino/coreutils';
import type { HarnessOutcome } from '../checking/harness-client';
import { INSTALL_DEADLINE_MS } from '../checking/harness-client';
import {
  evaluateSilently,
  EvaluationOutcome,
  ISilentOptions
} from '../checking/kernel-channel';
import {
  HARNESS_MODULE,
  HarnessOp,
  installExpression,
  isInstalledReply,
  parseRunReply,
  pythonString,
  RESULT_MIME
} from '../checking/protocol';
import type { VerdictStatus } from '../checking/types';

/** Prefix of every criterion message and gradebook flag about tampering. */
export const TAMPERING = 'Tampering suspected';

/** Limits the seal applies to the kernel before learner code runs. */
export interface IKernelLimits {
  /** Address space the learner's code may add, MB. */
  memory_mb?: number;
  /** CPU seconds of the whole kernel (the kernel is killed past it). */
  cpu_seconds?: number;
  /** Processes the libraries may start (learner code may start none). */
  processes?: number;
}

/** A sealed kernel: its key, process id, and what tampering was seen. */
export interface ISeal {
  readonly key: Buffer;
  /** The kernel's process id, which is also its process group (jupyter_client starts kernels in their own session). */
  readonly pid: number | null;
  /** What the seal saw learner code do, and answers that did not verify. */
  readonly tamper: string[];
}

function sealExpression(key: Buffer, limits: IKernelLimits): string {
  return (
    `__import__('sys').modules[${pythonString(HARNESS_MODULE)}]` +
    `._seal(${pythonString(key.toString('hex'))}, ${JSON.stringify(limits)})`
  );
}

function resultOf(outcome: EvaluationOutcome): PartialJSONObject | null {
  if (outcome.kind !== 'value') {
    return null;
  }
  const payload = outcome.bundle[RESULT_MIME];
  return typeof payload === 'object' && payload !== null
    ? (payload as PartialJSONObject)
    : null;
}

function describe(outcome: EvaluationOutcome): string {
  return outcome.kind === 'expression-error'
    ? outcome.message
    : outcome.kind === 'value'
      ? JSON.stringify(outcome.bundle).slice(0, 300)
      : outcome.kind;
}

/** Installs and seals the harness in a fresh kernel; throws when it cannot. */
export async function sealKernel(
  kernel: Kernel.IKernelConnection,
  limits: IKernelLimits
): Promise<ISeal> {
  const installed = await evaluateSilently(kernel, installExpression(), {
    deadlineMs: INSTALL_DEADLINE_MS
  });
  if (installed.kind !== 'value' || !isInstalledReply(installed.bundle)) {
    throw new Error(
      `the checker could not be installed: ${describe(installed)}`
    );
  }
  const key = randomBytes(32);
  const sealed = await evaluateSilently(kernel, sealExpression(key, limits), {
    deadlineMs: INSTALL_DEADLINE_MS
  });
  const result = resultOf(sealed);
  if (!result || result.sealed !== true) {
    throw new Error(`the checker could not be sealed: ${describe(sealed)}`);
  }
  return {
    key,
    pid: typeof result.pid === 'number' ? result.pid : null,
    tamper: []
  };
}

function note(seal: ISeal, what: string): void {
  if (!seal.tamper.includes(what)) {
    seal.tamper.push(what);
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function macMatches(seal: ISeal, body: string, mac: unknown): boolean {
  if (typeof mac !== 'string' || !/^[0-9a-f]{64}$/.test(mac)) {
    return false;
  }
  const expected = createHmac('sha256', seal.key).update(body, 'utf8').digest();
  return timingSafeEqual(expected, Buffer.from(mac, 'hex'));
}

interface ISignedBody {
  request: string;
  tamper: string[];
  results: string;
}

function isSignedBody(value: unknown): value is ISignedBody {
  const body = value as ISignedBody;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof body.request === 'string' &&
    typeof body.results === 'string' &&
    Array.isArray(body.tamper) &&
    body.tamper.every(item => typeof item === 'string')
  );
}

/**
 * Reads a signed answer: the results when it verifies, else null (and the
 * reason is noted in the seal). Tampering the seal reports is noted too.
 */
export function verifyAnswer(
  seal: ISeal,
  payload: string,
  answer: PartialJSONObject | null
): { results: unknown; fresh: string[] } | null {
  const body = answer?.sealed;
  if (typeof body !== 'string' || !macMatches(seal, body, answer?.mac)) {
    note(
      seal,
      'the check machinery answered without the graded run’s signature (replaced or altered)'
    );
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = null;
  }
  if (!isSignedBody(parsed) || parsed.request !== sha256(payload)) {
    note(
      seal,
      'the check machinery answered another request than the one sent'
    );
    return null;
  }
  const fresh = parsed.tamper.filter(item => !seal.tamper.includes(item));
  fresh.forEach(item => note(seal, item));
  try {
    return { results: JSON.parse(parsed.results) as unknown, fresh };
  } catch {
    note(seal, 'the check machinery signed results that are not JSON');
    return null;
  }
}

function failed(
  status: VerdictStatus,
  detail: string,
  cancelled = false
): HarnessOutcome {
  return { kind: 'failed', status, detail, cancelled };
}

/** What a check gets when its answer cannot be trusted. */
function tampered(ops: ReadonlyArray<HarnessOp>, seal: ISeal): HarnessOutcome {
  const message = `${TAMPERING}: ${seal.tamper.join('; ')}. The graded run does not trust this check's result.`;
  return {
    kind: 'results',
    timedOut: false,
    results: ops.map(op => ({ id: op.id, status: 'fail', message }))
  };
}

function outcomeFailure(outcome: EvaluationOutcome): HarnessOutcome {
  switch (outcome.kind) {
    case 'cancelled':
      return failed('kernel-busy', 'cancelled', true);
    case 'aborted':
      return failed('kernel-busy', 'aborted');
    case 'kernel-restarted':
    case 'kernel-dead':
      return failed(outcome.kind, '');
    case 'timeout':
      return failed('timeout', 'no answer after the interrupt');
    case 'unresponsive':
      return failed('timeout', 'unresponsive');
    default:
      return failed('error', 'unexpected answer');
  }
}

/**
 * The engine's transport for a graded run (`CheckEngine({ transport })`):
 * each request carries a fresh nonce and goes to the sealed harness.
 */
export function sealedTransport(
  seal: ISeal
): (
  kernel: Kernel.IKernelConnection,
  ops: ReadonlyArray<HarnessOp>,
  options: ISilentOptions
) => Promise<HarnessOutcome> {
  return async (kernel, ops, options) => {
    const outcome = await askSealed(kernel, seal, ops, options);
    if (outcome === 'tampered') {
      return tampered(ops, seal);
    }
    if (outcome.kind !== 'verified') {
      return outcome.failure;
    }
    if (seal.tamper.length > 0) {
      return tampered(ops, seal);
    }
    const reply = parseRunReply({ [RESULT_MIME]: outcome.results } as never);
    if (reply.kind !== 'results') {
      return failed(
        'error',
        reply.kind === 'invalid' ? reply.message : 'no results'
      );
    }
    return { kind: 'results', results: reply.results, timedOut: false };
  };
}

type SealedAnswer =
  | { kind: 'verified'; results: unknown }
  | { kind: 'failed'; failure: HarnessOutcome }
  | 'tampered';

async function askSealed(
  kernel: Kernel.IKernelConnection,
  seal: ISeal,
  ops: ReadonlyArray<HarnessOp>,
  options: ISilentOptions
): Promise<SealedAnswer> {
  const payload = JSON.stringify({
    nonce: randomBytes(16).toString('hex'),
    ops
  });
  const expression =
    `__import__('sys').modules[${pythonString(HARNESS_MODULE)}]` +
    `.sealed_run(${pythonString(payload)})`;
  const outcome = await evaluateSilently(kernel, expression, options);
  if (outcome.kind === 'expression-error') {
    // The sealed harness never raises: learner code removed or broke it.
    note(
      seal,
      `the check machinery was missing or broken (${outcome.message})`
    );
    return 'tampered';
  }
  if (outcome.kind !== 'value') {
    return { kind: 'failed', failure: outcomeFailure(outcome) };
  }
  const verified = verifyAnswer(seal, payload, resultOf(outcome));
  return verified
    ? { kind: 'verified', results: verified.results }
    : 'tampered';
}

/**
 * Asks the seal, after the notebook ran, what it saw: tampering after the
 * last check changes no result but is flagged for the instructor.
 */
export async function finalSealReport(
  kernel: Kernel.IKernelConnection,
  seal: ISeal
): Promise<void> {
  if (kernel.isDisposed || kernel.status === 'dead') {
    return;
  }
  await askSealed(kernel, seal, [], { deadlineMs: 10000 });
}
