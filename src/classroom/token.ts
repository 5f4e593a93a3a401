/** The class policy under a token: the catalog requires it, so it is known before packs load. */
import { Token } from '@lumino/coreutils';
import type { IClassPolicy } from './policy';

export interface IClassroom {
  /** The policy read from the server when the lab started. */
  readonly policy: IClassPolicy;
}

export const IClassroom = new Token<IClassroom>(
  'jupyterlab-mltutor:IClassroom',
  "The class policy set by the hub's admin, which the learner's settings cannot undo."
);
