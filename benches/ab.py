#!/usr/bin/env python3
"""Compare two (or more) builds of briefing on one corpus, run by turns.

    cp target/release/briefing /tmp/before      # then change the code
    cargo build --release
    python3 benches/ab.py /tmp/before target/release/briefing             # rebuilds
    python3 benches/ab.py --full /tmp/before target/release/briefing      # first builds

On a shared machine the same binary's time moves by a fifth within minutes, so one binary's
runs taken apart from another's compare the machine's load, not the code. This runs each
binary once per round, by turns, and prints each one's median wall and CPU time.

Rebuilds (the default): each binary builds a copy of the corpus into its own output folder
with its own cache folder; then each round edits one claim of one snapshot and rebuilds with
every binary. Full builds (`--full`): each round builds into an emptied output folder with an
empty cache folder, as a first build does. Afterwards the outputs of the binaries are compared
with `diff -r`: a change for speed should not change a byte of the site.

The corpus is made by benches/corpus.py (benches/run.py makes it once into
/dev/shm/briefing-bench).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


# How long before a build a snapshot must have last changed for the build to know it
# unchanged without reading it (`SETTLED` in src/memo/seen.rs).
SETTLED_SECONDS = 5


def timed(binary, root, out, cache, extra_env=None):
    """Wall and CPU seconds of one `build` of `root` into `out` with the cache folder `cache`
    (and the environment variables `extra_env`, if given)."""
    env = dict(os.environ, XDG_CACHE_HOME=cache, **(extra_env or {}))
    start = time.perf_counter()
    process = subprocess.Popen(
        [binary, "build", "--root", root, "--out", out, "--quiet"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{binary} failed:\n{errors[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--corpus", default="/dev/shm/briefing-bench/md-10000")
    parser.add_argument("--work", default="/dev/shm/briefing-ab")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--full", action="store_true", help="time first builds, not rebuilds")
    parser.add_argument("--cache-in", metavar="FOLDER",
                        help="make the cache folders here (default: in --work, beside the outputs)")
    args = parser.parse_args()
    if not os.path.isdir(args.corpus):
        sys.exit(f"no corpus at {args.corpus}: run benches/run.py once to make it")
    binaries = [os.path.abspath(binary) for binary in args.binaries]
    shutil.rmtree(args.work, ignore_errors=True)
    root = os.path.join(args.work, "site")
    # The corpus is copied, so that the edits never touch it.
    shutil.copytree(args.corpus, root)
    copied = time.monotonic()
    outs = [os.path.join(args.work, f"out-{i}") for i in range(len(binaries))]
    # On the outputs' file system unless told otherwise, as `~/.cache` and a site under `~`
    # usually are: a build keeps its previous output in the cache folder to build over, which
    # it cannot across file systems.
    caches = [
        tempfile.mkdtemp(prefix=f"briefing-ab-{i}-", dir=args.cache_in or args.work)
        for i in range(len(binaries))
    ]
    snapshot = next(
        os.path.join(folder, name)
        for folder, _, names in sorted(os.walk(os.path.join(root, "content")))
        for name in sorted(names)
        if name.endswith((".md", ".txt"))
    )
    with open(snapshot, encoding="utf-8") as file:
        original = file.read()
    if not args.full:
        for binary, out, cache in zip(binaries, outs, caches):
            timed(binary, root, out, cache)
        # A build reads the files changed in the seconds before it, all of them after a copy
        # (src/memo/seen.rs): a site's files are older than that but for the one just edited.
        # Once the copy has settled, one more build notes that of each binary.
        time.sleep(max(0.0, SETTLED_SECONDS + 1 - (time.monotonic() - copied)))
        for binary, out, cache in zip(binaries, outs, caches):
            timed(binary, root, out, cache)
    times = {binary: [] for binary in binaries}
    for round_number in range(args.runs):
        if not args.full:
            edited = original.replace("- ", f"- Edit {round_number} ", 1)
            with open(snapshot, "w", encoding="utf-8") as file:
                file.write(edited)
        for binary, out, cache in zip(binaries, outs, caches):
            if args.full:
                shutil.rmtree(out, ignore_errors=True)
                shutil.rmtree(cache, ignore_errors=True)
                os.makedirs(cache)
            times[binary].append(timed(binary, root, out, cache))
    for binary in binaries:
        walls = [wall for wall, _ in times[binary]]
        cpus = [cpu for _, cpu in times[binary]]
        # In milliseconds: a change worth measuring by turns is often a few per cent of a
        # rebuild's 0.3 s.
        print(
            f"{binary}: wall median {statistics.median(walls) * 1000:.0f} ms "
            f"(best {min(walls) * 1000:.0f}), CPU median {statistics.median(cpus) * 1000:.0f} ms"
        )
    for out in outs[1:]:
        same = subprocess.run(["diff", "-rq", outs[0], out], capture_output=True).returncode == 0
        print(f"{out}: {'the same as' if same else 'DIFFERENT from'} {outs[0]}")
    for cache in caches:
        shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(args.work, ignore_errors=True)


if __name__ == "__main__":
    main()
