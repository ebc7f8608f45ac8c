// How long `briefing serve` takes to show a saved edit in a real browser: headless Chromium
// (Debian's package, driven by the browser suite's playwright-core) opens a served briefing
// page, the snapshot is saved with one word changed, and the time is taken until the page has
// reloaded with it (its DOMContentLoaded). The page asks for its own bytes' hash every
// 50 ms, so up to 50 ms of each figure is that wait.
//
//   (cd tests/browser && npm ci)     # once
//   (cd COPY && briefing serve --port 8771) &    # in the site's folder, as users start it
//   node benches/serve_browser.mjs http://127.0.0.1:8771/00/briefing-00000/ \
//        COPY/content/00/briefing-00000.md [EDITS] [CHROMIUM]
//
// Run it on a copy of a corpus (benches/run.py makes them in /dev/shm/briefing-bench): the
// snapshot is put back as it was after each edit.
import { createRequire } from "node:module";
import fs from "node:fs";

const require = createRequire(new URL("../tests/browser/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const [url, file, edits = "5", executablePath = "/usr/bin/chromium"] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
const page = await browser.newPage();
await page.goto(url);
const original = fs.readFileSync(file, "utf8");
const word = original.match(/^- (\w+)/m)?.[1];
if (!word) {
  throw new Error(`${file} has no claim line starting with a word`);
}
const shown = [];
try {
  for (let edit = 0; edit < Number(edits); edit++) {
    // A pause between edits, as when a person types.
    await page.waitForTimeout(3000);
    const marker = `Edited${edit}${word}`;
    const loaded = page.waitForEvent("domcontentloaded", { timeout: 20000 });
    const start = performance.now();
    fs.writeFileSync(file, original.replace(word, marker));
    await loaded;
    const elapsed = performance.now() - start;
    if (!(await page.content()).includes(marker)) {
      throw new Error("the page reloaded without the edit");
    }
    shown.push(elapsed);
    fs.writeFileSync(file, original);
    await page.waitForEvent("domcontentloaded", { timeout: 20000 });
  }
} finally {
  fs.writeFileSync(file, original);
  await browser.close();
}
shown.sort((a, b) => a - b);
const median = shown[Math.floor(shown.length / 2)];
console.log(
  `serve, save to edited page in Chromium: median ${median.toFixed(0)} ms ` +
    `(best ${shown[0].toFixed(0)}, worst ${shown[shown.length - 1].toFixed(0)}, ${shown.length} edits)`,
);
