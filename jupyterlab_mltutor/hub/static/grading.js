// The dashboard's grading: the "Grade current notebooks" control with the state of
// the run, and the verified result shown in a learner's cell beside the live one.
// Every visible string is in TEXT (the one place to translate them); everything
// that comes from a gradebook or a lab is set as text, never as HTML.
(function () {
  'use strict';
  var TEXT = {
    all: 'All exercises',
    grade: 'Grade current notebooks',
    exerciseLabel: 'Exercise to grade',
    intro:
      "Runs every learner's current notebook in a fresh, sealed kernel with every check, hidden ones included, and shows the verified points beside the live progress.",
    never: 'No grading run yet.',
    queued: 'Grading of {scope} is queued…',
    running: 'Grading {scope}: {graded} of {submissions} notebook(s) graded…',
    done: 'Graded {scope} at {time}: {submissions} notebook(s) in {seconds} s, {missing} missing.',
    failed: 'Grading {scope} failed: {error}',
    busy: 'A grading run is already going (started by {by} at {time}).',
    unavailable: 'Grading is not set up here: {error}',
    requestFailed: 'Could not start grading ({error}).',
    liveLabel: 'Live (self-reported): ',
    gradedLabel: 'Graded: ',
    points: '{points}/{max} points',
    gradedAt: 'graded {time}',
    beforeLive: "before the learner's latest live change",
    summary:
      'Graded: {passed} of {graded} verified pass(es); {unconfirmed} live pass(es) not confirmed.',
    status: {
      pass: 'passed',
      fail: 'not passed',
      tampering: 'tampering suspected',
      missing: 'notebook missing',
      'time-limit': 'stopped at the time limit',
      'memory-limit': 'stopped at the memory limit',
      'kernel-died': 'the kernel died',
      error: 'could not be graded'
    },
    mismatch: 'Live pass not confirmed',
    mismatchHelp:
      'The learner\'s lab reported "Passed", but the graded run of their current notebook in a clean kernel did not pass. The live verdict is self-reported: it may have been fooled from the learner\'s kernel, or the notebook changed or went missing since.',
    tamperingFlag: 'Tampering suspected',
    tamperingHelp:
      "The graded run saw this notebook's code reach for the check machinery; review it: {what}",
    failingHelp: 'Checks not passed: {what}',
    problemsHelp: 'Problems: {what}',
    legendTitle: 'Marks',
    legendMismatch:
      'the lab says passed, the graded run does not (see its explanation on the cell).',
    legendTampering:
      "the graded run saw the notebook's code reach for the check machinery."
  };

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, key) =>
      values[key] === undefined || values[key] === null
        ? whole
        : String(values[key])
    );
  }

  function timeOf(iso) {
    return iso ? new Date(iso).toLocaleString() : '';
  }

  /** The grading control; `el` makes an element, `prefix` is the service's URL. */
  function GradingControl(el, prefix, root) {
    this.el = el;
    this.prefix = prefix;
    this.root = root;
    this.titles = {};
    this.notice = '';
    root.appendChild(el('p', TEXT.intro, 'text-muted'));
    var form = el('form', null, 'form-inline');
    var label = el('label', TEXT.exerciseLabel, 'sr-only');
    label.setAttribute('for', 'mltutor-grade-scope');
    this.select = el('select', null, 'form-control');
    this.select.id = 'mltutor-grade-scope';
    this.button = el('button', TEXT.grade, 'btn btn-primary');
    this.button.id = 'mltutor-grade';
    this.button.type = 'submit';
    form.appendChild(label);
    form.appendChild(this.select);
    form.appendChild(document.createTextNode(' '));
    form.appendChild(this.button);
    root.appendChild(form);
    this.state = el('p', TEXT.never, 'mltutor-grade-state');
    this.state.id = 'mltutor-grade-state';
    this.state.setAttribute('role', 'status');
    this.state.setAttribute('aria-live', 'polite');
    root.appendChild(this.state);
    form.addEventListener('submit', event => {
      event.preventDefault();
      this.start();
    });
  }

  GradingControl.prototype.scopeName = function (scope) {
    return scope ? this.titles[scope] || scope : TEXT.all.toLowerCase();
  };

  GradingControl.prototype.update = function (view) {
    var chosen = this.select.value;
    var options = [['', TEXT.all]].concat(
      view.exercises.map(x => [
        x.pack + '/' + x.exercise,
        x.title || x.exercise
      ])
    );
    options.forEach(o => {
      this.titles[o[0]] = o[1];
    });
    var current = Array.prototype.map.call(this.select.options, o => o.value);
    if (current.join('\n') !== options.map(o => o[0]).join('\n')) {
      this.select.replaceChildren.apply(
        this.select,
        options.map(o => {
          var option = this.el('option', o[1]);
          option.value = o[0];
          return option;
        })
      );
      this.select.value = chosen;
    }
    var grading = view.grading || {};
    var job = grading.job;
    var going = job && (job.state === 'queued' || job.state === 'running');
    this.button.disabled = Boolean(grading.problem);
    this.button.setAttribute('aria-disabled', going ? 'true' : 'false');
    var text;
    if (grading.problem) {
      text = format(TEXT.unavailable, { error: grading.problem });
    } else if (!job) {
      text = TEXT.never;
    } else {
      text = format(TEXT[job.state] || job.state, {
        scope: this.scopeName(job.scope),
        graded: job.graded,
        submissions: job.submissions,
        missing: job.missing,
        seconds: job.elapsedSeconds,
        time: timeOf(job.finishedAt),
        error: job.error
      });
    }
    this.root.setAttribute('data-state', job ? job.state : 'none');
    this.state.className =
      'mltutor-grade-state' +
      (job && job.state === 'failed' ? ' text-danger' : '');
    if (!going) {
      this.notice = ''; // "already going" is news only while it goes
    }
    this.state.textContent = this.notice ? this.notice + ' ' + text : text;
  };

  GradingControl.prototype.start = function () {
    this.notice = '';
    fetch(this.prefix + 'api/grade', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        'X-MLTutor-Dashboard': '1'
      },
      body: JSON.stringify({ exercise: this.select.value })
    })
      .then(response =>
        response
          .json()
          .catch(() => ({}))
          .then(body => ({ status: response.status, body: body }))
      )
      .then(answer => {
        var job = answer.body.job;
        if (answer.status === 409 && job) {
          this.notice = format(TEXT.busy, {
            by: job.requestedBy,
            time: timeOf(job.createdAt)
          });
        } else if (answer.status !== 202) {
          this.notice = format(TEXT.requestFailed, {
            error: answer.body.error || 'HTTP ' + answer.status
          });
        }
        this.state.textContent = this.notice || this.state.textContent;
      })
      .catch(error => {
        this.notice = format(TEXT.requestFailed, { error: error.message });
        this.state.textContent = this.notice;
      });
  };

  /** The verified result and its marks, appended to a learner's cell. */
  function drawVerified(el, td, entry) {
    var v = entry.verified;
    var block = el('div', null, 'mltutor-verified');
    var line = el('small');
    line.appendChild(el('strong', TEXT.gradedLabel));
    var parts = [TEXT.status[v.status] || v.status];
    if (v.points !== null && v.points !== undefined) {
      parts.unshift(
        format(TEXT.points, { points: v.points, max: v.maxPoints })
      );
    }
    if (v.gradedAt) {
      parts.push(format(TEXT.gradedAt, { time: timeOf(v.gradedAt) }));
    }
    if (v.beforeLiveChange) {
      parts.push(TEXT.beforeLive);
    }
    line.appendChild(document.createTextNode(parts.join(', ')));
    block.appendChild(line);
    var reasons = [];
    if (v.failing && v.failing.length) {
      reasons.push(format(TEXT.failingHelp, { what: v.failing.join(', ') }));
    }
    if (v.problems && v.problems.length) {
      reasons.push(format(TEXT.problemsHelp, { what: v.problems.join('; ') }));
    }
    if (reasons.length) {
      block.appendChild(el('small', reasons.join(' '), 'mltutor-reasons'));
    }
    if (entry.disagrees) {
      var mark = el(
        'span',
        '⚠ ' + TEXT.mismatch,
        'label label-danger mltutor-mismatch'
      );
      mark.title = TEXT.mismatchHelp;
      block.appendChild(mark);
      block.appendChild(el('span', TEXT.mismatchHelp, 'sr-only'));
    }
    if (v.tamperingSuspected) {
      var help = format(TEXT.tamperingHelp, {
        what: (v.tampering || []).join('; ')
      });
      var flag = el(
        'span',
        TEXT.tamperingFlag,
        'label label-warning mltutor-tampering'
      );
      flag.title = help;
      block.appendChild(flag);
      block.appendChild(el('span', help, 'sr-only'));
    }
    td.appendChild(block);
  }

  function drawLegend(el, root) {
    var legend = el('p', null, 'mltutor-legend small');
    legend.appendChild(el('strong', TEXT.legendTitle + ': '));
    legend.appendChild(el('span', '⚠ ' + TEXT.mismatch, 'label label-danger'));
    legend.appendChild(
      document.createTextNode(' ' + TEXT.legendMismatch + ' ')
    );
    legend.appendChild(el('span', TEXT.tamperingFlag, 'label label-warning'));
    legend.appendChild(document.createTextNode(' ' + TEXT.legendTampering));
    root.appendChild(legend);
  }

  /** The verified line of an exercise's summary, once a run graded it. */
  function drawSummary(el, inner, x) {
    if (x.graded > 0) {
      inner.appendChild(
        el(
          'p',
          format(TEXT.summary, {
            passed: x.verifiedPassed,
            graded: x.graded,
            unconfirmed: x.notConfirmed
          }),
          'mltutor-verified-summary'
        )
      );
    }
  }

  window.mltutorGrading = {
    drawSummary: drawSummary,
    TEXT: TEXT,
    GradingControl: GradingControl,
    drawVerified: drawVerified,
    drawLegend: drawLegend
  };
})();
