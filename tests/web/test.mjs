// test.mjs - the browser build in headless Chromium: build-web/gradflow.html
// opened from file://, driven by keys and taps, checked by its pixels, the
// page's data attributes (which the program keeps: each header, the
// language, the scene, the link, the note, the step), the address, its
// downloads and its benchmark.
//
//   node tests/web/test.mjs [PAGE.html]     (default: build-web/gradflow.html)
//
// GF_WEB_ONLY=TEXT runs only the checks whose name contains TEXT (e.g.
// "#bench"). GF_WEB_SHOTS=DIR also keeps the screenshots it looked at.
// GF_NATIVE=PROGRAM (default: build-portable's gradflow, else build's, when
// present) redraws an exported PNG with the native program from the command
// stored in it and compares its CSV with the page's.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pagePath = path.resolve(process.argv[2] || path.join(root, 'build-web', 'gradflow.html'));
const pageUrl = pathToFileURL(pagePath).href;
const shots = process.env.GF_WEB_SHOTS || '';
// The portable build computes as WebAssembly does (no fused multiply-adds),
// so its numbers are the page's to the last digits or so; a -march=native
// build fuses them and drifts a little further apart as training goes on.
const portable = path.join(root, 'build-portable', 'src', 'app', 'gradflow');
const nativeDefault = fs.existsSync(portable) ? portable : path.join(root, 'build', 'src', 'app', 'gradflow');
const native = process.env.GF_NATIVE || (fs.existsSync(nativeDefault) ? nativeDefault : '');
const nativeTolerance = native === portable ? 1e-6 : 1e-3;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gradflow-web-test-'));

// A PNG's chunks: IHDR's size, the pixels (8-bit RGB or RGBA, not
// interlaced, as Chromium's screenshots and gradflow's exports are) and
// the text chunks.
function readPng(buf) {
  if (buf.readUInt32BE(0) !== 0x89504e47)
    throw new Error('not a PNG');
  let pos = 8, width = 0, height = 0, channels = 0;
  const idat = [], text = {};
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos), type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0)
        throw new Error('PNG: only 8-bit, non-interlaced');
      channels = { 2: 3, 6: 4 }[data[9]];
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'tEXt') {
      const nul = data.indexOf(0);
      text[data.toString('latin1', 0, nul)] = data.toString('latin1', nul + 1);
    } else if (type === 'iTXt') {
      const nul = data.indexOf(0);
      const key = data.toString('latin1', 0, nul);
      const compressed = data[nul + 1];
      let p = data.indexOf(0, nul + 3);   // language tag
      p = data.indexOf(0, p + 1);         // translated keyword
      const value = data.subarray(p + 1);
      text[key] = (compressed ? zlib.inflateSync(value) : value).toString('utf8');
    }
    pos += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels, px = Buffer.alloc(width * height * 3);
  const prev = Buffer.alloc(stride), cur = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    raw.copy(cur, 0, y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels] : 0, b = prev[i], c = i >= channels ? prev[i - channels] : 0;
      let v = cur[i];
      if (f === 1) v += a;
      else if (f === 2) v += b;
      else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) {
        const q = a + b - c, pa = Math.abs(q - a), pb = Math.abs(q - b), pc = Math.abs(q - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[i] = v & 255;
    }
    for (let x = 0; x < width; x++)
      for (let k = 0; k < 3; k++)
        px[(y * width + x) * 3 + k] = cur[x * channels + k];
    cur.copy(prev);
  }
  return { width, height, px, text };
}

function colours(img) {
  const seen = new Set();
  for (let i = 0; i < img.px.length; i += 3 * 7)
    seen.add((img.px[i] << 16) | (img.px[i + 1] << 8) | img.px[i + 2]);
  return seen.size;
}

// The share of pixels where some channel differs by more than tol.
function changedShare(a, b, tol = 0) {
  let changed = 0;
  for (let i = 0; i < a.px.length; i += 3)
    if (Math.abs(a.px[i] - b.px[i]) > tol || Math.abs(a.px[i + 1] - b.px[i + 1]) > tol ||
        Math.abs(a.px[i + 2] - b.px[i + 2]) > tol)
      changed++;
  return changed / (a.px.length / 3);
}

// The mean colour of the pixels in a box that differ from its most common
// colour (the background): the colour of what is written there.
function inkColour(img, x0, y0, x1, y1) {
  const count = new Map();
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * img.width + x) * 3, c = (img.px[i] << 16) | (img.px[i + 1] << 8) | img.px[i + 2];
      count.set(c, (count.get(c) || 0) + 1);
    }
  const bg = [...count.entries()].sort((p, q) => q[1] - p[1])[0][0];
  const sum = [0, 0, 0];
  let n = 0;
  for (const [c, k] of count)
    if (c !== bg) {
      sum[0] += (c >> 16) * k; sum[1] += ((c >> 8) & 255) * k; sum[2] += (c & 255) * k;
      n += k;
    }
  return sum.map((s) => s / Math.max(n, 1));
}

let failures = 0, passed = 0;
const only = process.env.GF_WEB_ONLY || '';   // a part of a check's name: run only those
async function check(name, fn) {
  if (only && !name.includes(only))
    return;
  const start = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${((Date.now() - start) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e.message}`);
  }
}
function expect(cond, what) {
  if (!cond)
    throw new Error(what);
}

const browserArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
let context;
async function open(hash = '', options = {}) {
  if (context)
    await context.close();
  context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(tmp, 'profile-')), {
    executablePath: process.env.GF_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: browserArgs,
    viewport: { width: 1920, height: 1080 },
    acceptDownloads: true,
    ...options,
  });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => { if (process.env.GF_WEB_VERBOSE) console.log('  console:', m.text()); });
  await page.goto(pageUrl + hash);
  return page;
}
const state = (page) => page.evaluate(() => ({ ...document.body.dataset, hash: location.hash }));
async function started(page) {
  await page.waitForFunction(() => document.body.dataset.firstFrameMs !== undefined, null, { timeout: 30000 });
  return state(page);
}
async function until(page, fn, arg, what, timeout = 10000) {
  try {
    await page.waitForFunction(fn, arg, { timeout });
  } catch {
    throw new Error(`${what}; the page's state: ${JSON.stringify(await state(page))}`);
  }
}
async function shot(page, name) {
  const buf = await page.screenshot();
  if (shots) {
    fs.mkdirSync(shots, { recursive: true });
    fs.writeFileSync(path.join(shots, name + '.png'), buf);
  }
  return readPng(buf);
}

expect(fs.existsSync(pagePath), `${pagePath} is missing: run scripts/web first`);
const size = fs.statSync(pagePath).size;
console.log(`${path.relative(root, pagePath)}: ${size} bytes`);

await check('the page is one file under 8 MB that needs nothing beside it', async () => {
  expect(size < 8 * 1024 * 1024, `${size} bytes`);
  const html = fs.readFileSync(pagePath, 'utf8');
  expect(!/<script[^>]+src=/.test(html) && !/<link[^>]+href=/.test(html), 'it loads another file');
  expect(!/\.wasm['"]/.test(html.replace(/data:application\/octet-stream;base64,[A-Za-z0-9+/=]+/g, '')),
    'it names a .wasm file');
});

let page = only.includes('bench') ? null : await open();
await check('opened from file:// it draws its first frame within 2 s', async () => {
  const s = await started(page);
  const ms = Number(s.firstFrameMs);
  console.log(`     first frame ${ms} ms after the page was opened`);
  expect(ms < 2000, `first frame after ${ms} ms`);
  const img = await shot(page, 'web-1920x1080');
  expect(img.width === 1920 && img.height === 1080, `screenshot ${img.width}x${img.height}`);
  expect(colours(img) > 200, `only ${colours(img)} colours: nothing drawn`);
  expect(s.leftHeader === 'sigmoid' && s.rightHeader === 'ReLU', `headers ${s.leftHeader} / ${s.rightHeader}`);
  expect(page.errors.length === 0, page.errors.join('; '));
});

await check('training moves pixels and steps', async () => {
  const a = await shot(page, 'train-a'), s0 = Number((await state(page)).step);
  await page.waitForTimeout(1000);
  const b = await shot(page, 'train-b'), s1 = Number((await state(page)).step);
  const share = changedShare(a, b);
  console.log(`     ${(100 * share).toFixed(1)} % of the pixels changed, steps ${s0} -> ${s1}`);
  expect(share > 0.01, `${(100 * share).toFixed(2)} % of the pixels changed`);
  expect(s1 > s0 + 50, `steps ${s0} -> ${s1}`);
});

await check('pressing 4 makes the left header read ReLU, in ReLU\'s colour', async () => {
  const before = await shot(page, 'before-4');
  await page.keyboard.press('4');
  await until(page, () => document.body.dataset.leftHeader === 'ReLU', null, 'the left header does not read ReLU');
  await page.waitForTimeout(300);
  const after = await shot(page, 'after-4');
  // The left header's name, at the left of the column's header (layout: 2.5-10 % across, 6-9.5 % down).
  const box = [Math.round(0.012 * after.width), Math.round(0.06 * after.height),
    Math.round(0.1 * after.width), Math.round(0.095 * after.height)];
  const was = inkColour(before, ...box), now = inkColour(after, ...box);
  const right = inkColour(after, Math.round(0.512 * after.width), box[1], Math.round(0.6 * after.width), box[3]);
  console.log(`     header ink ${was.map(Math.round)} -> ${now.map(Math.round)} (the right column's ReLU: ${right.map(Math.round)})`);
  expect(was[0] > was[2] + 40, 'sigmoid\'s header is not orange');
  expect(now[2] > now[0] + 40 && right[2] > right[0] + 40, 'the left header did not turn blue like the right one');
  expect((await state(page)).hash === '#left=relu', `address ${(await state(page)).hash}`);
});

await check('M and PageDown reach scene 2', async () => {
  await page.keyboard.press('m');
  await until(page, () => document.body.dataset.scene === '1', null, 'M did not open scene 1');
  await page.keyboard.press('PageDown');
  await until(page, () => document.body.dataset.scene === '2', null, 'PageDown did not reach scene 2');
  expect((await state(page)).hash.startsWith('#scene=2'), `address ${(await state(page)).hash}`);
  await shot(page, 'scene-2');
});

await check('L switches to Korean', async () => {
  await page.keyboard.press('l');
  await until(page, () => document.body.dataset.lang === 'ko', null, 'L did not switch to Korean');
  expect((await state(page)).hash.includes('lang=ko'), `address ${(await state(page)).hash}`);
  await page.keyboard.press('m');   // back to free play, where the headers name the activations
  await until(page, () => document.body.dataset.scene === '0', null, 'M did not leave the lesson');
  await page.keyboard.press('2');
  await until(page, () => document.body.dataset.leftHeader === '시그모이드', null, 'the header is not in Korean');
  await shot(page, 'korean');
  expect(page.errors.length === 0, page.errors.join('; '));
});

await check('F goes fullscreen through the browser; the canvas follows a resize', async () => {
  await started(page);
  // Pressed as a hand does, held for a moment: a browser grants fullscreen
  // only inside an input event, so the program's request (made in the frame
  // after the key went down) is carried out when the key comes up.
  const press = async (k) => {
    await page.keyboard.down(k);
    await page.waitForTimeout(400);
    await page.keyboard.up(k);
  };
  await press('f');
  await until(page, () => document.fullscreenElement && document.fullscreenElement.id === 'canvas', null,
    'F did not make the canvas fullscreen');
  await press('f');
  await until(page, () => !document.fullscreenElement, null, 'F again did not leave fullscreen');
  await page.setViewportSize({ width: 1000, height: 600 });
  await until(page, () => Module.canvas.width === 1000 && Module.canvas.height === 600, null,
    'the canvas did not follow the resize');
  await page.waitForTimeout(300);
  const img = await shot(page, 'resized-1000x600');
  expect(colours(img) > 200, 'nothing drawn after the resize');
});

await check('a share link opens its settings, and the address follows a key press', async () => {
  page = await open('#depth=20&right=tanh&dataset=spiral3&scene=5&lang=ko');
  const s = await started(page);
  expect(s.scene === '5' && s.lang === 'ko', `scene ${s.scene}, language ${s.lang}`);
  expect(s.rightHeader === '하이퍼볼릭 탄젠트', `right header ${s.rightHeader}`);   // tanh, in Korean
  for (const part of ['scene=5', 'right=tanh', 'depth=20', 'dataset=spiral3', 'lang=ko'])
    expect(s.hash.includes(part), `address ${s.hash} lacks ${part}`);
  await page.keyboard.press('+');
  await until(page, () => location.hash.includes('depth=21'), null, '+ did not make the address say depth=21');
  await page.keyboard.press('t');
  await until(page, () => location.hash.includes('theme=light'), null, 'T did not put the theme in the address');
  const link = (await state(page)).hash;
  page = await open(link);   // the address copied into another browser
  const t = await started(page);
  expect(t.hash === link, `reopened as ${t.hash}, not ${link}`);
  await shot(page, 'share-link');
  // an address typed over the page's own opens what it names
  await Promise.all([page.waitForEvent('load'), page.evaluate(() => { location.hash = 'right=gelu'; })]);
  const u = await started(page);
  expect(u.rightHeader === 'GELU' && u.lang === 'en' && u.scene === '0', `after typing #right=gelu: ${JSON.stringify(u)}`);
});

await check('a bad link shows its one-line error on the canvas and starts from the defaults', async () => {
  page = await open('#depth=999&right=tanh');
  const before = await started(page);
  expect(before.linkError && before.linkError.includes('--depth') && before.linkError.includes('999') &&
         !before.linkError.includes('\n'), `error ${JSON.stringify(before.linkError)}`);
  expect(before.note === before.linkError, `the canvas's note is ${JSON.stringify(before.note)}`);
  expect(before.rightHeader === 'ReLU' && before.hash === '', `not the defaults: ${before.rightHeader}, ${before.hash}`);
  await shot(page, 'bad-link');
  page = await open('#csv=x.csv');
  const csv = await started(page);
  expect(csv.linkError === '"csv" in the link: not a setting a page can take', `error ${csv.linkError}`);
});

// The page is built without the figures feature (no cairo or giflib in
// WebAssembly): its vector and GIF keys say so and download nothing.
await check('Ctrl+S and Ctrl+G say the page has no SVG, PDF or GIF, and download nothing', async () => {
  page = await open();
  await started(page);
  let downloads = 0;
  page.on('download', () => downloads++);
  await page.keyboard.press('Control+s');
  await until(page, () => (document.body.dataset.note || '').includes('no SVG/PDF export (built without cairo); PNG works'),
              null, 'Ctrl+S did not say the page has no SVG or PDF');
  await page.keyboard.press('Control+g');
  await until(page, () => (document.body.dataset.note || '').includes('no animated GIFs (built without giflib); PNG works'),
              null, 'Ctrl+G did not say the page has no GIF');
  await page.waitForTimeout(500);
  expect(downloads === 0, `${downloads} downloads`);
});

await check('S downloads the PNG, its metadata carrying the command; E the CSV', async () => {
  page = await open('#right=tanh&depth=4');
  await started(page);
  await page.waitForTimeout(500);
  await page.keyboard.press('Space');   // paused: the figure and its stored step agree with the screen
  const [png] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('s')]);
  const file = path.join(tmp, png.suggestedFilename());
  await png.saveAs(file);
  expect(/^gradflow-\d{8}-\d{6}-sigmoid-vs-tanh-step\d+\.png$/.test(png.suggestedFilename()), png.suggestedFilename());
  const img = readPng(fs.readFileSync(file));
  const command = img.text['gradflow-command'] || '';
  console.log(`     ${png.suggestedFilename()} ${img.width}x${img.height}: ${command}`);
  expect(img.width === 1920 && img.height === 1080, `${img.width}x${img.height}`);
  expect(command.startsWith('gradflow --headless --steps ') && command.includes(' --right tanh --depth 4 ') &&
         command.includes(' --screenshot ' + png.suggestedFilename()), `command ${command}`);
  expect(colours(img) > 200, 'the PNG is blank');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('e')]);
  const csvFile = path.join(tmp, csv.suggestedFilename());
  await csv.saveAs(csvFile);
  const lines = fs.readFileSync(csvFile, 'utf8').trim().split('\n');
  expect(csv.suggestedFilename().endsWith('-history.csv'), csv.suggestedFilename());
  expect(lines[0].startsWith('run,step,layer,') && lines.length > 10, `CSV ${lines[0]} (${lines.length} lines)`);
  if (native) {
    // The native program redraws the figure from the stored command, and
    // its numbers are the page's: the CSV it writes alongside agrees with
    // the page's history to float precision. (The pixels agree only
    // roughly: the page's text is set without HarfBuzz, and the builds'
    // libm round differently.)
    const args = command.split(' ').slice(1);
    args[args.indexOf('--screenshot') + 1] = path.join(tmp, 'native.png');
    execFileSync(native, [...args, '--csv', path.join(tmp, 'native.csv')], { stdio: 'pipe' });
    const again = readPng(fs.readFileSync(path.join(tmp, 'native.png')));
    const share = changedShare(img, again, 64);
    if (shots) {
      fs.copyFileSync(file, path.join(shots, 'export-web.png'));
      fs.copyFileSync(path.join(tmp, 'native.png'), path.join(shots, 'export-native.png'));
    }
    expect(again.width === img.width && again.height === img.height, 'the native redraw has another size');
    expect(share < 0.05, `the native redraw differs in ${(100 * share).toFixed(1)} % of the pixels`);
    const rows = (text) => {
      const [head, ...body] = text.trim().split('\n');
      const cols = head.split(',');
      return { cols, rows: new Map(body.map((l) => { const f = l.split(','); return [f.slice(0, 3).join(','), f]; })) };
    };
    const web = rows(fs.readFileSync(csvFile, 'utf8')), nat = rows(fs.readFileSync(path.join(tmp, 'native.csv'), 'utf8'));
    expect(web.cols.join() === nat.cols.join(), `columns ${web.cols} against ${nat.cols}`);
    const insideColumns = new Set(['z_p15', 'z_p50', 'z_p85', 'act_mean', 'act_std']);
    let compared = 0, worst = 0;
    for (const [key, f] of web.rows) {
      const g = nat.rows.get(key);
      if (!g)
        continue;
      for (let c = 3; c < f.length; c++) {
        const x = Number(f[c]), y = Number(g[c]);
        if (Number.isNaN(x) && Number.isNaN(y) || f[c] === g[c])
          continue;
        // the page records the distributions inside the network only while
        // a view of them is on (docs/formats.md): empty there, not zero
        if (f[c] === '' && insideColumns.has(web.cols[c]))
          continue;
        expect(Number.isFinite(x) && Number.isFinite(y), `${key} ${web.cols[c]}: ${f[c]} against ${g[c]}`);
        worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(y), 1e-30));
      }
      compared++;
    }
    console.log(`     native redraw: ${(100 * share).toFixed(2)} % of the pixels off by more than 64 levels; ` +
      `${compared} CSV rows agree with the page's within ${worst.toExponential(1)} (relative)`);
    expect(compared >= web.rows.size / 2, `only ${compared} of ${web.rows.size} rows in both CSVs`);
    expect(worst < nativeTolerance, `the numbers differ by ${worst} (relative)`);
  }
  const ls = await page.evaluate(() => FS.readdir('gradflow-shots'));
  expect(ls.filter((n) => n[0] !== '.').length === 0, `left in the page's memory: ${ls}`);
});

await check('a phone: the bar of keys, a tap focuses a run', async () => {
  page = await open('', { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  await started(page);
  const bar = await page.locator('#bar').boundingBox();
  expect(bar && bar.height > 30, 'no bar of keys on a touch screen');
  const canvas = await page.evaluate(() => [Module.canvas.width, Module.canvas.height, Module.canvas.clientWidth,
    Module.canvas.clientHeight]);
  console.log(`     canvas ${canvas[0]}x${canvas[1]} pixels for ${canvas[2]}x${canvas[3]} CSS pixels`);
  expect(canvas[0] === canvas[2] * 3 && Math.abs(canvas[1] - canvas[3] * 3) <= 3, `canvas ${canvas}`);
  // and the frame covers the whole canvas: its lower right quarter is drawn on too
  await page.waitForTimeout(500);
  const img = await shot(page, 'phone-start');
  const quarter = [];
  for (let y = Math.round(canvas[1] / 2); y < canvas[1]; y++)
    quarter.push(img.px.subarray((y * img.width + img.width / 2) * 3, (y + 1) * img.width * 3));
  const drawn = colours({ px: Buffer.concat(quarter) });
  expect(drawn > 50, `the canvas's lower right quarter has ${drawn} colours: not drawn`);
  await page.locator('#bar button[title^="next scene"]').tap();   // not in the lesson: nothing to do
  await page.locator('#bar button[title^="lesson"]').tap();
  await until(page, () => document.body.dataset.scene === '1', null, 'the bar\'s M did not open the lesson');
  await page.locator('#bar button[title^="next scene"]').tap();
  await until(page, () => document.body.dataset.scene === '2', null, 'the bar\'s ▶ did not reach scene 2');
  await page.locator('#bar button[title^="lesson"]').tap();
  await until(page, () => document.body.dataset.scene === '0', null, 'the bar\'s M did not leave the lesson');
  // a tap on the right column focuses it; 1 from the bar then makes it linear
  await page.touchscreen.tap(300, 200);
  await page.locator('#act').selectOption('49');
  await until(page, () => document.body.dataset.rightHeader === 'linear', null, 'the tap did not focus the right run');
  await page.waitForTimeout(500);
  await shot(page, 'web-390x844');
});

await check('#bench prints the benchmark lines', async () => {
  page = await open('#bench');
  const lines = [];
  page.on('console', (m) => lines.push(m.text()));
  await until(page, () => document.body.dataset.bench !== undefined, null, 'the benchmark did not finish', 180000);
  const shown = await page.evaluate(() => document.getElementById('bench').textContent.trim().split('\n'));
  const patterns = [/^tanh-d8-w8-b10 steps_per_s=\d+ gflops=[\d.]+$/, /^sigmoid-d10-w32-b32 steps_per_s=\d+ gflops=[\d.]+$/,
    /^relu-d30-w64-b64 steps_per_s=\d+ gflops=[\d.]+$/, /^frame-1920x1080 ms=[\d.]+$/,
    /^window-d64-w256 fps=[\d.]+ steps_per_s=[\d.]+ one_thread_steps_per_s=[\d.]+$/, /^frame-3840x2160 ms=[\d.]+$/];
  for (const l of shown)
    console.log(`     ${l}`);
  expect((await state(page)).bench === 'done', 'the benchmark failed');
  expect(shown.length === patterns.length && patterns.every((p, i) => p.test(shown[i])), 'not the lines of gradflow-bench');
  expect(patterns.every((p) => lines.some((l) => p.test(l))), 'the console did not get the lines');
});

if (context)
  await context.close();
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`${passed} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
