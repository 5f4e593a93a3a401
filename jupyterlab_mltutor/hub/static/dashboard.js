// The class dashboard's page: polls the class state and redraws it; text only
// (everything from learners' labs is set as text, never as HTML).
(function () {
  'use strict';
  var root = document.querySelector('.mltutor-class');
  var prefix = root.getAttribute('data-prefix');
  var grid = document.getElementById('mltutor-grid');
  var summary = document.getElementById('mltutor-summary');
  var updated = document.getElementById('mltutor-updated');
  var lastVersion = null;
  var grading = window.mltutorGrading;
  var control = null;
  var STATUS = {
    'not-started': 'Not started',
    'in-progress': 'In progress',
    passed: 'Passed',
    'solution-revealed': 'Solution revealed'
  };

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function drawGrid(view) {
    if (view.learners.length === 0) {
      return;
    }
    var table = el('table', null, 'table table-bordered table-condensed');
    table.id = 'mltutor-table';
    var caption = el(
      'caption',
      'Live status per learner (self-reported), attempts and hints; below it, the last graded run (verified).'
    );
    table.appendChild(caption);
    var head = el('tr');
    head.appendChild(el('th', 'Learner')).setAttribute('scope', 'col');
    view.exercises.forEach(x => {
      var th = el('th', x.title || x.exercise);
      th.setAttribute('scope', 'col');
      head.appendChild(th);
    });
    table.appendChild(el('thead')).appendChild(head);
    var body = el('tbody');
    view.learners.forEach(learner => {
      var row = el('tr');
      row.setAttribute('data-learner', learner);
      var th = el('th', learner);
      th.setAttribute('scope', 'row');
      row.appendChild(th);
      view.exercises.forEach(x => {
        var entry = (view.grid[learner] || {})[x.pack + '/' + x.exercise];
        var td = el('td');
        td.setAttribute('data-exercise', x.pack + '/' + x.exercise);
        if (entry) {
          td.className =
            'mltutor-status-' +
            entry.status +
            (entry.disagrees ? ' mltutor-disagrees' : '');
          var live = el('span', null, 'mltutor-status');
          live.appendChild(
            el('span', grading.TEXT.liveLabel, 'mltutor-live-label')
          );
          live.appendChild(
            document.createTextNode(STATUS[entry.status] || entry.status)
          );
          td.appendChild(live);
          td.appendChild(
            el(
              'small',
              entry.attempts +
                ' attempt(s), ' +
                entry.hints +
                ' hint(s)' +
                (entry.solutionRevealed ? ', solution seen' : ''),
              'mltutor-counts'
            )
          );
          if (entry.verified) {
            grading.drawVerified(el, td, entry);
          }
        } else {
          td.appendChild(el('span', '-', 'text-muted'));
        }
        row.appendChild(td);
      });
      body.appendChild(row);
    });
    table.appendChild(body);
    grid.replaceChildren(table);
    if (
      view.learners.some(l => Object.values(view.grid[l]).some(e => e.verified))
    ) {
      grading.drawLegend(el, grid);
    }
  }

  function drawSummary(view) {
    var nodes = view.exercises.map(x => {
      var section = el('section', null, 'panel panel-default mltutor-exercise');
      section.setAttribute('data-exercise', x.pack + '/' + x.exercise);
      section.appendChild(el('div', x.title || x.exercise, 'panel-heading'));
      var inner = el('div', null, 'panel-body');
      inner.appendChild(
        el(
          'p',
          x.passed +
            ' of ' +
            x.started +
            ' learner(s) passed (self-reported); ' +
            x.solutionRevealed +
            ' saw the solution.',
          'mltutor-passes'
        )
      );
      grading.drawSummary(el, inner, x);
      if (x.mostFailed.length > 0) {
        inner.appendChild(el('h4', 'Checks the class fails most'));
        var list = el('ol', null, 'mltutor-failed');
        x.mostFailed.forEach(f => {
          var item = el('li');
          item.appendChild(el('strong', f.check + ' (' + f.cell + ')'));
          item.appendChild(
            document.createTextNode(
              ' - ' +
                f.learners +
                ' learner(s), ' +
                f.count +
                ' failed check(s)'
            )
          );
          if (f.message) {
            item.appendChild(el('div', f.message, 'mltutor-message'));
          }
          list.appendChild(item);
        });
        inner.appendChild(list);
      }
      section.appendChild(inner);
      return section;
    });
    summary.replaceChildren.apply(summary, nodes);
  }

  function refresh() {
    fetch(prefix + 'api/class', {
      credentials: 'same-origin',
      cache: 'no-store'
    })
      .then(response => {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(view => {
        if (control === null) {
          control = new grading.GradingControl(
            el,
            prefix,
            document.getElementById('mltutor-grading')
          );
        }
        control.update(view);
        if (view.version !== lastVersion) {
          lastVersion = view.version;
          drawGrid(view);
          drawSummary(view);
        }
        updated.textContent = 'Updated ' + new Date().toLocaleTimeString();
      })
      .catch(error => {
        updated.textContent =
          'Could not update (' + error.message + '); retrying.';
      })
      .finally(() => {
        setTimeout(refresh, 2000);
      });
  }
  refresh();
})();
