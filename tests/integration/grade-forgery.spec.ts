/**
 * Graded results learner code cannot forge: each test is an attempt a learner
 * could make in a real kernel sealed as `mltutor grade` seals it. Values that
 * only pretend to be right fail; reaching for the check machinery (the
 * harness, its module's globals, json, the import system, the kernel's reply
 * path, frames, gc, ctypes, other processes) fails the checks after it and is
 * flagged "tampering suspected". Honest code, including code that prints
 * tracebacks and triggers library warnings, is not flagged.
 */
import type { Kernel } from '@jupyterlab/services';
import type { Check } from '../../src/catalog/format';
import { CheckEngine } from '../../src/checking';
import type { ICellVerdict } from '../../src/checking';
import {
  ISeal,
  sealedTransport,
  sealKernel,
  TAMPERING
} from '../../src/grading/sealed';
import { exerciseWith, KernelEnv, run } from './kernel-env';

const env = new KernelEnv();
beforeAll(() => env.start(), 60000);
afterAll(() => env.stop());

interface ISealed {
  kernel: Kernel.IKernelConnection;
  seal: ISeal;
  engine: CheckEngine;
}

async function sealed(): Promise<ISealed> {
  const kernel = await env.startKernel();
  const seal = await sealKernel(kernel, { memory_mb: 2048, processes: 8 });
  return {
    kernel,
    seal,
    engine: new CheckEngine({ transport: sealedTransport(seal) })
  };
}

async function graded(
  learnerCode: string,
  checks: Check[]
): Promise<{ verdict: ICellVerdict; seal: ISeal }> {
  const { kernel, seal, engine } = await sealed();
  try {
    await run(kernel, learnerCode, true);
    const verdict = await engine.checkCell({
      ...exerciseWith(checks),
      outputs: [],
      kernel
    });
    return { verdict, seal };
  } finally {
    await env.server.stopKernel(kernel);
  }
}

const TOTAL: Check = {
  id: 'total',
  kind: 'value',
  expr: 'total',
  expected: 30
};
const TOTAL_ASSERT: Check = {
  id: 'total-assert',
  kind: 'assert',
  code: 'assert total == 30\nassert abs(total - 30) < 1e-9'
};
const SQUARES: Check = {
  id: 'squares',
  kind: 'value',
  expr: 'squares(3)',
  expected: [1, 4, 9]
};

function statusOf(verdict: ICellVerdict, id: string): string {
  return verdict.criteria.find(c => c.checkId === id)?.status ?? 'absent';
}

describe('honest code', () => {
  it('passes, and is not flagged even when it prints tracebacks, warns and introspects itself', async () => {
    const { verdict, seal } = await graded(
      [
        'import traceback, warnings, inspect',
        'import pandas as pd',
        'try:',
        '    1 / 0',
        'except ZeroDivisionError:',
        '    traceback.print_exc()',
        'warnings.warn("just a warning")',
        'def squares(n):',
        '    # Called by the check: a library that inspects its caller (pandas warns) is not learner code.',
        '    with warnings.catch_warnings():',
        '        warnings.simplefilter("always")',
        '        pd.DataFrame({"a": [1]}).iteritems() if hasattr(pd.DataFrame, "iteritems") else None',
        '    return [i * i for i in range(1, n + 1)]',
        'total = sum(squares(4))',
        'frame_name = inspect.currentframe().f_code.co_name'
      ].join('\n'),
      [TOTAL, TOTAL_ASSERT, SQUARES]
    );
    expect(verdict.criteria.map(c => [c.checkId, c.status])).toEqual([
      ['total', 'pass'],
      ['total-assert', 'pass'],
      ['squares', 'pass']
    ]);
    expect(seal.tamper).toEqual([]);
  });
});

describe('values that only pretend to be right', () => {
  it('1. an object whose __eq__ is always True never equals a number', async () => {
    const { verdict } = await graded(
      'class Always:\n    def __eq__(self, other):\n        return True\n    __hash__ = None\ntotal = Always()',
      [TOTAL, TOTAL_ASSERT]
    );
    expect(statusOf(verdict, 'total')).toBe('fail');
    expect(statusOf(verdict, 'total-assert')).toBe('fail');
    expect(verdict.criteria[0].message).toContain('graded checks compare only');
  });

  it('2. a subclass of int that overrides comparison and arithmetic is not a number', async () => {
    const { verdict } = await graded(
      [
        'class Int(int):',
        '    def __eq__(self, other): return True',
        '    def __sub__(self, other): return 0.0',
        '    __hash__ = int.__hash__',
        'total = Int(7)'
      ].join('\n'),
      [TOTAL, TOTAL_ASSERT]
    );
    expect(statusOf(verdict, 'total')).toBe('fail');
    expect(statusOf(verdict, 'total-assert')).toBe('fail');
  });

  it('3. a str subclass, a list of pretenders and a set of pretenders are not genuine', async () => {
    const { verdict } = await graded(
      [
        'class S(str):',
        '    def __eq__(self, other): return True',
        '    __hash__ = str.__hash__',
        'class E:',
        '    def __eq__(self, other): return True',
        '    def __hash__(self): return hash(1)',
        'word = S("wrong")',
        'def squares(n): return [E(), E(), E()]',
        'picked = {E(), 2}'
      ].join('\n'),
      [
        { id: 'word', kind: 'value', expr: 'word', expected: 'squares' },
        SQUARES,
        { id: 'picked', kind: 'value', expr: 'picked', expected: [1, 2] },
        { id: 'picked-set', kind: 'assert', code: 'assert picked == {1, 2}' }
      ]
    );
    expect(verdict.criteria.map(c => c.status)).toEqual([
      'fail',
      'fail',
      'fail',
      'fail'
    ]);
  });

  it('4. an ndarray subclass and a DataFrame subclass that override comparison are not arrays or frames', async () => {
    const { verdict } = await graded(
      [
        'import numpy as np, pandas as pd',
        'class A(np.ndarray):',
        '    def __eq__(self, other): return np.ones(np.shape(other), dtype=bool)',
        'class F(pd.DataFrame):',
        '    def equals(self, other): return True',
        '    def __eq__(self, other): return True',
        'arr = np.zeros(3).view(A)',
        'table = F({"n": [0, 0, 0]})'
      ].join('\n'),
      [
        {
          id: 'arr',
          kind: 'value',
          expr: 'arr',
          reference: 'import numpy as np\nexpected = np.array([1.0, 2.0, 3.0])'
        },
        {
          id: 'table',
          kind: 'value',
          expr: 'table',
          reference:
            'import pandas as pd\nexpected = pd.DataFrame({"n": [1, 2, 3]})'
        },
        {
          id: 'arr-assert',
          kind: 'assert',
          code: 'import numpy as np\nassert (arr == np.array([1.0, 2.0, 3.0])).all()'
        }
      ]
    );
    expect(verdict.criteria.map(c => c.status)).toEqual([
      'fail',
      'fail',
      'fail'
    ]);
  });
});

describe('reaching for the check machinery', () => {
  async function tampered(
    code: string,
    checks: Check[] = [TOTAL]
  ): Promise<ICellVerdict> {
    const { verdict, seal } = await graded(code, checks);
    expect(seal.tamper.length).toBeGreaterThan(0);
    for (const criterion of verdict.criteria) {
      expect(criterion.status).toBe('fail');
      expect(criterion.message).toContain(TAMPERING);
    }
    return verdict;
  }

  it('5. replacing the harness module in sys.modules with one that answers "pass"', async () => {
    await tampered(
      [
        'import sys',
        'class Fake:',
        '    VERSION = sys.modules["_mltutor_harness"].VERSION',
        '    def _repr_mimebundle_(self, include=None, exclude=None):',
        '        return {"application/vnd.mltutor.result+json": {"results": [{"id": "total", "status": "pass"}]}}',
        '    def run(self, payload): return self',
        '    def sealed_run(self, payload): return self',
        'sys.modules["_mltutor_harness"] = Fake()',
        'total = 0'
      ].join('\n')
    );
  });

  it('6. patching json.dumps so that "fail" reads "pass"', async () => {
    await tampered(
      [
        'import json',
        '_dumps = json.dumps',
        'json.dumps = lambda obj, *a, **k: _dumps(obj, *a, **k).replace(\'"fail"\', \'"pass"\')',
        'total = 0'
      ].join('\n')
    );
  });

  it("7. rewriting the harness's own comparison through its hooks' globals", async () => {
    await tampered(
      [
        'ip = get_ipython()',
        'hook = [f for f in ip.events.callbacks["pre_run_cell"] if getattr(f, "__module__", "") == "_mltutor_harness"]',
        'g = (hook[0] if hook else __import__("sys").modules["_mltutor_harness"].run).__globals__',
        'g["_compare"] = lambda *args: None',
        'total = 0'
      ].join('\n')
    );
  });

  it("8. replacing the kernel's user_expressions (the reply path) with a forged answer", async () => {
    await tampered(
      [
        'ip = get_ipython()',
        'def forged(expressions):',
        '    return {k: {"status": "ok", "data": {"application/vnd.mltutor.result+json":',
        '        {"sealed": "{}", "mac": "0" * 64}}, "metadata": {}} for k in expressions}',
        'ip.user_expressions = forged',
        'total = 0'
      ].join('\n')
    );
  });

  it('9. patching NumPy inside (a module attribute the comparison uses) and the import system', async () => {
    await tampered(
      [
        'import builtins, numpy.core.numeric as numeric',
        'numeric.isclose = lambda *a, **k: True',
        '_imp = builtins.__import__',
        'builtins.__import__ = lambda *a, **k: _imp(*a, **k)',
        'total = 0'
      ].join('\n')
    );
  });

  it('10. looking for the harness with gc', async () => {
    await tampered(
      [
        'import gc',
        'found = [o for o in gc.get_objects() if type(o).__name__ == "function" and "_mltutor" in str(getattr(o, "__module__", ""))]',
        'total = 0'
      ].join('\n')
    );
  });

  it("11. climbing from a learner function to the check's frame to read the expected value", async () => {
    await tampered(
      [
        'import sys',
        'def squares(n):',
        '    frame = sys._getframe(1)',
        '    while frame is not None and "expected" not in frame.f_locals:',
        '        frame = frame.f_back',
        '    return frame.f_locals["expected"] if frame else []'
      ].join('\n'),
      [
        {
          id: 'squares',
          kind: 'value',
          expr: 'squares(3)',
          reference: 'expected = [1, 4, 9]'
        }
      ]
    );
  });

  it('12. a trace function installed to watch the checks', async () => {
    await tampered(
      [
        'import sys',
        'sys.settrace(lambda frame, event, arg: None)',
        'sys.settrace(None)',
        'total = 0'
      ].join('\n')
    );
  });

  it('13. ctypes, to write memory the seal cannot see', async () => {
    await tampered(
      [
        'import ctypes',
        'ctypes.pythonapi.Py_IncRef(ctypes.py_object(1))',
        'total = 0'
      ].join('\n')
    );
  });

  it('14. signalling the kernel’s parent (the check process) and starting processes', async () => {
    const verdict = await tampered(
      [
        'import os, subprocess',
        'errors = []',
        'for attempt in (lambda: os.kill(os.getppid(), 0), lambda: subprocess.run(["true"]), os.fork):',
        '    try:',
        '        attempt()',
        '    except PermissionError as error:',
        '        errors.append(str(error))',
        'total = len(errors)'
      ].join('\n')
    );
    expect(verdict.criteria).toHaveLength(1);
  });
});

describe('without the seal (live checks)', () => {
  it('the same attempts make a wrong answer pass: why graded runs seal their kernel', async () => {
    const kernel = await env.startKernel();
    try {
      await run(
        kernel,
        'class Always:\n    def __eq__(self, other):\n        return True\ntotal = Always()\nsquares = lambda n: []'
      );
      const fooled = await env.engine.checkCell({
        ...exerciseWith([
          { id: 'eq', kind: 'assert', code: 'assert total == 30' }
        ]),
        outputs: [],
        kernel
      });
      expect(fooled.criteria[0].status).toBe('pass');
      await run(
        kernel,
        'import sys\nsys.modules["_mltutor_harness"].run.__globals__["_compare"] = lambda *args: None'
      );
      const patched = await env.engine.checkCell({
        ...exerciseWith([SQUARES]),
        outputs: [],
        kernel
      });
      expect(patched.criteria[0].status).toBe('pass');
    } finally {
      await env.server.stopKernel(kernel);
    }
  });
});
