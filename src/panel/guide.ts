/**
 * The authoring guide, shipped inside the extension and shown in a main-area
 * tab, so the Help menu entry works offline (hubs often have no internet).
 */
import { MainAreaWidget } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { exercisesIcon } from '../icons';
import type { MarkdownRenderer } from '../notebook/markdown';

/** Opens a tab with the rendered guide (loaded lazily: it is not needed at start-up). */
export async function createGuideWidget(
  renderMarkdown: MarkdownRenderer,
  trans: TranslationBundle
): Promise<MainAreaWidget> {
  const { default: guide } = await import('../../docs/authoring.md');
  const content = new Widget();
  content.addClass('jp-MLTutor-Guide');
  content.addClass('jp-RenderedHTMLCommon');
  await renderMarkdown(guide, content.node);
  const widget = new MainAreaWidget({ content });
  widget.id = 'jp-MLTutor-guide';
  widget.title.label = trans.__('Authoring Guide');
  widget.title.icon = exercisesIcon;
  widget.title.closable = true;
  return widget;
}
