/**
 * Turns the IOPub messages of one execution into nbformat outputs, as a
 * notebook's output area does: consecutive stream text merged, `clear_output`
 * (with `wait`) honoured, `update_display_data` applied to displays by id.
 */
import type { IOutput, MultilineString } from '@jupyterlab/nbformat';
import type { KernelMessage } from '@jupyterlab/services';
import type { PartialJSONObject } from '@lumino/coreutils';

function text(value: MultilineString): string {
  return Array.isArray(value) ? value.join('') : value;
}

export class OutputCollector {
  /** The outputs so far. */
  get outputs(): IOutput[] {
    return this._outputs.slice();
  }

  /** Takes one IOPub message (others than outputs are ignored). */
  add(message: KernelMessage.IIOPubMessage): void {
    const type = message.header.msg_type;
    const content = message.content as PartialJSONObject;
    if (type === 'clear_output') {
      if (content.wait) {
        this._clearOnNext = true;
      } else {
        this._outputs = [];
      }
      return;
    }
    if (type === 'update_display_data') {
      this._update(content);
      return;
    }
    const output = this._toOutput(type, content);
    if (!output) {
      return;
    }
    if (this._clearOnNext) {
      this._outputs = [];
      this._clearOnNext = false;
    }
    const last = this._outputs[this._outputs.length - 1];
    if (
      output.output_type === 'stream' &&
      last?.output_type === 'stream' &&
      last.name === output.name
    ) {
      last.text =
        text(last.text as MultilineString) +
        text(output.text as MultilineString);
      return;
    }
    this._outputs.push(output);
  }

  private _toOutput(type: string, content: PartialJSONObject): IOutput | null {
    switch (type) {
      case 'stream':
        return {
          output_type: 'stream',
          name: content.name,
          text: content.text
        };
      case 'display_data':
        this._rememberDisplay(content);
        return {
          output_type: 'display_data',
          data: content.data ?? {},
          metadata: content.metadata ?? {}
        };
      case 'execute_result':
        return {
          output_type: 'execute_result',
          data: content.data ?? {},
          metadata: content.metadata ?? {},
          execution_count: content.execution_count ?? null
        };
      case 'error':
        return {
          output_type: 'error',
          ename: content.ename,
          evalue: content.evalue,
          traceback: content.traceback ?? []
        };
      default:
        return null;
    }
  }

  private _rememberDisplay(content: PartialJSONObject): void {
    const id = (content.transient as PartialJSONObject | undefined)?.display_id;
    if (typeof id === 'string') {
      this._displayIds.set(id, this._clearOnNext ? 0 : this._outputs.length);
    }
  }

  private _update(content: PartialJSONObject): void {
    const id = (content.transient as PartialJSONObject | undefined)?.display_id;
    const index = typeof id === 'string' ? this._displayIds.get(id) : undefined;
    const target = index !== undefined ? this._outputs[index] : undefined;
    if (target && target.output_type === 'display_data') {
      target.data = content.data ?? {};
      target.metadata = content.metadata ?? {};
    }
  }

  private _outputs: IOutput[] = [];
  private _clearOnNext = false;
  private _displayIds = new Map<string, number>();
}
