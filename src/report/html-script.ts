// The HTML report's script, inline: paints the heat map and the pair grids on canvases from the JSON
// blob (see html-data.ts) — 40,000 cells as DOM elements would make a 200-host page crawl —, shows
// a cell's probes on hover or click, and lights up a cause's cells (the others fade) when the cause
// is clicked. Host values reach the page through textContent only, never as markup.
export const SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('spf-data').textContent);
  var N = data.hosts.length, P = data.ports.length;
  var NAME = { p: 'pass', f: 'fail', e: 'error', w: 'warn', s: 'skip' };
  var WORD = { pass: 'pass', fail: 'fail', error: 'untested', warn: 'warn', skip: 'n/a', none: 'not probed' };
  var RANK = { f: 0, e: 1, w: 2, p: 3, s: 4 };
  var MARK = { p: '✓', f: '✗', e: '!', w: '~', s: '-' };
  // The same colours as the stylesheet's swatches, and the faded ones for cells outside a cause.
  var COLOR = { pass: [22, 163, 74], fail: [220, 38, 38], error: [245, 158, 11], warn: [252, 211, 77], skip: [209, 213, 219], none: [243, 244, 246] };
  var down = {};
  data.down.forEach(function (i) { down[i] = true; });
  // Cells sized so the whole mesh fits beside the causes: 200 hosts get 3 px, 4 hosts 44 px.
  var size = Math.max(3, Math.min(44, Math.floor(600 / Math.max(1, N))));
  var gap = size >= 8 ? 1 : 0;
  var pitch = size + gap;
  var dpr = window.devicePixelRatio || 1;
  var hover = document.getElementById('hover');
  var panelTitle = document.getElementById('panel-title');
  var panelBody = document.getElementById('panel-body');
  var causeButtons = [].slice.call(document.querySelectorAll('button.cause-button'));

  function status(letter) { return NAME[letter] || 'none'; }
  function cellStatus(cell) {
    var best = null;
    for (var p = 0; p < P; p++) {
      var l = data.grid.charAt(cell * P + p);
      if (RANK[l] !== undefined && (best === null || RANK[l] < RANK[best])) best = l;
    }
    return status(best);
  }
  function text(i) { return typeof i === 'number' && data.strings[i] !== undefined ? data.strings[i] : ''; }
  function pairName(cell) { return data.hosts[(cell / N) | 0] + ' → ' + data.hosts[cell % N]; }
  function rgb(c, faded) {
    var f = faded ? 0.85 : 0;
    return 'rgb(' + c.map(function (v) { return Math.round(v + (255 - v) * f); }).join(', ') + ')';
  }

  /** One map: host labels when the cells are big enough to carry them, then a canvas of N x N cells. */
  function makeMap(container, statusOf, marksOf) {
    var side = N * pitch - gap;
    var canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(side * dpr));
    canvas.height = canvas.width;
    canvas.style.width = side + 'px';
    canvas.style.height = side + 'px';
    canvas.className = 'cells';
    canvas.setAttribute('data-size', String(size));
    canvas.setAttribute('data-pitch', String(pitch));
    if (size >= 12) {
      container.classList.add('labelled');
      container.style.gridTemplateColumns = 'max-content ' + side + 'px';
      var cols = document.createElement('div');
      cols.className = 'cols';
      cols.style.gridTemplateColumns = 'repeat(' + N + ', ' + size + 'px)';
      cols.style.columnGap = gap + 'px';
      var rows = document.createElement('div');
      rows.className = 'rows';
      rows.style.gridTemplateRows = 'repeat(' + N + ', ' + size + 'px)';
      rows.style.rowGap = gap + 'px';
      data.hosts.forEach(function (h, i) {
        [cols, rows].forEach(function (box) {
          var d = document.createElement('div');
          d.className = 'lab' + (down[i] ? ' down' : '');
          d.textContent = h + (down[i] ? ' (!)' : '');
          d.title = h;
          box.appendChild(d);
        });
      });
      container.appendChild(document.createElement('div'));
      container.appendChild(cols);
      container.appendChild(rows);
    }
    container.appendChild(canvas);
    var ctx = canvas.getContext('2d');
    var self = { canvas: canvas, lit: null, pinned: -1 };
    self.paint = function () {
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, side, side);
      var focus = self.lit !== null;
      for (var f = 0; f < N; f++) {
        for (var t = 0; t < N; t++) {
          var i = f * N + t;
          var x = t * pitch, y = f * pitch;
          if (f === t) { ctx.fillStyle = '#e5e7eb'; ctx.fillRect(x, y, size, size); continue; }
          var s = statusOf(i);
          ctx.fillStyle = rgb(COLOR[s] || COLOR.none, focus && !self.lit[i]);
          ctx.fillRect(x, y, size, size);
        }
      }
      if (marksOf && size >= 36) {
        ctx.font = '10px ui-monospace, monospace';
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        for (var k = 0; k < N * N; k++) {
          if (((k / N) | 0) === k % N) continue;
          var st = statusOf(k);
          ctx.fillStyle = st === 'pass' || st === 'fail' ? '#fff' : '#111827';
          ctx.fillText(marksOf(k), (k % N) * pitch + size / 2, ((k / N) | 0) * pitch + size / 2);
        }
      }
      if (self.pinned >= 0 && size >= 6) {
        ctx.strokeStyle = '#2563eb';
        ctx.lineWidth = 2;
        ctx.strokeRect((self.pinned % N) * pitch + 1, ((self.pinned / N) | 0) * pitch + 1, size - 2, size - 2);
      }
    };
    /** The cell under a mouse event, or -1 (the diagonal and the gaps are not cells). */
    self.at = function (e) {
      var r = canvas.getBoundingClientRect();
      var t = Math.floor((e.clientX - r.left) / pitch), f = Math.floor((e.clientY - r.top) / pitch);
      if (t < 0 || f < 0 || t >= N || f >= N || t === f) return -1;
      return f * N + t;
    };
    self.paint();
    return self;
  }

  function cellMarks(cell) {
    var out = [];
    for (var p = 0; p < P; p++) out.push(MARK[data.grid.charAt(cell * P + p)] || '·');
    return out.join('');
  }
  var heat = makeMap(document.getElementById('heatmap'), cellStatus, P <= 5 ? cellMarks : null);
  heat.check = null;
  var maps = [heat];
  data.pairs.forEach(function (g) {
    var el = document.querySelector('.grid[data-check="' + g.check + '"]');
    if (!el) return;
    var m = makeMap(el, function (i) { return status(g.grid.charAt(i)); }, null);
    m.check = g.check;
    m.g = g;
    maps.push(m);
  });

  function row(cells, cls) {
    var tr = document.createElement('tr');
    if (cls) tr.className = cls;
    cells.forEach(function (t) { var td = document.createElement('td'); td.textContent = t; tr.appendChild(td); });
    return tr;
  }
  // A probe a host out of the run left unsent: that host's words (as sender first), no time, no fix.
  function unsentAt(cell) {
    var u = data.unsent && data.unsent[(cell / N) | 0];
    if (u) return [u[0], u[1], null, -1, u[3]];
    u = data.unsent && data.unsent[cell % N];
    return u ? [u[0], u[2], null, -1, u[3]] : undefined;
  }
  function causeName(ci) { return typeof ci === 'number' && ci >= 0 && data.causes[ci] ? 'cause ' + (ci + 1) : ''; }
  function show(cell) {
    var rows = [];
    for (var p = 0; p < P; p++) {
      var slot = cell * P + p;
      var s = status(data.grid.charAt(slot));
      var d = data.probes[slot] || (s === 'error' ? unsentAt(cell) : undefined);
      rows.push(row([data.ports[p], WORD[s] || s, d && d[2] !== null ? String(Number(d[2])) : '', d ? text(d[1]) + (text(d[0]) ? ' (' + text(d[0]) + ')' : '') : '', d ? text(d[3]) : '', d ? causeName(d[4]) : ''], s));
    }
    maps.forEach(function (m) {
      if (!m.g) return;
      var l = m.g.grid.charAt(cell);
      if (l === '.' || l === '') return;
      var s = status(l);
      var item = m.g.items[cell];
      rows.push(row([m.check, WORD[s] || s, '', item ? text(item[1]) : '', item ? text(item[2]) : '', item ? causeName(item[3]) : ''], s));
    });
    panelTitle.textContent = pairName(cell) + ': ' + (WORD[cellStatus(cell)] || '');
    panelBody.replaceChildren.apply(panelBody, rows);
  }

  var pinned = -1;
  maps.forEach(function (m) {
    var describe = function (i) { return (m.check ? m.check + ' ' : '') + pairName(i) + ': ' + (WORD[m.g ? status(m.g.grid.charAt(i)) : cellStatus(i)] || ''); };
    m.canvas.addEventListener('mousemove', function (e) {
      var i = m.at(e);
      if (i < 0) return;
      hover.textContent = describe(i);
      if (pinned < 0) show(i);
    });
    m.canvas.addEventListener('click', function (e) {
      var i = m.at(e);
      if (i < 0) return;
      pinned = pinned === i ? -1 : i;
      maps.forEach(function (x) { x.pinned = pinned; x.paint(); });
      show(i);
    });
  });

  var active = null;
  function highlight(ci) {
    causeButtons.forEach(function (b) { b.setAttribute('aria-pressed', 'false'); b.parentNode.classList.remove('active'); });
    active = active === ci ? null : ci;
    var c = active === null ? null : data.causes[active];
    var inPairs = 0;
    maps.forEach(function (m) {
      var cells = c ? (m.check ? c.pairs[m.check] || [] : c.cells) : null;
      m.lit = cells ? {} : null;
      if (cells) cells.forEach(function (i) { m.lit[i] = true; });
      if (cells && m.check) inPairs += cells.length;
      m.canvas.setAttribute('data-lit', cells ? String(cells.length) : '');
      m.paint();
    });
    if (!c) { hover.textContent = ''; return; }
    var b = causeButtons[active];
    if (b) { b.setAttribute('aria-pressed', 'true'); b.parentNode.classList.add('active'); }
    hover.textContent = c.label + ': ' + c.cells.length + ' cells lit in the heat map' + (inPairs ? ', ' + inPairs + ' in the grids below' : '');
  }
  causeButtons.forEach(function (b) {
    b.addEventListener('click', function () { highlight(Number(b.getAttribute('data-cause'))); });
  });
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape' && active !== null) highlight(active); });
})();
`;
