#!/usr/bin/env python3
"""How much of a first build rendering costs: the build as it is, beside builds that leave parts
of rendering out.

    python3 benches/floor.py                  # 10,000 briefings, 5 rounds
    python3 benches/floor.py --runs 9 --corpus /dev/shm/briefing-bench/md-1000

The parts are left out by `benches/floor/render-floor.patch`, applied to a copy of the checked-out
commit (a git worktree in a temporary folder, built there; this checkout is not touched). The
patched binary reads `BRIEFING_FLOOR`:

- unset: the build as it is;
- `no-render`: page contexts are made as usual, but Tera renders nothing: every page is 16,000
  bytes of filler (about a briefing page's size, so the writing costs about the same);
- `views-only`: the pages' views are made (what `render/views.rs` makes of the models), then
  neither put into Tera's context nor rendered;
- `no-views`: no view and no context is made, nothing is rendered.

A page written directly (`render::native`: briefing, source, index and tag pages, while the
site keeps their templates) counts as rendered: `no-render` and `views-only` make its view and
write filler in its place.

So `as is − no-render` is rendering (Tera's, and the briefing pages' writing), `no-render − views-only` is making Tera's values of the
views (and freeing them), `views-only − no-views` is making the views, and `no-views` is all the
rest: reading, parsing, the search index, `briefing.json`, writing. Each round runs every variant
once, by turns, into an emptied output folder with an empty cache folder, as a first build.

When the patch no longer applies (the render code moved on), the script says so: update the
patch by hand, keeping the four variants' meaning.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from ab import timed  # noqa: E402  (benches/ is not a package)
PATCH = os.path.join(HERE, "floor", "render-floor.patch")
VARIANTS = [None, "no-render", "views-only", "no-views"]


def build_patched(work):
    """Build the patched binary in a worktree under `work`; return its path."""
    tree = os.path.join(work, "tree")
    subprocess.run(["git", "worktree", "add", "--detach", "-q", tree, "HEAD"], check=True)
    try:
        applied = subprocess.run(["git", "apply", PATCH], cwd=tree)
        if applied.returncode != 0:
            sys.exit(f"{PATCH} no longer applies to this commit: update it by hand")
        target = os.path.join(work, "target")
        subprocess.run(
            ["cargo", "build", "--release", "--quiet", "--target-dir", target],
            cwd=tree,
            check=True,
        )
        binary = os.path.join(work, "briefing-floor")
        shutil.copy(os.path.join(target, "release", "briefing"), binary)
        return binary
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", tree], check=True)


def first_build(binary, corpus, out, cache, mode):
    """Wall and CPU seconds of one first build with `BRIEFING_FLOOR=mode`."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    return timed(binary, corpus, out, cache, {"BRIEFING_FLOOR": mode} if mode else None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default="/dev/shm/briefing-bench/md-10000")
    parser.add_argument("--work", default="/dev/shm/briefing-floor")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not os.path.isdir(args.corpus):
        sys.exit(f"no corpus at {args.corpus}: run benches/run.py once to make it")
    os.makedirs(args.work, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.work) as work:
        binary = build_patched(work)
        out, cache = os.path.join(work, "out"), os.path.join(work, "cache")
        times = {mode: [] for mode in VARIANTS}
        for _ in range(args.runs):
            for mode in VARIANTS:
                times[mode].append(first_build(binary, args.corpus, out, cache, mode))
    print(f"first builds of {args.corpus}, medians of {args.runs} by turns:")
    medians = {}
    for mode in VARIANTS:
        wall = statistics.median(t[0] for t in times[mode])
        cpu = statistics.median(t[1] for t in times[mode])
        medians[mode] = wall
        print(f"  {mode or 'as is':<10}  {wall * 1000:6.0f} ms wall  {cpu * 1000:6.0f} ms CPU")
    parts = [
        ("Tera rendering", None, "no-render"),
        ("Tera's values of the views", "no-render", "views-only"),
        ("making the views", "views-only", "no-views"),
    ]
    for name, more, less in parts:
        print(f"  {name:<27} {(medians[more] - medians[less]) * 1000:6.0f} ms")
    print(f"  {'everything else':<27} {medians['no-views'] * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
