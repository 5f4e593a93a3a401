/**
 * Markdown from exercises and verdicts, rendered with JupyterLab's renderer
 * and sanitizer (the text is untrusted: it comes from packs and kernels).
 */
import * as React from 'react';

/** Renders markdown into a host element. */
export type MarkdownRenderer = (
  source: string,
  host: HTMLElement
) => Promise<void>;

export function Markdown(props: {
  source: string;
  render: MarkdownRenderer;
  className?: string;
}): JSX.Element {
  const host = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    if (host.current) {
      void props.render(props.source, host.current);
    }
  }, [props.source, props.render]);
  return <div ref={host} className={props.className} />;
}
