/**
 * Issue 9, case 3: patterns from packs are matched in linear time, with the
 * same answers as JavaScript's engine (flag `m`) on the syntax they share.
 */
import type { IOutput } from '@jupyterlab/nbformat';
import { backtrackingRisk, compileLinear, linearTest } from '../linear-regex';
import { checkOutputs } from '../output-checks';

function matches(pattern: string, text: string): boolean {
  const compiled = compileLinear(pattern);
  if (!compiled.ok) {
    throw new Error(compiled.message);
  }
  return linearTest(compiled.program, text);
}

const PATTERNS = [
  'abc',
  '^abc$',
  'a.c',
  'a*b',
  'a+b',
  'colou?r',
  'x{2}',
  'x{2,}',
  'x{1,3}y',
  '(ab|cd)+e',
  '(?:ab)*c',
  '(?<year>\\d{4})-\\d\\d',
  '[a-c]+',
  '[^a-c]+$',
  '\\bcat\\b',
  '\\Bat',
  '\\d+\\.\\d+',
  '\\w+@\\w+\\.com',
  '\\s+',
  '\\S\\W',
  '^accuracy: 0\\.9\\d*$',
  '[\\d.]+',
  '[-a]',
  'a|b|',
  '\\x41\\u0042',
  '\\[\\]\\(\\)',
  '[]a',
  '[^]',
  'a{,2}',
  'ok$'
];

const TEXTS = [
  '',
  'abc',
  'xxabcxx',
  'ac\nabc\nx',
  'aaab',
  'color colour',
  'xxx y',
  'ababcde',
  'year 2026-12',
  'the cat sat',
  'concatenate',
  'pi is 3.14',
  'me@example.com',
  'tab\there',
  'accuracy: 0.93\nloss: 0.1',
  'AB [] ()',
  'a{,2}',
  'fine\nok\nmore'
];

describe('the linear-time matcher', () => {
  it.each(PATTERNS)('answers like RegExp for /%s/m', pattern => {
    const native = new RegExp(pattern, 'm');
    for (const text of TEXTS) {
      expect([text, matches(pattern, text)]).toEqual([text, native.test(text)]);
    }
  });

  it('refuses backreferences and lookarounds, and bad syntax', () => {
    for (const pattern of [
      '(a)\\1',
      'a(?=b)',
      'a(?!b)',
      '(?<=a)b',
      '(a',
      'a)',
      '*a',
      '[a'
    ]) {
      expect(compileLinear(pattern).ok).toBe(false);
    }
  });

  it('matches a catastrophic pattern on a long text without backtracking', () => {
    // /(a+)+$/ takes exponential time in a backtracking engine on 'aaa...a!'.
    const text = `${'a'.repeat(5000)}!`;
    expect(matches('(a+)+$', text)).toBe(false);
    expect(matches('(a|aa)+$', `${'a'.repeat(5000)}`)).toBe(true);
    expect(matches('^(\\w+\\s?)*$', `${'word '.repeat(2000)}!`)).toBe(false);
  });

  it('an output check with such a pattern gives its verdict (the page is not frozen)', () => {
    const outputs: IOutput[] = [
      { output_type: 'stream', name: 'stdout', text: `${'a'.repeat(40)}!` }
    ];
    const outcome = checkOutputs(
      { id: 'o', kind: 'output', stream_matches: '^(a+)+$' },
      outputs
    );
    expect(outcome.status).toBe('fail');
  });

  it('flags nested quantifiers as a risk', () => {
    expect(backtrackingRisk('(a+)+$')).toContain('nested quantifiers');
    expect(backtrackingRisk('(\\w+\\s?)*')).toContain('nested quantifiers');
    expect(backtrackingRisk('\\d+\\.\\d+')).toBeNull();
    expect(backtrackingRisk('(ab|cd)+')).toBeNull();
  });
});

describe('output cut by the server', () => {
  // What jupyter_server writes on stderr when its IOPub data rate limit drops output.
  const notice =
    'IOPub data rate exceeded.\nThe Jupyter server will temporarily stop sending output\nto the client in order to avoid crashing it.\nTo change this limit, set the config variable\n`--ServerApp.iopub_data_rate_limit`.\n';
  const outputs: IOutput[] = [
    { output_type: 'stream', name: 'stdout', text: 'x'.repeat(1000) },
    { output_type: 'stream', name: 'stderr', text: notice }
  ];

  it('says the output was cut and why, not "does not contain DONE"', () => {
    const outcome = checkOutputs(
      { id: 'o', kind: 'output', stream_contains: 'DONE' },
      outputs
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('was cut');
    expect(outcome.message).toContain('iopub_data_rate_limit');
    expect(outcome.message).not.toContain('does not contain');
  });

  it('a pattern check says the same', () => {
    const outcome = checkOutputs(
      { id: 'o', kind: 'output', stream_matches: 'DONE$' },
      outputs
    );
    expect(outcome.message).toContain('was cut');
  });
});
