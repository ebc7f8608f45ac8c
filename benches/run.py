#!/usr/bin/env python3
"""Time `briefing build` on generated corpora, beside Hugo when it is installed.

    cargo build --release
    python3 benches/run.py                     # 1k and 10k, Markdown and pasted, 5 runs each
    python3 benches/run.py --sizes 1000 10000 50000 --runs 3
    python3 benches/run.py --incremental       # also: rebuild after editing one snapshot
    python3 benches/run.py --serve             # also: serve, from saving an edit to the new page

Corpora are generated once into --work (default /dev/shm/briefing-bench, a tmpfs) by
benches/corpus.py and reused. Output goes to tmpfs too. For each build it prints the median
and best wall time, CPU time (user + system) and its ratio to wall time, peak memory (max RSS),
files and bytes written, and the largest files. With `hugo` on PATH (Debian's package), it
builds the same Markdown corpus with the minimal site in benches/hugo and prints the ratio.
With `target/release/examples/plain_pages` built (`cargo build --release --example
plain_pages`), it also runs that plain pulldown-cmark + Tera + rayon program, which does only
the per-page work, on the Markdown corpus: the floor issue 11 measures briefing against.
Timings on a shared machine are noisy: compare medians of several runs, in one run of this
script.
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def run_once(command, cache=None):
    """Wall seconds, CPU seconds and peak RSS (KiB) of one run of `command`. Builds keep what
    they parsed in a cache folder between runs: `cache` names the one to use (a fresh, empty
    one when None, so that a full build parses everything, as a first build does)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    fresh = None
    if cache is None:
        fresh = cache = tempfile.mkdtemp(prefix="briefing-cache-")
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    start = time.perf_counter()
    # /usr/bin/time would do; wait4's rusage gives the child's own peak memory.
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if fresh:
        shutil.rmtree(fresh, ignore_errors=True)
    if os.waitstatus_to_exitcode(status) not in (0,):
        sys.exit(f"{' '.join(command)} failed:\n{stderr[-2000:]}")
    del before
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def tree_size(folder):
    files, total, largest = 0, 0, []
    for directory, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(directory, name)
            size = os.path.getsize(path)
            files += 1
            total += size
            largest.append((size, os.path.relpath(path, folder)))
    largest.sort(reverse=True)
    return files, total, largest[:3]


def largest_html(folder):
    best = (0, "")
    for directory, _, names in os.walk(folder):
        for name in names:
            if name.endswith(".html"):
                path = os.path.join(directory, name)
                best = max(best, (os.path.getsize(path), os.path.relpath(path, folder)))
    return best


def measure(label, command, out, runs):
    results = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        results.append(run_once(command(out)))
    walls = [wall for wall, _, _ in results]
    cpus = [cpu for _, cpu, _ in results]
    memory = max(rss for _, _, rss in results)
    files, total, largest = tree_size(out)
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    print(f"  {label:<28} wall {wall:6.2f} s (best {min(walls):.2f})  cpu {cpu:6.2f} s "
          f"(x{cpu / wall:.1f})  peak {memory / 1024:7.1f} MiB  {files} files, "
          f"{total / 1e6:.0f} MB")
    big = ", ".join(f"{path} {size / 1e3:.0f} kB" for size, path in largest)
    html_size, html_path = largest_html(out)
    print(f"  {'':<28} largest: {big}; largest page: {html_path} {html_size / 1e3:.0f} kB")
    return wall, memory


def edit_one_claim(text, run):
    """The snapshot with its first claim's text changed: a Markdown bullet, else the second
    line of a paste."""
    if "\n- " in text:
        return text.replace("\n- ", f"\n- Edited {run} ", 1)
    first, rest = text.split("\n", 1)
    return f"{first}\nEdited {run}: {rest}"


def incremental(binary, root, out, runs, full, cache_parent):
    """Rebuild after editing one claim of one snapshot: time, its ratio to `full` (the full
    build's median), and how many files changed. The rebuilds share the cache folder the
    first build filled, as a user's do. It is made in `cache_parent`: on the output's file
    system unless told otherwise, as `~/.cache` and a site under `~` usually are (a build keeps
    its previous output there to build over, which it cannot across file systems)."""
    shutil.rmtree(out, ignore_errors=True)
    cache = tempfile.mkdtemp(prefix="briefing-cache-", dir=cache_parent or os.path.dirname(out))
    run_once([binary, "build", "--root", root, "--out", out, "--quiet"], cache)
    target = None
    for directory, _, names in sorted(os.walk(os.path.join(root, "content"))):
        for name in sorted(names):
            target = os.path.join(directory, name)
            break
        if target:
            break
    with open(target, encoding="utf-8") as f:
        original = f.read()
    stamps = {}
    for directory, _, names in os.walk(out):
        for name in names:
            path = os.path.join(directory, name)
            stats = os.stat(path)
            stamps[path] = (stats.st_ino, stats.st_mtime_ns)
    walls = []
    peaks = []
    try:
        for run in range(runs):
            edited = edit_one_claim(original, run)
            with open(target, "w", encoding="utf-8") as f:
                f.write(edited)
            wall, _, memory = run_once(
                [binary, "build", "--root", root, "--out", out, "--quiet"], cache)
            walls.append(wall)
            peaks.append(memory)
    finally:
        with open(target, "w", encoding="utf-8") as f:
            f.write(original)
        shutil.rmtree(cache, ignore_errors=True)
    changed = 0
    for directory, _, names in os.walk(out):
        for name in names:
            path = os.path.join(directory, name)
            stats = os.stat(path)
            if stamps.get(path) != (stats.st_ino, stats.st_mtime_ns):
                changed += 1
    rebuild = statistics.median(walls)
    # From the second rebuild on, a rebuild builds over the output before the last, and
    # holds what the first one does not (the kept output's manifest): its peak is the highest.
    print(f"  {'rebuild after a one-claim edit':<28} wall {rebuild:6.2f} s "
          f"({rebuild / full:.0%} of the full build)  peak {max(peaks) / 1024:7.1f} MiB  "
          f"files rewritten: {changed} of {len(stamps)}")


def serve_latency(binary, root, runs):
    """How long `serve` takes, after a snapshot is saved, to serve the edited page."""
    import urllib.request
    # Started in the site's folder, as users start it: with `--root` and a full path, the
    # quick path was measured while `briefing serve` in the folder never took it.
    process = subprocess.Popen([os.path.abspath(binary), "serve", "--port", "0"], cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        address = process.stdout.readline().split("http://")[1].split("/")[0]
        target = None
        for directory, _, names in sorted(os.walk(os.path.join(root, "content"))):
            names = sorted(n for n in names if n.endswith((".md", ".txt")))
            if names:
                target = os.path.join(directory, names[0])
                break
        slug = os.path.relpath(target, os.path.join(root, "content")).rsplit(".", 1)[0]
        page = f"/{slug}/"

        def version():
            url = f"http://{address}/__briefing/version?path={page}"
            with urllib.request.urlopen(url) as response:
                return response.read().decode()

        with open(target, encoding="utf-8") as f:
            original = f.read()
        latencies = []
        try:
            for run in range(runs):
                before = version()
                time.sleep(1.0)
                with open(target, "w", encoding="utf-8") as f:
                    f.write(edit_one_claim(original, run))
                start = time.perf_counter()
                while version() == before:
                    if time.perf_counter() - start > 60:
                        sys.exit("serve never showed the edit")
                    time.sleep(0.005)
                latencies.append(time.perf_counter() - start)
                time.sleep(max(3.0, latencies[-1]))  # let the full rebuild finish
        finally:
            with open(target, "w", encoding="utf-8") as f:
                f.write(original)
        print(f"  {'serve: edit to new page':<28} median {statistics.median(latencies) * 1000:.0f} ms "
              f"(best {min(latencies) * 1000:.0f} ms, {runs} edits)")
    finally:
        process.kill()
        process.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", default="/dev/shm/briefing-bench")
    parser.add_argument("--bin", default=os.path.join(REPO, "target", "release", "briefing"))
    parser.add_argument("--kinds", nargs="+", default=["md", "txt"], choices=["md", "txt", "seed"])
    parser.add_argument("--incremental", action="store_true")
    parser.add_argument("--serve", action="store_true", help="also time serve from edit to page")
    parser.add_argument("--rebuild-cache-in", metavar="FOLDER",
                        help="make the rebuilds' cache folder here (default: beside the output)")
    args = parser.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"{args.bin} is missing: run `cargo build --release` first")
    hugo = shutil.which("hugo")
    plain = os.path.join(os.path.dirname(args.bin), "examples", "plain_pages")
    plain = plain if os.path.exists(plain) else None
    os.makedirs(args.work, exist_ok=True)
    out = os.path.join(args.work, "out")
    print(f"briefing: {args.bin}; hugo: {hugo or 'not installed'}; "
          f"plain per-page program: {plain or 'not built'}; {os.cpu_count()} cores")
    # Median wall times by (tool, kind, size), for the growth printed at the end.
    medians = {}
    for size in args.sizes:
        for kind in args.kinds:
            root = os.path.join(args.work, f"{kind}-{size}")
            if not os.path.isdir(os.path.join(root, "content")):
                flag = {"md": [], "txt": ["--txt"], "seed": ["--seed"]}[kind]
                subprocess.run([sys.executable, os.path.join(HERE, "corpus.py"), str(size), root, *flag], check=True)
            print(f"{size} briefings, {kind}:")
            ours, _ = measure("briefing build", lambda o: [args.bin, "build", "--root", root, "--out", o, "--quiet"], out, args.runs)
            medians[("briefing", kind, size)] = ours
            if kind == "md" and hugo:
                theirs, _ = measure("hugo", lambda o: [hugo, "--source", os.path.join(HERE, "hugo"), "--contentDir", os.path.join(root, "content"), "--destination", o, "--quiet"], out, args.runs)
                print(f"  {'':<28} briefing takes {ours / theirs:.2f}x Hugo's time")
                medians[("Hugo", kind, size)] = theirs
            if kind == "md" and plain:
                floor, _ = measure("plain per-page program", lambda o: [plain, root, o], out, args.runs)
                print(f"  {'':<28} briefing takes {ours / floor:.2f}x the plain program's time")
                medians[("plain program", kind, size)] = floor
            if args.incremental:
                incremental(args.bin, root, out, args.runs, ours, args.rebuild_cache_in)
            if args.serve:
                serve_latency(args.bin, root, args.runs)
    shutil.rmtree(out, ignore_errors=True)
    print_growth(medians, args.kinds, args.sizes)


def print_growth(medians, kinds, sizes):
    """Each size's median against the 10k one's, for briefing and, beside it, for the other
    programs measured: they grow alike when the machine's load changed between sizes, which
    built minutes apart it often does (`benches/linear.py` builds 10k and 50k by turns)."""
    for kind in kinds:
        if ("briefing", kind, 10000) not in medians:
            continue
        for size in sizes:
            if size == 10000:
                continue
            parts = []
            for tool in ("briefing", "Hugo", "plain program"):
                base, this = medians.get((tool, kind, 10000)), medians.get((tool, kind, size))
                if base and this:
                    parts.append(f"{tool} {this / base:.2f}x")
            print(f"growth, {kind}, {size} against 10000 briefings: {', '.join(parts)} "
                  f"(sizes built minutes apart; benches/linear.py builds 10k and 50k by turns)")


if __name__ == "__main__":
    main()
