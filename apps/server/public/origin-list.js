// Languages and nationalities in order (partials/origin_list.hbs): rows are added, removed and
// moved up or down with buttons, so the order can be set from the keyboard; the first row is
// relabelled as the main one whenever the order changes, and a screen reader hears where the
// moved row went. Without this script the form works with its fixed inputs.
(function () {
  'use strict';

  function enhance(list) {
    var rowsOf = function () {
      return Array.prototype.slice.call(list.querySelectorAll('[data-origin-row]'));
    };
    var max = Number(list.getAttribute('data-max')) || 10;
    var firstLabel = list.getAttribute('data-label-first');
    var otherLabel = list.getAttribute('data-label-other');
    var moved = list.getAttribute('data-moved');
    var addButton = list.querySelector('[data-origin-add]');
    var status = list.querySelector('[data-origin-status]');
    var prefix = list.id;
    var template = rowsOf()[0].cloneNode(true);

    // Rows left empty at the end are added again when needed; one row stays.
    var rows = rowsOf();
    for (var i = rows.length - 1; i > 0; i--) {
      var input = rows[i].querySelector('input');
      if (input.value.trim() || input.getAttribute('aria-invalid') === 'true') break;
      rows[i].parentNode.removeChild(rows[i]);
    }

    function inputOf(row) {
      return row.querySelector('input');
    }

    function relabel() {
      var all = rowsOf();
      all.forEach(function (row, index) {
        var text = index === 0 ? firstLabel : otherLabel.replace('{{number}}', String(index + 1));
        row.querySelector('[data-origin-label]').textContent = text;
        Array.prototype.forEach.call(row.querySelectorAll('[data-origin-of]'), function (span) {
          span.textContent = ' \u2014 ' + text;
        });
        row.querySelector('[data-origin-move="up"]').disabled = index === 0;
        row.querySelector('[data-origin-move="down"]').disabled = index === all.length - 1;
        row.querySelector('[data-origin-remove]').hidden = all.length === 1;
      });
      addButton.disabled = all.length >= max;
    }

    function announce(row) {
      status.textContent = moved.replace('{{label}}', row.querySelector('[data-origin-label]').textContent).replace('{{value}}', inputOf(row).value);
    }

    function nextId() {
      var taken = rowsOf().map(function (row) {
        return Number(inputOf(row).id.slice(prefix.length + 1)) || 0;
      });
      return prefix + '-' + (Math.max.apply(null, taken) + 1);
    }

    function setUp(row) {
      Array.prototype.forEach.call(row.querySelectorAll('button'), function (button) {
        button.hidden = false;
      });
      row.querySelector('[data-origin-move="up"]').addEventListener('click', function () {
        move(row, -1, 'up');
      });
      row.querySelector('[data-origin-move="down"]').addEventListener('click', function () {
        move(row, 1, 'down');
      });
      row.querySelector('[data-origin-remove]').addEventListener('click', function () {
        remove(row);
      });
    }

    function move(row, step, direction) {
      var all = rowsOf();
      var index = all.indexOf(row);
      var other = all[index + step];
      if (!other) return;
      if (step < 0) row.parentNode.insertBefore(row, other);
      else row.parentNode.insertBefore(other, row);
      relabel();
      var same = row.querySelector('[data-origin-move="' + direction + '"]');
      (same.disabled ? row.querySelector('[data-origin-move="' + (direction === 'up' ? 'down' : 'up') + '"]') : same).focus();
      announce(row);
    }

    function remove(row) {
      var all = rowsOf();
      var index = all.indexOf(row);
      row.parentNode.removeChild(row);
      relabel();
      var rest = rowsOf();
      inputOf(rest[Math.min(index, rest.length - 1)]).focus();
    }

    addButton.addEventListener('click', function () {
      if (rowsOf().length >= max) return;
      var row = template.cloneNode(true);
      var id = nextId();
      var input = inputOf(row);
      var error = row.querySelector('.field-error');
      if (error) error.parentNode.removeChild(error);
      input.id = id;
      input.removeAttribute('value');
      input.value = '';
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', prefix + '-hint');
      row.querySelector('[data-origin-label]').setAttribute('for', id);
      list.querySelector('.origin-rows').appendChild(row);
      setUp(row);
      relabel();
      input.focus();
    });

    rowsOf().forEach(setUp);
    addButton.hidden = false;
    relabel();
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-origin-list]'), enhance);
})();
