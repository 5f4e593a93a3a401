/**
 * The checker plugin: provides the check engine under its token. The engine
 * (with the kernel harness it installs) loads with the first kernel an
 * exercise notebook prepares, not at JupyterLab's start-up.
 */
import { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { errorText } from '../errors';
import { ICheckEngine } from '../tokens';
import { markActivation } from './timing';

/** The engine, loaded on first use. */
export class LazyCheckEngine implements ICheckEngine {
  constructor(
    private readonly _load: () => Promise<ICheckEngine> = async () => {
      const { CheckEngine } = await import('../checking/engine');
      return new CheckEngine();
    }
  ) {}

  checkCell(
    request: Parameters<ICheckEngine['checkCell']>[0]
  ): ReturnType<ICheckEngine['checkCell']> {
    // Never rejects, as the engine: a checker that cannot load is a verdict.
    return this._engine().then(
      engine => engine.checkCell(request),
      reason => ({
        status: 'error' as const,
        message: `The checker could not load: ${errorText(reason)}. Reload the page to try again.`,
        criteria: [],
        elapsedMs: 0,
        cancelled: false
      })
    );
  }

  prepare(
    kernel: Parameters<ICheckEngine['prepare']>[0]
  ): ReturnType<ICheckEngine['prepare']> {
    return this._engine().then(engine => engine.prepare(kernel));
  }

  private _engine(): Promise<ICheckEngine> {
    // A chunk that failed to load is asked again next time.
    this._loading ??= this._load().catch(reason => {
      this._loading = null;
      throw reason;
    });
    return this._loading;
  }

  private _loading: Promise<ICheckEngine> | null = null;
}

export const checkerPlugin: JupyterFrontEndPlugin<ICheckEngine> = {
  id: 'jupyterlab-mltutor:checker',
  description:
    "Checks exercise cells through silent requests to the learner's kernel.",
  autoStart: true,
  provides: ICheckEngine,
  activate: () => new LazyCheckEngine()
};

// Performance marks around activation (docs/performance.md).
markActivation(checkerPlugin);
