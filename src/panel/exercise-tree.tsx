/**
 * Topics and their exercises as an ARIA tree with a roving focus: arrow keys
 * move, Right/Left expand and collapse a topic, Enter opens an exercise.
 * Status is shown by a symbol and text, not by colour alone. Only the rows
 * near the visible part of the panel are rendered (tree-window.ts), each
 * with its position in its topic for assistive technologies.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import type { ILoadedExercise, ILoadedPack } from '../catalog/types';
import { Markdown, MarkdownRenderer } from '../notebook/markdown';
import type { ExerciseStatus } from '../progress/types';
import { ProgressBar } from './progress-bar';
import { buildTree, IExerciseRow, ITopicRow, visibleKeys } from './tree';
import { rowsToRender, segments } from './tree-window';
import { useRowHeights, useTreeView } from './tree-view';

export interface IExerciseTreeProps {
  packs: ReadonlyArray<ILoadedPack>;
  query: string;
  statusOf: (exercise: ILoadedExercise) => ExerciseStatus;
  trans: TranslationBundle;
  renderMarkdown: MarkdownRenderer;
  onOpen: (exercise: ILoadedExercise) => void;
  onReset: (exercise: ILoadedExercise) => void;
  /** Checks the exercise's notebook in a clean kernel (opening it first). */
  onCleanCheck?: (exercise: ILoadedExercise) => void;
  /** The element that scrolls the tree (the panel): rows out of its view are not rendered. */
  scroller?: HTMLElement | null;
}

export function statusText(
  status: ExerciseStatus,
  trans: TranslationBundle
): { symbol: string; text: string } {
  switch (status) {
    case 'passed':
      return { symbol: '✓', text: trans.__('Passed') };
    case 'in-progress':
      return { symbol: '◐', text: trans.__('In progress') };
    case 'solution-revealed':
      return { symbol: '◇', text: trans.__('Solution revealed') };
    default:
      return { symbol: '○', text: trans.__('Not started') };
  }
}

export function ExerciseTree(props: IExerciseTreeProps): JSX.Element {
  const { packs, query, statusOf, trans } = props;
  const tree = buildTree(packs, statusOf, query);
  const [collapsed, setCollapsed] = React.useState<Set<string>>(new Set());
  const [focused, setFocused] = React.useState<string | null>(null);
  const [selected, setSelected] = React.useState<string | null>(null);
  const treeRef = React.useRef<HTMLUListElement>(null);
  const keys = visibleKeys(tree, query ? new Set() : collapsed);
  const current =
    focused && keys.includes(focused) ? focused : (keys[0] ?? null);
  const hasRows = keys.length > 0;
  const view = useTreeView(props.scroller ?? null, treeRef, hasRows);
  const { header, heights } = useRowHeights(treeRef);
  const heightOf = (key: string) => heights.heightOf(key);
  const isOpen = (key: string) => query !== '' || !collapsed.has(key);
  const always = new Set([current, selected].filter(key => key !== null));
  const rendered = rowsToRender(tree, isOpen, header, heightOf, view, always);

  // A row to focus may render only now (it was out of view): focus it once it is there.
  const pendingFocus = React.useRef<string | null>(null);
  const focusRendered = (key: string): boolean => {
    const node = treeRef.current?.querySelector<HTMLElement>(
      `[data-key="${CSS.escape(key)}"]`
    );
    node?.focus();
    return !!node;
  };
  React.useLayoutEffect(() => {
    if (pendingFocus.current && focusRendered(pendingFocus.current)) {
      pendingFocus.current = null;
    }
  });
  const focusKey = (key: string) => {
    setFocused(key);
    pendingFocus.current = focusRendered(key) ? null : key;
  };
  const toggle = (key: string, open?: boolean) => {
    const next = new Set(collapsed);
    const isOpen = !collapsed.has(key);
    if (open ?? !isOpen) {
      next.delete(key);
    } else {
      next.add(key);
    }
    setCollapsed(next);
  };
  const rowOf = (key: string): IExerciseRow | undefined =>
    tree
      .flatMap(pack => pack.topics.flatMap(topic => topic.exercises))
      .find(row => row.key === key);
  const topicOfExercise = (key: string): ITopicRow | undefined =>
    tree
      .flatMap(pack => pack.topics)
      .find(topic => topic.exercises.some(row => row.key === key));

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (!current) {
      return;
    }
    const index = keys.indexOf(current);
    const isTopic = !rowOf(current);
    switch (event.key) {
      case 'ArrowDown':
        focusKey(keys[Math.min(index + 1, keys.length - 1)]);
        break;
      case 'ArrowUp':
        focusKey(keys[Math.max(index - 1, 0)]);
        break;
      case 'Home':
        focusKey(keys[0]);
        break;
      case 'End':
        focusKey(keys[keys.length - 1]);
        break;
      case 'ArrowRight':
        if (isTopic) {
          toggle(current, true);
        }
        break;
      case 'ArrowLeft':
        if (isTopic) {
          toggle(current, false);
        } else {
          const topic = topicOfExercise(current);
          if (topic) {
            focusKey(topic.key);
          }
        }
        break;
      case 'Enter':
      case ' ': {
        const row = rowOf(current);
        if (row) {
          setSelected(row.key);
          if (event.key === 'Enter') {
            props.onOpen(row.exercise);
          }
        } else {
          toggle(current);
        }
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  };

  if (!hasRows) {
    return (
      <p className="jp-MLTutor-Panel-empty">
        {query
          ? trans.__('No exercise matches “%1”.', query)
          : trans.__('No exercises.')}
      </p>
    );
  }

  return (
    <ul
      className="jp-MLTutor-Tree"
      role="tree"
      aria-label={trans.__('Exercises')}
      ref={treeRef}
      onKeyDown={onKeyDown}
    >
      {tree.map(pack =>
        pack.topics.map(topic => {
          const open = isOpen(topic.key);
          return (
            <li
              key={topic.key}
              className="jp-MLTutor-Topic"
              role="treeitem"
              aria-expanded={open}
              aria-level={1}
              data-key={topic.key}
              tabIndex={current === topic.key ? 0 : -1}
              onFocus={event =>
                event.target === event.currentTarget && setFocused(topic.key)
              }
            >
              <div
                className="jp-MLTutor-Topic-header"
                onClick={() => toggle(topic.key)}
              >
                <span className="jp-MLTutor-Topic-caret" aria-hidden="true">
                  {open ? '▾' : '▸'}
                </span>
                <span className="jp-MLTutor-Topic-title">{topic.title}</span>
                <ProgressBar
                  compact
                  value={topic.solved}
                  max={topic.exercises.length}
                  label={trans.__(
                    '%1 / %2',
                    topic.solved,
                    topic.exercises.length
                  )}
                />
              </div>
              {open && (
                <ul role="group" className="jp-MLTutor-Topic-exercises">
                  {segments(
                    rendered.get(topic.key) ?? [],
                    topic.exercises,
                    heightOf
                  ).map(segment =>
                    segment.kind === 'gap' ? (
                      <li
                        key={`gap-${segment.from}`}
                        role="none"
                        aria-hidden="true"
                        className="jp-MLTutor-Tree-spacer"
                        style={{ height: segment.height }}
                      />
                    ) : (
                      topic.exercises
                        .slice(segment.from, segment.to)
                        .map((row, offset) => (
                          <ExerciseItem
                            key={row.key}
                            row={row}
                            position={segment.from + offset + 1}
                            setSize={topic.exercises.length}
                            focusable={current === row.key}
                            selected={selected === row.key}
                            onFocus={() => setFocused(row.key)}
                            onSelect={toggleSelection =>
                              setSelected(
                                toggleSelection && selected === row.key
                                  ? null
                                  : row.key
                              )
                            }
                            {...props}
                          />
                        ))
                    )
                  )}
                </ul>
              )}
            </li>
          );
        })
      )}
    </ul>
  );
}

function ExerciseItem(
  props: IExerciseTreeProps & {
    row: IExerciseRow;
    /** 1-based position among the topic's exercises, and their number (rows out of view are not rendered). */
    position: number;
    setSize: number;
    focusable: boolean;
    selected: boolean;
    onFocus: () => void;
    /** Selects the row; a single click on the selected row unselects it. */
    onSelect: (toggle: boolean) => void;
  }
): JSX.Element {
  const { row, trans, focusable, selected, renderMarkdown } = props;
  const status = statusText(row.status, trans);
  const spec = row.exercise.spec;
  return (
    <li
      className={`jp-MLTutor-Exercise jp-mod-${row.status}${selected ? ' jp-mod-selected' : ''}`}
      role="treeitem"
      aria-level={2}
      aria-posinset={props.position}
      aria-setsize={props.setSize}
      aria-selected={selected}
      data-key={row.key}
      tabIndex={focusable ? 0 : -1}
      onFocus={event => event.target === event.currentTarget && props.onFocus()}
    >
      <div
        className="jp-MLTutor-Exercise-row"
        // The second click of a double-click must not unselect: it opens.
        onClick={event => props.onSelect(event.detail < 2)}
        onDoubleClick={() => props.onOpen(row.exercise)}
        title={trans.__('Double-click to open your notebook')}
      >
        <span
          className="jp-MLTutor-Exercise-symbol"
          aria-hidden="true"
          title={status.text}
        >
          {status.symbol}
        </span>
        <span className="jp-MLTutor-Exercise-title">{spec.title}</span>
        <span className="jp-MLTutor-Exercise-status">{status.text}</span>
      </div>
      {selected && (
        <div className="jp-MLTutor-Exercise-details">
          {/* Actions first, so Open stays in view however long the statement is. */}
          <div className="jp-MLTutor-Exercise-actions">
            <button
              className="jp-Button jp-mod-styled jp-mod-accept jp-MLTutor-Exercise-open"
              onClick={() => props.onOpen(row.exercise)}
            >
              {row.status === 'not-started'
                ? trans.__('Open')
                : trans.__('Open your notebook')}
            </button>
            <button
              className="jp-Button jp-mod-styled jp-MLTutor-Exercise-reset"
              onClick={() => props.onReset(row.exercise)}
            >
              {trans.__('Reset')}
            </button>
            {props.onCleanCheck && (
              <button
                className="jp-Button jp-mod-styled jp-MLTutor-Exercise-clean"
                onClick={() => props.onCleanCheck?.(row.exercise)}
                title={trans.__(
                  'Run your notebook from a fresh start in a second kernel, with every check'
                )}
              >
                {trans.__('Check in a clean kernel')}
              </button>
            )}
          </div>
          <div className="jp-MLTutor-Exercise-meta">
            {trans.__('Difficulty: %1', spec.difficulty)}
            {spec.minutes ? ` · ${trans.__('about %1 min', spec.minutes)}` : ''}
          </div>
          <Markdown
            className="jp-MLTutor-Exercise-statement"
            source={spec.statement}
            render={renderMarkdown}
          />
        </div>
      )}
    </li>
  );
}
