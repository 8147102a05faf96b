// Score grid helpers for form[data-score-grid]: spreadsheet keys, multi-cell
// paste, change/invalid marks and the correction reason. The form works
// without this script; the server stays the authority on validation.
(() => {
  'use strict';
  const MSG_INVALID = 'Nilai harus bilangan bulat 0–100';
  const grids = [];

  const isScore = v => /^\d{1,3}$/.test(v) && Number(v) <= 100;

  // Only hold a beforeunload listener while dirty, so bfcache keeps working.
  const unsaved = () => grids.some(g => g.dirty && !g.submitting);
  function onLeave(e) {
    if (unsaved()) { e.preventDefault(); e.returnValue = ''; }
  }
  const syncLeave = () => window[(unsaved() ? 'add' : 'remove') + 'EventListener']('beforeunload', onLeave);

  function initGrid(form) {
    const rows = Array.from(form.querySelectorAll('tbody tr'))
      .map(tr => Array.from(tr.querySelectorAll('input.cell')))
      .filter(r => r.length);
    const cells = [].concat(...rows);
    if (!cells.length) return;

    const where = new Map();
    const meta = new Map();
    rows.forEach((row, r) => row.forEach((inp, c) => {
      where.set(inp, [r, c]);
      const td = inp.closest('td');
      // Keep the server's title/invalid mark until the user edits that cell.
      meta.set(inp, { td, title: td.title, invalid: td.classList.contains('invalid'), value: inp.value });
    }));

    const reasonBox = form.querySelector('[data-reason]');
    const reason = reasonBox && reasonBox.querySelector('textarea');
    const status = form.querySelector('[data-grid-status]');
    const g = { dirty: false, submitting: false };
    grids.push(g);

    const cellAt = (r, c) => (rows[r] && rows[r][c]) || null;
    const say = text => { if (status) status.textContent = text; };

    function check(inp) {
      const m = meta.get(inp);
      const v = inp.value.trim();
      const seen = (inp.getAttribute('data-seen') || '').trim();
      const changed = v !== seen;
      const keepServer = m.invalid && inp.value === m.value;
      const bad = keepServer || (v !== '' && !isScore(v));
      m.td.classList.toggle('changed', changed);
      m.td.classList.toggle('invalid', bad);
      inp.toggleAttribute('aria-invalid', bad);
      const plain = m.invalid && !m.td.classList.contains('conflict') ? '' : m.title;
      m.td.title = bad ? (keepServer ? m.title : MSG_INVALID) : plain;
      return { changed, fix: changed && seen !== '', bad };
    }

    function update(note) {
      let changed = 0, fixes = 0, bad = 0;
      cells.forEach(inp => {
        const s = check(inp);
        changed += s.changed; fixes += s.fix; bad += s.bad;
      });
      if (reasonBox) reasonBox.hidden = !fixes;
      if (reason) reason.required = fixes > 0;
      const parts = [changed ? changed + ' nilai diubah' : 'Belum ada perubahan'];
      if (fixes) parts.push(fixes + ' koreksi');
      if (bad) parts.push(bad + ' tidak valid');
      say((note ? note + ' ' : '') + parts.join(', '));
      g.dirty = changed > 0;
      syncLeave();
    }

    // Caret at the edge, or whole text selected (as after moving in).
    function atEdge(inp, end) {
      const s = inp.selectionStart, t = inp.selectionEnd, n = inp.value.length;
      if (s == null || (s === 0 && t === n)) return true;
      return end ? s === n : t === 0;
    }

    form.addEventListener('keydown', e => {
      const inp = e.target;
      if (!where.has(inp) || e.isComposing || e.keyCode === 229) return;
      const [r, c] = where.get(inp);
      let to = null;
      if (e.key === 'Enter') {
        e.preventDefault(); // never submit from a cell
        to = cellAt(r + (e.shiftKey ? -1 : 1), c);
      } else if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) {
        return;
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault(); // keep the selection at the grid's top/bottom edge
        to = cellAt(r + (e.key === 'ArrowUp' ? -1 : 1), c);
      } else if (e.key === 'ArrowLeft') to = atEdge(inp, false) && cellAt(r, c - 1);
      else if (e.key === 'ArrowRight') to = atEdge(inp, true) && cellAt(r, c + 1);
      if (to) {
        e.preventDefault();
        to.focus();
        to.select();
      }
    });

    form.addEventListener('input', e => { if (where.has(e.target)) update(); });

    form.addEventListener('paste', e => {
      const inp = e.target;
      const cd = e.clipboardData;
      if (!where.has(inp) || !cd) return;
      const text = cd.getData('text').replace(/\r\n?/g, '\n').replace(/\n$/, '');
      const block = text.split('\n').map(line => line.split('\t'));
      if (block.length === 1 && block[0].length === 1) return; // native paste
      e.preventDefault();
      const [r0, c0] = where.get(inp);
      let put = 0, lost = 0;
      block.forEach((vals, i) => vals.forEach((v, j) => {
        const t = cellAt(r0 + i, c0 + j);
        if (t && !t.disabled && !t.readOnly) { t.value = v.trim(); put++; } else lost++;
      }));
      update(put + ' nilai ditempel' + (lost ? ', ' + lost + ' diabaikan.' : '.'));
    });

    const buttons = () => form.querySelectorAll('button[type=submit], button:not([type])');

    form.addEventListener('submit', e => {
      if (g.submitting) { e.preventDefault(); return; }
      update();
      const bad = form.querySelector('td.invalid input.cell');
      if (bad) {
        e.preventDefault();
        bad.focus();
        bad.select();
        say('Perbaiki nilai yang ditandai merah');
        return;
      }
      // Native checks (e.g. the required reason) run here, after ours.
      if (!form.checkValidity()) {
        e.preventDefault();
        form.reportValidity();
        return;
      }
      g.submitting = true;
      syncLeave();
      const btn = e.submitter || buttons()[0];
      // Defer so a named submit button still lands in the form data.
      setTimeout(() => {
        buttons().forEach(b => { b.disabled = true; });
        if (btn) {
          btn.dataset.label = btn.textContent;
          btn.textContent = 'Menyimpan…';
        }
      }, 0);
    });

    // Back button may restore this page from bfcache with buttons disabled.
    window.addEventListener('pageshow', e => {
      if (!e.persisted) return;
      g.submitting = false;
      buttons().forEach(b => {
        b.disabled = false;
        if (b.dataset.label) { b.textContent = b.dataset.label; delete b.dataset.label; }
      });
      update();
    });

    // Validate in the submit handler so red cells are reported first.
    form.noValidate = true;
    update();
  }

  const start = () => document.querySelectorAll('form[data-score-grid]').forEach(initGrid);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
