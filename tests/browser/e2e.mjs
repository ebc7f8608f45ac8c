// End-to-end checks of a built briefing site in headless Chromium (Debian's package, driven by
// playwright-core; no browser download). Run by tests/suite/browser.rs as
//   node tests/browser/e2e.mjs SITE_DIR CHROMIUM_PATH
// Prints one line per check and exits non-zero on the first failure.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";
import fs from "node:fs";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const axePath = require.resolve("axe-core/axe.min.js");

const [site, executablePath] = process.argv.slice(2);
const url = (page) => pathToFileURL(path.join(site, page)).href;

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

/** Whether the element `selector` is inside the viewport. */
async function inViewport(page, selector) {
  return page.evaluate((selector) => {
    const element = document.querySelector(selector);
    if (!element) return false;
    const box = element.getBoundingClientRect();
    return box.top >= -1 && box.top < window.innerHeight && box.bottom > 0;
  }, selector);
}

const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));

  // 1. Every citation on the seed page moves the viewport to its source.
  const seed = url("russia-and-azerbaijan/index.html");
  await page.goto(seed);
  const citations = await page.$$eval("a[role=doc-noteref]", (links) =>
    links.map((link) => link.getAttribute("href")));
  check(citations.length > 20, `expected the seed's citations, found ${citations.length}`);
  for (let i = 0; i < citations.length; i++) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator("a[role=doc-noteref]").nth(i).click();
    const target = citations[i];
    check(await page.evaluate(() => location.hash) === target, `citation ${i} did not go to ${target}`);
    check(await inViewport(page, target), `citation ${i}: ${target} is not in view`);
  }
  console.log(`ok: ${citations.length} citations each bring their source into view`);

  // 1b. Each citation is a pointer target of at least 24 × 24 px (WCAG 2.2, target size).
  const small = await page.$$eval("a[role=doc-noteref]", (links) => links
    .map((link) => link.getBoundingClientRect())
    .filter((box) => box.width < 24 || box.height < 24)
    .map((box) => `${box.width.toFixed(1)}x${box.height.toFixed(1)}`));
  check(small.length === 0, `citations smaller than 24 x 24 px: ${small.join(", ")}`);
  console.log("ok: every citation is a target of at least 24 x 24 px");

  // 2. Every backlink leads to its claim.
  const backlinks = await page.$$eval("a[role=doc-backlink]", (links) =>
    links.map((link) => link.getAttribute("href")));
  check(backlinks.length >= citations.length, "every citation has a backlink");
  for (let i = 0; i < backlinks.length; i++) {
    await page.locator("a[role=doc-backlink]").nth(i).click();
    const target = backlinks[i];
    check(await page.evaluate(() => location.hash) === target, `backlink ${i} did not go to ${target}`);
    check(await inViewport(page, target), `backlink ${i}: ${target} is not in view`);
    const highlighted = await page.evaluate((selector) =>
      getComputedStyle(document.querySelector(selector)).backgroundColor, target);
    check(highlighted !== "rgba(0, 0, 0, 0)", `backlink ${i}: ${target} is not highlighted as :target`);
  }
  console.log(`ok: ${backlinks.length} backlinks each bring their claim into view, highlighted`);

  // 2b. A claim in a right-to-left script reads right to left in the English page: its full
  // stop stands at its left end, and its citation after the stop. (The site's stylesheet,
  // on a claim written into the seed page.)
  await page.goto(seed);
  const rtl = await page.evaluate(() => {
    const claim = document.createElement("p");
    claim.className = "claim";
    claim.innerHTML = "يعد نهر النيل أطول نهر. <a class=\"cite\" role=\"doc-noteref\" href=\"#source-1\">1</a>";
    document.querySelector("main").prepend(claim);
    const text = claim.firstChild;
    const box = (from, to) => {
      const range = document.createRange();
      range.setStart(text, from);
      range.setEnd(text, to);
      return range.getBoundingClientRect();
    };
    const stop = text.data.indexOf(".");
    return {
      firstLetter: box(0, 1).left,
      stop: box(stop, stop + 1).left,
      citation: claim.querySelector("a").getBoundingClientRect().left,
    };
  });
  check(rtl.stop < rtl.firstLetter, `a right-to-left claim's full stop is not at its left end: ${JSON.stringify(rtl)}`);
  check(rtl.citation < rtl.stop, `a right-to-left claim's citation does not follow its full stop: ${JSON.stringify(rtl)}`);
  console.log("ok: a right-to-left claim reads right to left, its stop and citation at its end");

  // 3. A keyboard user tabs to a citation and sees its preview, without leaving the page.
  await page.goto(seed);
  let focused = "";
  for (let presses = 0; presses < 40 && focused !== "doc-noteref"; presses++) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate(() => document.activeElement.getAttribute("role") || "");
  }
  check(focused === "doc-noteref", "Tab never reached a citation");
  const preview = await page.evaluate(() => {
    const tip = document.activeElement.querySelector("[role=tooltip]");
    const style = getComputedStyle(tip);
    const box = tip.getBoundingClientRect();
    return { visible: style.visibility === "visible" && box.width > 0, text: tip.textContent };
  });
  check(preview.visible, "the focused citation shows no preview");
  check(preview.text.length > 3, "the preview names the source");
  check(page.url() === seed, "focusing a citation left the page");
  console.log(`ok: the focused citation previews its source (${preview.text})`);

  // 4. Searching for a word from a claim lands on that claim.
  await page.goto(url("index.html"));
  await page.fill("#search-input", "Yekaterinburg");
  await page.waitForSelector("#search-results li a", { timeout: 5000 });
  await page.locator("#search-results li a").first().click();
  await page.waitForLoadState();
  check(page.url().endsWith("russia-and-azerbaijan/index.html#claim-diaspora-crackdown"),
    `search landed on ${page.url()}`);
  check(await inViewport(page, "#claim-diaspora-crackdown"), "the found claim is not in view");
  console.log("ok: searching for a word of a claim lands on that claim");

  // 4'. The last word may be the start of a word, and every word must match: a word of the
  // title and a word of the claim find that claim; a word found nowhere finds nothing.
  await page.goto(url("index.html"));
  await page.fill("#search-input", "azerbaijan yekaterin");
  await page.waitForSelector("#search-results li a", { timeout: 5000 });
  const found = await page.$$eval("#search-results li a", (links) => links.map((l) => l.getAttribute("href")));
  check(found.length === 1 && found[0].endsWith("russia-and-azerbaijan/index.html#claim-diaspora-crackdown"),
    `title word + claim prefix found ${found.join(", ")}`);
  await page.fill("#search-input", "yekaterinburg zzyzzx");
  await page.waitForFunction(() => /No claim matches/.test(document.getElementById("search-status").textContent),
    null, { timeout: 5000 });
  check(await page.$$eval("#search-results li", (items) => items.length) === 0, "a word found nowhere still shows results");
  console.log("ok: every word must match; the last may be a prefix");

  // 4a. Search is in the header of every page: from a tag page, a claim is found and opened.
  await page.goto(url("tags/energy/index.html"));
  await page.fill("#search-input", "Yekaterinburg");
  await page.waitForSelector("#search-results li a", { timeout: 5000 });
  await page.locator("#search-results li a").first().click();
  await page.waitForLoadState();
  check(page.url().endsWith("russia-and-azerbaijan/index.html#claim-diaspora-crackdown"),
    `search from a tag page landed on ${page.url()}`);
  console.log("ok: every page searches: from a tag page too");

  // 4b. A site's name finds the claims citing it, and results show their capture's date.
  await page.goto(url("index.html"));
  await page.fill("#search-input", "wikipedia");
  await page.waitForSelector("#search-results li", { timeout: 5000 });
  const briefingsShown = await page.$$eval("#search-results .search-briefing",
    (spans) => spans.map((span) => span.textContent));
  check(briefingsShown.length > 0, "searching for a site's name finds nothing");
  check(briefingsShown.every((text) => / · \d{1,2} \w+ \d{4}$/.test(text)),
    `results do not show their dates: ${briefingsShown.slice(0, 3).join(" | ")}`);
  console.log(`ok: a site's name finds ${briefingsShown.length} claims, each with its date`);
  // 4c. Results come ten at a time; "Show more results" adds the next ones.
  const total = parseInt(await page.textContent("#search-status"), 10);
  check(total > 10 && briefingsShown.length === 10, `expected 10 of more than 10 results, got ${briefingsShown.length} of ${total}`);
  await page.click(".search-more button");
  await page.waitForFunction((n) => document.querySelectorAll("#search-results .search-briefing").length === n,
    Math.min(total, 20), { timeout: 5000 });
  console.log(`ok: results come ten at a time, then more (${total} in all)`);

  // 4d. A source `briefing links` found gone says since when, and links its archived copy;
  // one that moved says where to.
  await page.goto(url("nature/why-leaves-change-colour/index.html"));
  const gone = page.locator(".sources li .link-state.gone");
  check(await gone.count() === 1, `expected one gone source, found ${await gone.count()}`);
  check(await gone.isVisible(), "the gone marking is not visible");
  check(/^unreachable as of \d{1,2} \w+ \d{4} \(HTTP 404\)/.test(await gone.innerText()),
    `gone marking reads: ${await gone.innerText()}`);
  const archive = await gone.locator("a.archive-link").getAttribute("href");
  check(/^https:\/\/web\.archive\.org\/web\/\d{8}\/https:\/\/example\.org\//.test(archive),
    `archived copy links to ${archive}`);
  const moved = page.locator(".sources li .link-state.moved a");
  check(await moved.getAttribute("href") === "https://example.com/guides/trees-that-turn-red",
    "the moved source does not link to where it went");
  console.log("ok: a gone source shows since when, with its archived copy; a moved one where it went");

  // 4e. A reviewed claim shows its badge and note; the index counts reviews and links the
  // page of disputed claims, which links back to the claim.
  await page.goto(url("russia-and-azerbaijan/index.html"));
  const badge = page.locator("#claim-plane-incident .review-badge");
  check(await badge.isVisible() && (await badge.innerText()).startsWith("Disputed"),
    "the disputed claim shows no badge");
  check((await page.locator("#claim-plane-incident .review-note").innerText()).includes("bird strike"),
    "the review's note is not beside its claim");
  const ld = await page.$$eval("script[type='application/ld+json']", (scripts) =>
    scripts.map((script) => JSON.parse(script.textContent)));
  const reviews = ld.find(Array.isArray) || [];
  check(reviews.some((item) => item["@type"] === "ClaimReview" && item.reviewRating.alternateName === "Disputed"),
    "no ClaimReview in the page's JSON-LD");
  await page.goto(url("index.html"));
  check(/1 verified\s+1 disputed\s+9 unreviewed/.test(await page.locator(".entry-reviews").first().innerText()),
    `index review counts: ${await page.locator(".entry-reviews").first().innerText()}`);
  await page.click(".disputed-link a");
  check(page.url().endsWith("disputed/index.html"), `the disputed link went to ${page.url()}`);
  await page.click("a[href$='#claim-plane-incident']");
  check(await page.evaluate(() => location.hash) === "#claim-plane-incident", "the disputed page does not lead back to the claim");
  console.log("ok: a disputed claim shows its badge and note, is counted on the index and listed with the disputed");

  // 4f. Publishers named in sources.toml: the source list names them, the sources index
  // groups sites by kind, and the briefing's source mix is a figure screen readers can read.
  await page.goto(url("russia-and-azerbaijan/index.html"));
  check((await page.locator("#source-1 .publisher").innerText()).startsWith("Jamestown Foundation"),
    "source 1 does not name its publisher");
  const mix = page.locator("figure.source-mix svg[role=img]");
  check(await mix.isVisible(), "the source mix is not shown");
  const mixName = await mix.evaluate((svg) => document.getElementById(svg.getAttribute("aria-labelledby")).textContent);
  check(/^What the claims rest on: of 11 claims, \d+ cite news, .* and 1 cites no source\.$/.test(mixName),
    `the source mix reads: ${mixName}`);
  const bars = await page.locator("figure.source-mix rect").count();
  check(bars >= 3, `the source mix has ${bars} bars`);
  await page.goto(url("sources/index.html"));
  const kinds = await page.$$eval("h2[id^=kind-]", (headings) => headings.map((h) => h.textContent));
  check(kinds[0] === "News" && kinds.includes("Think tanks") && kinds[kinds.length - 1] === "Other sites",
    `the sources index groups: ${kinds.join(", ")}`);
  console.log(`ok: publishers are named, the sources index groups ${kinds.length} kinds, the source mix reads as text`);

  // 5. axe-core finds no violations on the index, a briefing, a source and a tag page.
  for (const pagePath of ["index.html", "russia-and-azerbaijan/index.html",
    "nature/why-leaves-change-colour/index.html", "disputed/index.html",
    "sources/en.wikipedia.org/index.html", "tags/energy/index.html", "sources/index.html"]) {
    await page.goto(url(pagePath));
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(async () => window.axe.run(document));
    const violations = result.violations.map((v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    check(violations.length === 0, `axe on ${pagePath}:\n  ${violations.join("\n  ")}`);
    console.log(`ok: axe finds no violations on ${pagePath}`);
  }
  // 6. On a 320 px phone no page is wider than the screen (hidden previews and long labels
  // once made briefing pages scroll sideways).
  const pages = fs.readdirSync(site, { recursive: true })
    .filter((file) => file.endsWith(".html"))
    .sort();
  const phone = await browser.newPage({ viewport: { width: 320, height: 640 } });
  const wide = [];
  for (const pagePath of pages) {
    await phone.goto(url(pagePath));
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    if (width > 320) wide.push(`${pagePath} (${width} px)`);
  }
  check(wide.length === 0, `pages wider than a 320 px screen: ${wide.join(", ")}`);
  console.log(`ok: none of ${pages.length} pages is wider than a 320 px screen`);
  check(errors.length === 0, `script errors: ${errors.join("; ")}`);
} finally {
  await browser.close();
}
