// Score grid helpers for form[data-score-grid]: spreadsheet keys, block paste,
// change/invalid marks, correction reason. data-max on the form sets the
// highest whole number a cell takes (default 100; the attendance grid counts
// days). Unsaved drafts for any form with data-draft (the signed-in user). The
// forms work without this script; the server stays the authority on validation.
(() => {
  'use strict';
  const forms = []; // { dirty, submitting } of every grid and draft form on the page
  // Read before the notice's parameter is dropped from the address (end of file).
  const justSaved = /[?&]disimpan=/.test(location.search);
  const DRAFT_DAYS = 1;
  // The tab's own storage, not the browser's: on a shared lab computer a draft must not outlive the tab for the next
  // person to read or plant values in. It survives reloads, the sign-in detour and the browser's session restore.
  const storage = (() => { try { return window.sessionStorage; } catch (_) { return null; } })();
  // The draft of the form whose save brought this page, noted as it was sent: a save spends that draft only, not the
  // typing of the page's other forms (new TPs typed while another TP's wording is saved). Unknown: every draft is spent.
  const SENT = 'eraport-draft-sent';
  const sent = (() => { try { const key = storage.getItem(SENT); storage.removeItem(SENT); return key; } catch (_) { return null; } })();
  // Spent here even when the saved form is not on this page: a correction request's answer is the queue, and its draft,
  // left behind, would offer the request's text again on the form it was sent from.
  if (justSaved && sent) try { storage.removeItem(sent); } catch (_) { /* nothing to drop */ }

  // Listen to beforeunload only while dirty, so bfcache keeps working.
  const unsaved = () => forms.some(g => g.dirty && !g.submitting);
  const onLeave = e => { if (unsaved()) { e.preventDefault(); e.returnValue = ''; } };
  const syncLeave = () => window[(unsaved() ? 'add' : 'remove') + 'EventListener']('beforeunload', onLeave);

  // Typing survives an expired session, a lost connection or a reload: what differs from the page as served is
  // kept per user, page and tab until a save succeeds, and offered again only where the saved value (a cell's
  // data-seen, else the field as served) has not changed since.
  // A choice (select) was served with its selected option, else its first.
  const served = f => f.options ? (Array.from(f.options).find(o => o.defaultSelected) || f.options[0] || { value: '' }).value : f.defaultValue;
  const original = f => (f.hasAttribute('data-seen') ? f.getAttribute('data-seen') : served(f)).trim();
  const differs = f => f.value.trim() !== original(f);

  // Per user, page and form (Blazor's form name): a page may hold several whose fields share a name, as each TP's wording
  // and the new TPs.
  const draftKey = (user, formName) => 'eraport-draft:' + user + ':' + location.pathname + (formName ? '#' + formName : '');

  function draftOf(form, fields) {
    const handler = form.querySelector('input[name=_handler]');
    // A form the address does not tell apart (a student's, chosen by a query) names whose it is in data-draft-for.
    const formName = [handler && handler.value, form.dataset.draftFor].filter(Boolean).join(':');
    const key = storage && form.dataset.draft ? draftKey(form.dataset.draft, formName) : null;
    const drop = () => { try { storage.removeItem(key); } catch (_) { /* nothing to drop */ } };

    // worth: false drops the draft (a grid whose cells are all as saved keeps no lone reason).
    function keep(worth = true) {
      if (!key) return;
      // A choice keeps the words it showed too: a locked page, which has no choice left, shows them ("Tidak tercapai").
      const typed = worth ? fields.filter(differs).map(f => [f.name, f.value.trim(), original(f)].concat(f.options ? [f.options[f.selectedIndex].text] : [])) : [];
      try {
        if (typed.length) storage.setItem(key, JSON.stringify({ at: Date.now(), fields: typed }));
        else drop();
      } catch (_) { /* storage full or refused: the form still works */ }
    }

    // Puts the draft back; returns the fields restored and how many were skipped as changed since.
    function restore() {
      const result = { restored: [], stale: 0 };
      if (!key) return result;
      let draft = null;
      try { draft = JSON.parse(storage.getItem(key) || 'null'); } catch (_) { /* unreadable: dropped below */ }
      if ((justSaved && (sent === null || sent === key)) || !draft || !Array.isArray(draft.fields) || Date.now() - draft.at > DRAFT_DAYS * 864e5) {
        drop();
        return result;
      }
      const byName = new Map(fields.map(f => [f.name, f]));
      draft.fields.forEach(([name, value, seen]) => {
        const f = byName.get(name);
        // Already on the page (a refused save shows what was sent), or the page holds other typing.
        if (!f || f.value.trim() === value || differs(f)) return;
        if (original(f) !== seen) { result.stale++; return; }
        f.value = value;
        result.restored.push(f);
      });
      return result;
    }

    // What was restored, in words, and a button after anchor that puts the fields back as served.
    function offer({ restored, stale }, count, noun, anchor, discarded) {
      if (restored.length) {
        const discard = document.createElement('button');
        discard.type = 'button';
        discard.textContent = 'Buang isian yang dipulihkan';
        discard.dataset.discardDraft = '';
        discard.addEventListener('click', () => {
          restored.forEach(f => { f.value = original(f); });
          discard.remove();
          discarded();
        });
        anchor.insertAdjacentElement('afterend', discard);
      }
      // Names the form's own button: a correction request is sent with "Ajukan koreksi", not "Simpan".
      const button = anchor.closest('form')?.querySelector('button[type=submit], button:not([type])');
      const then = (button && button.textContent.trim()) || 'Simpan';
      return ((count ? count + ' ' + noun + ' yang belum tersimpan dipulihkan; periksa, lalu ' + then + '.' : '') +
        (stale ? ' ' + stale + ' tidak dipulihkan karena sudah diubah sejak itu.' : '')).trim();
    }

    const send = () => { try { if (key) storage.setItem(SENT, key); } catch (_) { /* then every draft is spent */ } };

    return { keep, restore, offer, send };
  }

  // Ctrl+Enter saves from any cell or field: on a form for the whole class the Save button is a whole class of Tabs away.
  const savedByKey = (e, form) => {
    if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.isComposing) return false;
    e.preventDefault();
    const save = form.querySelector('button[type=submit], button:not([type])');
    if (save) save.click();
    return true;
  };

  // A form other than a grid, e.g. a whole class's notes, a student's tercapai choices or the weights: draft, leave guard,
  // restore notice and Ctrl+Enter only.
  function initDraftForm(form) {
    const fields = Array.from(form.querySelectorAll('textarea[name], select[name], input[name]:not([type]), input[name][type=text], input[name][type=number]'));
    if (!fields.length) return;
    const g = { dirty: false, submitting: false };
    forms.push(g);
    const draft = draftOf(form, fields);
    const changed = () => { g.dirty = fields.some(differs); syncLeave(); draft.keep(); };
    form.addEventListener('input', changed);
    form.addEventListener('keydown', e => savedByKey(e, form));
    form.addEventListener('submit', () => { g.submitting = true; draft.send(); syncLeave(); });
    window.addEventListener('pageshow', e => { if (e.persisted) g.submitting = false; syncLeave(); });
    const result = draft.restore();
    if (!result.restored.length && !result.stale) return;
    // A form folded away (removing a final grade's override) is opened, or its restored typing would go unseen.
    const folded = form.closest('details');
    if (folded) folded.open = true;
    const notice = document.createElement('p');
    notice.className = 'grid-status';
    notice.setAttribute('role', 'status');
    notice.dataset.draftStatus = '';
    form.prepend(notice);
    // Restored or thrown away as if typed, so the page's own scripts follow (the whole-class extracurricular's ticks).
    const retyped = () => result.restored.forEach(f => f.dispatchEvent(new Event('input', { bubbles: true })));
    notice.textContent = draft.offer(result, result.restored.length, 'isian', notice, () => {
      notice.textContent = 'Isian yang dipulihkan dibuang.';
      retyped();
    });
    retyped();
    g.dirty = fields.some(differs);
    syncLeave();
  }

  // A value as a spreadsheet copies it: "-" is no score, and "85,00" (a number format with decimals) is 85.
  const pasted = v => {
    const t = v.trim();
    if (/^[-–—]$/.test(t)) return '';
    const whole = /^(\d{1,3})(,0+|\.00?)$/.exec(t);
    return whole ? whole[1] : t;
  };

  // "MA'RUF", "Ma’ruf" and "Maruf " are one name as spreadsheets and keyboards spell it.
  const nameKey = v => v.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/['’‘`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  // A NISN or NIS: more digits than any score has. A spreadsheet that holds it as a number has lost its leading zeros.
  const isNumber = v => /^\d{4,}$/.test(v.trim());
  const numberKey = v => '#' + v.trim().replace(/^0+/, '');
  const studentKey = v => isNumber(v) ? numberKey(v) : nameKey(v);

  function initGrid(form) {
    const trs = Array.from(form.querySelectorAll('tbody tr')).filter(tr => tr.querySelector('input.cell'));
    const rows = trs.map(tr => Array.from(tr.querySelectorAll('input.cell')));
    const cells = [].concat(...rows);
    if (!cells.length) return;

    const max = +(form.dataset.max || 100);
    const isScore = v => /^\d{1,3}$/.test(v) && +v <= max;
    const MSG_INVALID = 'Isi bilangan bulat 0–' + max + ' tanpa koma';
    const noun = form.dataset.noun || 'nilai'; // what a cell holds, in the status line
    const where = new Map();
    const meta = new Map();
    rows.forEach((row, r) => row.forEach((inp, c) => {
      where.set(inp, [r, c]);
      // Chrome on Android: the keyboard's Next key moves to the next field in page order (along the row, the same
      // student's next column) unless the field names the key; then it sends Enter, which goes down the column here.
      // Named by the script, so that without it (plain form post) the key keeps the browser's way instead of submitting.
      inp.enterKeyHint = 'next';
      const td = inp.closest('td');
      // Keep the server's invalid mark and title until the user edits the cell.
      meta.set(inp, { td, title: td.title, invalid: td.classList.contains('invalid'), value: inp.value,
        described: inp.getAttribute('aria-describedby') });
    }));
    // What a red cell's description says to a screen reader (its title is a tooltip, which only a mouse shows).
    const why = document.createElement('span');
    why.id = 'grid-invalid-' + forms.length;
    why.hidden = true;
    why.textContent = MSG_INVALID;
    form.append(why);

    const reasonBox = form.querySelector('[data-reason]');
    const reason = reasonBox && reasonBox.querySelector('textarea');
    const status = form.querySelector('[data-grid-status]');
    const g = { dirty: false, submitting: false };
    forms.push(g);
    const draft = draftOf(form, reason ? cells.concat(reason) : cells);

    const cellAt = (r, c) => (rows[r] && rows[r][c]) || null;

    // The grid row of each pasted name, NISN or NIS, -1 where the class has no such student (a name twice goes in order).
    function rowsNamed(names) {
      const free = new Map();
      const add = (k, r) => { if (k && k !== '#') free.set(k, (free.get(k) || []).concat(r)); };
      trs.forEach((tr, r) => {
        add(nameKey(tr.dataset.name || ''), r);
        [tr.dataset.nisn, tr.dataset.nis].filter(n => n && isNumber(n)).forEach(n => add(numberKey(n), r));
      });
      return names.map(n => {
        const left = free.get(studentKey(n));
        return left && left.length ? left.shift() : -1;
      });
    }
    const say = text => { if (status) status.textContent = text; };
    const buttons = () => form.querySelectorAll('button[type=submit], button:not([type])');

    function check(inp) {
      const { td, title, invalid, value, described } = meta.get(inp);
      const v = inp.value.trim();
      const seen = (inp.getAttribute('data-seen') || '').trim();
      const keep = invalid && inp.value === value;
      const bad = keep || (v !== '' && !isScore(v));
      td.classList.toggle('changed', v !== seen);
      td.classList.toggle('invalid', bad);
      inp.setAttribute('aria-invalid', bad);
      // The server's reason while the value it refused stands (a conflict's, naming the current value, while it is open).
      const because = bad && !keep ? why.id : keep || td.classList.contains('conflict') ? described : null;
      if (because) inp.setAttribute('aria-describedby', because);
      else inp.removeAttribute('aria-describedby');
      td.title = bad && !keep ? MSG_INVALID : invalid && !keep && !td.classList.contains('conflict') ? '' : title;
      return [v !== seen, v !== seen && seen !== '', bad];
    }

    function update(note) {
      const n = [0, 0, 0]; // changed, corrections, invalid
      cells.forEach(inp => check(inp).forEach((x, i) => { n[i] += x; }));
      if (reasonBox) reasonBox.hidden = !n[1];
      if (reason) reason.required = n[1] > 0;
      const parts = [n[0] ? n[0] + ' ' + noun + ' diubah' : 'Belum ada perubahan'];
      if (n[1] && reasonBox) parts.push(n[1] + ' koreksi');
      if (n[2]) parts.push(n[2] + ' tidak valid');
      say((note ? note + ' ' : '') + parts.join(', '));
      g.dirty = n[0] > 0;
      syncLeave();
    }

    // Caret at the edge, or whole text selected (as after moving in).
    function atEdge(inp, end) {
      const s = inp.selectionStart, t = inp.selectionEnd, len = inp.value.length;
      if (s == null || (s === 0 && t === len)) return true;
      return end ? s === len : t === 0;
    }

    form.addEventListener('keydown', e => {
      const inp = e.target;
      if (savedByKey(e, form) || !where.has(inp) || e.isComposing) return;
      const [r, c] = where.get(inp);
      const k = e.key;
      let to = null;
      if (k === 'Enter') {
        e.preventDefault(); // never submit from a cell
        to = cellAt(r + (e.shiftKey ? -1 : 1), c);
      } else if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) {
        return;
      } else if (k === 'ArrowDown' || k === 'ArrowUp') {
        e.preventDefault(); // keep the selection at the top/bottom row
        to = cellAt(r + (k === 'ArrowUp' ? -1 : 1), c);
      } else if (k === 'ArrowLeft') to = atEdge(inp, false) && cellAt(r, c - 1);
      else if (k === 'ArrowRight') to = atEdge(inp, true) && cellAt(r, c + 1);
      if (to) {
        e.preventDefault();
        to.focus();
        to.select();
      }
    });

    // A cell clicked or tapped into is selected whole, as in a spreadsheet: typing 3 over 2 makes 3, not 23. A second
    // click, in the cell being edited, places the caret as usual.
    let entering = null;
    form.addEventListener('pointerdown', e => { entering = where.has(e.target) && document.activeElement !== e.target ? e.target : null; });
    form.addEventListener('click', e => {
      if (e.target === entering) e.target.select();
      entering = null;
    });

    form.addEventListener('input', e => {
      if (where.has(e.target)) update();
      if (where.has(e.target) || e.target === reason) draft.keep(g.dirty);
    });

    form.addEventListener('paste', e => {
      const inp = e.target;
      if (!where.has(inp) || !e.clipboardData) return;
      // Spreadsheets copy rows as lines and columns as tabs, often with a trailing newline, and a tab after each
      // value when the column beside is empty: columns empty on every line are no cells. A line's own empty last
      // cell stays one ("Ahmad<TAB>" among named scores), so that its name is still seen as a name.
      const text = e.clipboardData.getData('text');
      const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n').map(line => line.split('\t').map(pasted));
      const filled = vals => { let n = vals.length; while (n > 0 && vals[n - 1] === '') n--; return n; };
      const width = Math.max(1, ...lines.map(filled));
      const block = lines.map(vals => vals.slice(0, width));
      if (block.length === 1 && block[0].length === 1 && block[0][0] === text) return; // a plain value: native paste
      e.preventDefault();
      // A number with its unit ("3 hari", "2 hr") is a value, not words: pasted as it is and refused as not a number,
      // as "5,5" is, never skipped as a heading or taken for a name.
      const words = v => v === '' || (/\p{L}/u.test(v) && !/^\d/.test(v));
      // A column copied with its heading ("Nilai", "TP 1") starts with words: that line is nobody's score, unless
      // it starts with a student of this class (a named row whose score is empty).
      const heading = block.length > 1 && block[0].some(v => v !== '') && block[0].every(words) && rowsNamed([block[0][0]])[0] < 0;
      if (heading) block.shift();
      // Names, NIS, NISN or sex copied beside their scores (Dapodik's "Nama", "NIPD", "JK", "NISN", then "Nilai"): such
      // leading columns are no score columns, and pasting them would push the scores into the next assessments.
      const isId = i => block.every(vals => vals.length > i + 1 && (words(vals[i]) || isNumber(vals[i]))) && block.some(vals => vals[i] !== '');
      // A row number ("No") before them looks like a score, and would overwrite one: dropped too.
      const isNo = () => block.every(vals => /^\d*$/.test(vals[0])) && isId(1);
      const ids = [];
      for (;;) {
        if (isId(0)) ids.push(block.map(vals => vals.shift()));
        else if (isNo()) block.forEach(vals => vals.shift());
        else break;
      }
      // Named rows go to the students of those names (or numbers, whichever column the class knows): a list sorted
      // otherwise, or missing a student, must not put scores on the wrong student. Names the class does not know at
      // all (nicknames, another spelling) leave the rows in the order pasted, with a warning.
      const names = ids.find(col => rowsNamed(col).some(r => r >= 0)) || ids[0] || null;
      const named = names && rowsNamed(names);
      const byName = named && named.some(r => r >= 0);
      const numbered = names && names.some(isNumber);
      // Not one NISN of this class: another class's list, whose order says nothing about this one.
      if (numbered && !byName) return say('Tidak ada yang ditempel: tidak ada NISN/NIS yang cocok dengan peserta didik kelas ini.');
      const [r0, c0] = where.get(inp);
      let put = 0, skipped = 0, lost = 0;
      const unknown = [];
      block.forEach((vals, i) => {
        const r = byName ? named[i] : r0 + i;
        if (r < 0) {
          if (vals.some(v => v !== '')) unknown.push(names[i] || '(tanpa nama)');
          return;
        }
        vals.forEach((v, j) => {
          const t = cellAt(r, c0 + j);
          // An empty cell or "-" changes nothing, as in an uploaded template: a gap never removes a score.
          if (v === '') skipped += t ? 1 : 0;
          else if (t && !t.disabled && !t.readOnly) { t.value = v; put++; } else lost++;
        });
      });
      const listed = unknown.slice(0, 5).join(', ') + (unknown.length > 5 ? ' dan ' + (unknown.length - 5) + ' lainnya' : '');
      update(put + ' ' + noun + ' ditempel' + (byName ? (numbered ? ' menurut NISN/NIS' : ' menurut nama') : '') + (heading ? ', baris judul dilewati' : '') +
        (names && !byName ? ', kolom nama dilewati (tidak ada nama yang cocok dengan kelas ini; ditempel menurut urutan, periksa sebelum menyimpan)' : '') +
        (skipped ? ', ' + skipped + ' sel kosong atau "-" dilewati' : '') +
        // Rows past the class's last student (a longer list, or a paste begun a few rows down) are cut off: said why.
        (lost ? ', ' + lost + ' ' + noun + ' tidak ditempel karena melewati baris atau kolom terakhir (periksa apakah tempelan dimulai dari sel yang benar)' : '') +
        (unknown.length ? '; ' + unknown.length + ' baris tidak ditempel karena ' + (numbered ? 'NISN/NIS-nya' : 'namanya') + ' tidak ada di kelas ini: ' + listed : '') + '.');
      draft.keep(g.dirty);
    });

    // A student who moved in mid-term: their old class's scores of this subject go into this row's empty cells of the
    // same columns, for the teacher to check and save. A filled cell is never overwritten.
    form.addEventListener('click', e => {
      const btn = e.target.closest && e.target.closest('button[data-copy]');
      if (!btn) return;
      const row = rows[trs.indexOf(btn.closest('tr'))] || [];
      let put = 0, filled = 0;
      const absent = [];
      JSON.parse(btn.dataset.copy).forEach(({ Key, Label, Value }) => {
        const t = Key && row.find(inp => inp.name.endsWith('|' + Key));
        if (!t) absent.push(Label);
        else if (t.value.trim() !== '') filled++;
        else { t.value = String(Value); put++; }
      });
      update(put + ' ' + noun + ' dari ' + btn.dataset.from + ' disalin' +
        (filled ? ', ' + filled + ' sel yang sudah berisi dibiarkan' : '') +
        (absent.length ? ', ' + absent.join(', ') + ' tidak disalin (tidak ada kolom dengan tujuan pembelajaran atau penilaian yang sama)' : '') +
        '; periksa lalu simpan.');
      draft.keep(g.dirty);
    });

    form.addEventListener('submit', e => {
      if (g.submitting) return e.preventDefault();
      update();
      const bad = form.querySelectorAll('td.invalid input.cell');
      if (bad.length) {
        e.preventDefault();
        bad[0].focus();
        bad[0].select();
        // Said here too: the cell's title is a tooltip, which a phone or a keyboard never shows.
        return say('Perbaiki ' + bad.length + ' ' + noun + ' yang ditandai merah: ' + MSG_INVALID.toLowerCase() + '.');
      }
      // Native checks (e.g. the required reason) run here, after ours; the first one unmet gets the cursor.
      if (!form.checkValidity()) {
        e.preventDefault();
        if (reason && !reason.validity.valid) say('Tulis alasan koreksi, lalu simpan lagi (Ctrl+Enter).');
        return form.reportValidity();
      }
      g.submitting = true;
      draft.send();
      syncLeave();
      const btn = e.submitter || buttons()[0];
      // Deferred so a named submit button still lands in the form data.
      setTimeout(() => {
        buttons().forEach(b => { b.disabled = true; });
        if (btn) {
          btn.dataset.label = btn.textContent;
          btn.textContent = 'Menyimpan…';
        }
      }, 0);
    });

    // Back/forward cache may restore the page with buttons still disabled.
    window.addEventListener('pageshow', e => {
      if (!e.persisted) return;
      g.submitting = false;
      buttons().forEach(b => {
        b.disabled = false;
        if (b.dataset.label) b.textContent = b.dataset.label;
      });
      update();
    });

    form.noValidate = true; // we validate in the submit handler, red cells first
    const result = draft.restore();
    update(status ? draft.offer(result, result.restored.filter(f => where.has(f)).length, noun, status, () => {
      update('Isian yang dipulihkan dibuang.');
      draft.keep(g.dirty);
    }) : '');
  }

  // Beside each correction link of a locked page (a grid's cell, a TP's tercapai), what was typed or chosen for its field
  // before the lock; not where it is what is saved (data-draft-saved, else the link's text).
  function markLinks(el, fields) {
    const links = new Map(Array.from(el.querySelectorAll('a[data-draft-field]'), a => [a.dataset.draftField, a]));
    return fields.map(([name, value, , shown]) => {
      const a = links.get(name);
      if (!a || (a.dataset.draftSaved ?? a.textContent.trim()) === value) return null;
      const mark = document.createElement('span');
      mark.className = 'draft-value';
      const why = document.createElement('span');
      why.className = 'visually-hidden';
      why.textContent = 'isian Anda yang belum tersimpan: ';
      mark.append(why, value === '' ? '(dikosongkan)' : shown || value);
      a.after(mark);
      return mark;
    }).filter(Boolean);
  }

  // A form locked while its teacher typed: her save found no form to reach (the page said so) and the page is read-only now,
  // so what her tab kept is shown, to take to a correction request: by the link that asks for each field's correction (a
  // grid's cells, the tercapai choices), else as text below the link to its request (a description).
  function showLockedDraft(el) {
    const status = el.querySelector('[data-locked-draft-status]');
    const key = draftKey(el.dataset.lockedDraft, el.dataset.draftOf);
    let draft = null;
    try { draft = storage && JSON.parse(storage.getItem(key) || 'null'); } catch (_) { /* unreadable: nothing to show */ }
    if (!status || !draft || !Array.isArray(draft.fields) || Date.now() - draft.at > DRAFT_DAYS * 864e5) return;
    const byLink = el.querySelector('a[data-draft-field]') !== null;
    const marks = byLink ? markLinks(el, draft.fields) : draft.fields.filter(([, value]) => value !== '').map(([, value]) => {
      const text = document.createElement('blockquote');
      text.className = 'draft-value';
      text.textContent = value;
      el.append(text);
      return text;
    });
    if (!marks.length) return;
    el.hidden = status.hidden = false;
    if (status.dataset.says) status.textContent = marks.length + ' ' + status.dataset.says;
    const discard = document.createElement('button');
    discard.type = 'button';
    discard.textContent = 'Buang isian yang belum tersimpan';
    discard.addEventListener('click', () => {
      marks.forEach(m => m.remove());
      try { storage.removeItem(key); } catch (_) { /* nothing to drop */ }
      discard.remove();
      status.textContent = 'Isian yang belum tersimpan dibuang.';
    });
    if (byLink) status.insertAdjacentElement('afterend', discard);
    else el.append(discard);
  }

  // Offline, sending any form would swap the page for the browser's own error page (in English), typing and all: stay,
  // and say so in the form's status line (a grid's), else below the form. Captured, so the form's own handlers never
  // mark it as being sent.
  document.addEventListener('submit', e => {
    if (navigator.onLine !== false) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    const form = e.target;
    let note = form.querySelector('[data-grid-status], [data-offline]');
    if (!note) {
      note = document.createElement('p');
      note.className = 'grid-status';
      note.setAttribute('role', 'alert');
      note.dataset.offline = '';
      form.append(note);
    }
    note.textContent = 'Tidak ada koneksi internet, jadi belum ada yang disimpan; isian tetap di sini. Simpan lagi setelah tersambung.';
  }, true);

  // A field's limit (maxlength) cuts a longer paste without a word, and the cut text would be saved as if whole (a description
  // pasted from a document): say what was cut, below the field, until it is short enough.
  const number = n => n.toLocaleString('id-ID');
  document.addEventListener('paste', e => {
    const f = e.target;
    // A grid's cell is not: its status line and red mark say what is wrong with a value cut short.
    if (e.defaultPrevented || !(f instanceof HTMLTextAreaElement || f instanceof HTMLInputElement) || f.matches('input.cell') || f.maxLength <= 0 ||
      !e.clipboardData) return;
    const text = e.clipboardData.getData('text').replace(/\r\n?/g, '\n');
    const room = f.maxLength - f.value.length + (f.selectionEnd - f.selectionStart);
    if (text.length <= room) return;
    let note = f.nextElementSibling;
    if (!note || !note.matches('[data-cut]')) {
      note = document.createElement('p');
      note.className = 'grid-status';
      note.setAttribute('role', 'alert');
      note.dataset.cut = '';
      f.after(note);
      f.addEventListener('input', () => { if (f.value.length < f.maxLength) note.remove(); });
    }
    note.textContent = 'Teks yang ditempel terlalu panjang: ' + number(text.length - room) + ' karakter terakhirnya terpotong (paling banyak ' +
      number(f.maxLength) + ' karakter). Periksa dan ringkas teksnya sebelum menyimpan.';
  });

  // The browser's own messages for a field left empty or out of range are in its language (often English): said in Indonesian.
  // Kept until the field is edited, when the browser's own check takes over again.
  const invalidMessage = f => {
    const v = f.validity;
    if (v.valueMissing) return f.type === 'checkbox' ? 'Centang kotak ini untuk melanjutkan.' : f.tagName === 'SELECT' ? 'Pilih salah satu.' : 'Isian ini wajib diisi.';
    if (v.badInput || (v.typeMismatch && f.type === 'number')) return 'Isi dengan angka.';
    if (v.rangeUnderflow) return 'Paling kecil ' + f.min + '.';
    if (v.rangeOverflow) return 'Paling besar ' + f.max + '.';
    if (v.stepMismatch) return 'Isi bilangan bulat.';
    if (v.typeMismatch && f.type === 'email') return 'Isi alamat email yang benar, misalnya nama@sekolah.sch.id.';
    if (v.tooLong) return 'Paling banyak ' + number(f.maxLength) + ' karakter.';
    if (v.tooShort) return 'Paling sedikit ' + number(f.minLength) + ' karakter.';
    if (v.patternMismatch) return f.title || 'Bentuk isian tidak sesuai.';
    return '';
  };
  document.addEventListener('invalid', e => {
    const f = e.target;
    if (!f.setCustomValidity || f.validity.customError) return;
    f.setCustomValidity(invalidMessage(f));
  }, true);
  const revalidate = e => { if (e.target.setCustomValidity && e.target.validity.customError) e.target.setCustomValidity(''); };
  document.addEventListener('input', revalidate, true);
  document.addEventListener('change', revalidate, true);

  // A form that keeps no draft (a TP's removal) spends none when its save comes back.
  document.addEventListener('submit', e => {
    if (e.target.matches('form[data-draft]')) return;
    try { storage.setItem(SENT, ''); } catch (_) { /* then every draft is spent */ }
  }, true);

  // A form whose repeat would lose something (the password slips of new teachers are in the first answer only) is sent
  // once: on a slow network a second click while the first send is on its way does nothing.
  document.addEventListener('submit', e => {
    const form = e.target;
    if (!form.matches('form[data-send-once]') || e.defaultPrevented) return;
    if ('sent' in form.dataset) return e.preventDefault();
    form.dataset.sent = '';
    const btn = e.submitter || form.querySelector('button[type=submit]');
    // Deferred so a named submit button still lands in the form data.
    setTimeout(() => {
      if (!btn) return;
      btn.dataset.label = btn.textContent;
      btn.textContent = 'Menyimpan…';
      btn.disabled = true;
    }, 0);
  });
  window.addEventListener('pageshow', e => {
    if (!e.persisted) return;
    document.querySelectorAll('form[data-send-once]').forEach(form => {
      delete form.dataset.sent;
      form.querySelectorAll('button[data-label]').forEach(b => { b.disabled = false; b.textContent = b.dataset.label; });
    });
  });

  // Back may bring a page as it was before its save (the back-forward cache; Safari keeps even no-store pages), its form still
  // holding the command id that save spent: sent again under it, the server answers with that save's outcome ("1 nilai
  // tersimpan") and drops what was typed since. Its next save is a command of its own; these saves compare values, so cells
  // sent again as already saved change nothing. (crypto.randomUUID needs HTTPS, a school's server may have none.)
  const newId = () => ([1e7] + -1e3 + -4e3 + -8e3 + -1e11)
    .replace(/[018]/g, c => (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));
  window.addEventListener('pageshow', e => {
    if (!e.persisted) return;
    document.querySelectorAll('form[data-score-grid] input[name=commandId], form[data-draft] input[name=commandId]')
      .forEach(input => { input.value = newId(); });
  });

  // Signing out on a shared computer leaves no unsaved typing behind for the next person to find.
  document.addEventListener('submit', e => {
    if (!storage || !e.target.matches('form[data-sign-out]')) return;
    try {
      Object.keys(storage).filter(k => k.startsWith('eraport-draft:')).forEach(k => storage.removeItem(k));
    } catch (_) { /* nothing to drop */ }
  });

  // One extracurricular for many students: tick all or none, and a student whose card already has the activity being
  // typed is shown so and left out (the server refuses a second line anyway). A row's blank fields take the shared ones,
  // which their placeholders show.
  function initParticipants(form) {
    const boxes = Array.from(form.querySelectorAll('input[type=checkbox][name^="ikut|"]'));
    const select = form.querySelector('[data-select]');
    select.hidden = false;
    select.addEventListener('click', e => {
      const all = e.target.dataset.selectAll;
      if (all) boxes.filter(b => !b.disabled).forEach(b => { b.checked = all === 'true'; });
    });
    const key = v => v.trim().split(/\s+/).join(' ').toUpperCase();
    const activity = form.querySelector('input[name=activity]');
    const markHas = () => {
      const typed = key(activity.value);
      form.querySelectorAll('tr[data-has]').forEach(row => {
        const has = typed !== '' && row.dataset.has.split('|').includes(typed);
        const box = row.querySelector('input[type=checkbox]');
        const note = row.querySelector('[data-already]');
        if (note) { note.hidden = !has; if (has) note.textContent = 'Sudah ada'; }
        if (!box || has === box.disabled) return;
        if (has) { box.dataset.was = box.checked; box.checked = false; }
        else box.checked = box.dataset.was !== 'false';
        box.disabled = has;
      });
    };
    activity.addEventListener('input', markHas);
    markHas();
    [['predicate', 'p|'], ['description', 'd|']].forEach(([shared, prefix]) => {
      const input = form.querySelector(`[name=${shared}]`);
      const show = () => form.querySelectorAll(`[name^="${prefix}"]`).forEach(f => { f.placeholder = input.value; });
      input.addEventListener('input', show);
      show();
    });
  }

  // A page that answers a form (why it was refused, else that it was saved) puts the focus on that answer: a screen reader
  // reads from the focus (TalkBack reads nothing by itself), and a message already there as the page loads is no live
  // region's change to announce. Not when the address names a place on the page, or something already has the focus,
  // nor for a standing state the page shows on every visit (data-standing).
  function focusAnswer() {
    const answer = document.querySelector('main [role=alert]') || document.querySelector('main .alert.success:not([data-standing])');
    if (!answer || location.hash || (document.activeElement && document.activeElement !== document.body)) return;
    answer.tabIndex = -1;
    answer.focus();
  }

  // A save lost with the connection leaves the browser's error page in the form page's place, so Back skips it (to the home
  // page): a link to a page whose typing this tab still keeps says so, and following it offers the typing again.
  function markLinksWithDrafts() {
    if (!storage) return;
    const kept = new Set();
    try {
      Object.keys(storage).filter(k => k.startsWith('eraport-draft:')).forEach(k => {
        const draft = JSON.parse(storage.getItem(k) || 'null');
        if (draft && Array.isArray(draft.fields) && draft.fields.length && Date.now() - draft.at <= DRAFT_DAYS * 864e5)
          kept.add(k.slice('eraport-draft:'.length).replace(/^[^:]*:/, '').replace(/#.*$/, ''));
      });
    } catch (_) { return; /* unreadable: nothing to say */ }
    kept.delete(location.pathname);
    document.querySelectorAll('main a[href^="/"]').forEach(a => {
      if (!kept.has(a.pathname) || a.nextElementSibling?.matches('[data-draft-kept]')) return;
      const note = document.createElement('span');
      note.className = 'badge draft';
      note.dataset.draftKept = '';
      note.textContent = 'ada isian belum tersimpan';
      a.after(' ', note); // beside the link, whose name stays the page's
    });
  }

  const start = () => {
    focusAnswer();
    document.querySelectorAll('form[data-class-extracurricular]').forEach(initParticipants);
    document.querySelectorAll('form[data-score-grid]').forEach(initGrid);
    document.querySelectorAll('form[data-draft]:not([data-score-grid])').forEach(initDraftForm);
    document.querySelectorAll('[data-locked-draft]').forEach(showLockedDraft);
    markLinksWithDrafts();
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();

// The "saved" notice comes from ?disimpan= after the redirect; drop it so a reload does not repeat it, and from the
// forms' actions and links within the page (rendered with the page's address), so a refused next save is not taken for a
// saved one and following the skip link does not load the page again.
if (/[?&]disimpan=/.test(location.search)) {
  var withoutNotice = function (search) { return search.replace(/([?&])disimpan=[^&]*&?/, '$1').replace(/[?&]$/, ''); };
  history.replaceState(null, '', location.pathname + withoutNotice(location.search) + location.hash);
  document.querySelectorAll('form[action*="disimpan="]').forEach(function (form) {
    var action = new URL(form.action, location.href);
    form.setAttribute('action', action.pathname + withoutNotice(action.search) + action.hash);
  });
  document.querySelectorAll('a[href*="disimpan="][href*="#"]').forEach(function (a) {
    var to = new URL(a.href, location.href);
    a.setAttribute('href', to.pathname + withoutNotice(to.search) + to.hash);
  });
}
