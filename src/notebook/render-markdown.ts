/** Markdown rendering for exercise text and verdicts: untrusted, so always sanitized. */
import { IRenderMimeRegistry, renderMarkdown } from '@jupyterlab/rendermime';
import type { ITranslator } from '@jupyterlab/translation';
import type { MarkdownRenderer } from './markdown';

export function createMarkdownRenderer(
  rendermime: IRenderMimeRegistry,
  translator: ITranslator
): MarkdownRenderer {
  return (source, host) =>
    renderMarkdown({
      host,
      source,
      trusted: false,
      sanitizer: rendermime.sanitizer,
      resolver: null,
      linkHandler: rendermime.linkHandler,
      latexTypesetter: rendermime.latexTypesetter,
      markdownParser: rendermime.markdownParser,
      shouldTypeset: true,
      translator
    });
}
