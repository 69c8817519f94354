// The arrival roster, from the keyboard: Enter moves to the next row, Shift+Enter copies the
// nationality, languages and sex down to it, Alt+Enter keeps the household (numbered if it has
// none) and the family name too, Ctrl+Enter records the rows. Nationalities and languages are
// completed from the start of their name. Without this script the form works as it is.
(function () {
  'use strict';
  var form = document.querySelector('form[data-roster]');
  if (!form) return;
  var keys = document.querySelector('[data-roster-keys]');
  if (keys) keys.hidden = false;

  var rows = Array.prototype.slice.call(form.querySelectorAll('tr[data-row]'));
  var GROUP = ['nationalities', 'languages', 'sex'];
  var FAMILY = ['household', 'familyName'].concat(GROUP);

  function cell(row, column) {
    return row.querySelector('[data-column="' + column + '"]');
  }

  function focusCell(row, column) {
    var field = cell(row, column);
    field.focus();
    if (field.select && field.tagName === 'INPUT' && field.type !== 'checkbox') field.select();
  }

  /** Copies values into the cells of `to` that are still empty. */
  function copy(from, to, columns) {
    columns.forEach(function (column) {
      var source = cell(from, column);
      var target = cell(to, column);
      if (source && target && !target.value && source.value) target.value = source.value;
    });
  }

  /** The next free household number: labels already typed on the page, or recorded, are taken. */
  function newHousehold() {
    var taken = {};
    rows.forEach(function (row) {
      taken[cell(row, 'household').value.trim().toLowerCase()] = true;
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-recorded] td:nth-child(3)'), function (td) {
      taken[td.textContent.trim().toLowerCase()] = true;
    });
    // Households already recorded from this interception keep their numbers.
    var number = Number(form.getAttribute('data-households') || 0) + 1;
    while (taken[String(number)]) number += 1;
    return String(number);
  }

  function nextRow(row, how) {
    var index = rows.indexOf(row);
    var next = rows[index + 1];
    if (!next) {
      form.querySelector('[data-roster-submit]').focus();
      return;
    }
    if (how === 'family') {
      var household = cell(row, 'household');
      if (!household.value.trim()) household.value = newHousehold();
      copy(row, next, FAMILY);
      focusCell(next, 'givenNames');
      return;
    }
    if (how === 'group') copy(row, next, GROUP);
    focusCell(next, 'familyName');
  }

  form.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter' || event.isComposing) return;
    var row = event.target.closest && event.target.closest('tr[data-row]');
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();
      return;
    }
    if (!row || event.target.tagName === 'BUTTON') return;
    event.preventDefault();
    nextRow(row, event.altKey ? 'family' : event.shiftKey ? 'group' : 'plain');
  });

  rows.forEach(function (row, index) {
    var button = row.querySelector('[data-copy-above]');
    if (!button) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      copy(rows[index - 1], row, GROUP);
    });
  });

  // Inline completion: the first name, in the list's order, that starts with what was typed.
  var fold = function (text) {
    return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  };
  var names = {};
  Array.prototype.forEach.call(document.querySelectorAll('datalist'), function (list) {
    names[list.id] = Array.prototype.map.call(list.options, function (option) {
      return option.value;
    });
  });
  form.addEventListener('input', function (event) {
    var field = event.target;
    var list = field.getAttribute && names[field.getAttribute('data-complete')];
    if (!list || event.inputType !== 'insertText' || field.selectionEnd !== field.value.length) return;
    var start = field.value.lastIndexOf(',') + 1;
    var typed = field.value.slice(start).replace(/^\s+/, '');
    if (typed.length < 2) return;
    var folded = fold(typed);
    for (var i = 0; i < list.length; i++) {
      if (fold(list[i]).indexOf(folded) === 0) {
        var before = field.value.slice(0, field.value.length - typed.length);
        field.value = before + typed + list[i].slice(typed.length);
        field.setSelectionRange(before.length + typed.length, field.value.length);
        return;
      }
    }
  });
})();
