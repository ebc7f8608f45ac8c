#!/usr/bin/env python3
"""How a first build grows from 10,000 to 50,000 briefings, measured in the same minutes.

    python3 benches/linear.py target/release/briefing            # 3 rounds
    python3 benches/linear.py --runs 5 /tmp/before target/release/briefing

On a shared machine a 10k and a 50k build taken minutes apart compare the machine's load as
much as the code. Each round here builds the 10k corpus, then the 50k one, with each binary
in turn, each into an emptied output folder with an empty cache folder (a first build), and
prints each binary's medians and their ratio (issue 11 asks for at most 5.5).

The corpora are made by benches/corpus.py (benches/run.py makes them once into
/dev/shm/briefing-bench).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time

SIZES = (10000, 50000)


def first_build(binary, root, work):
    """Wall seconds of one first build of `root` in the folder `work`."""
    out, cache = os.path.join(work, "out"), os.path.join(work, "cache")
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    os.makedirs(cache)
    start = time.perf_counter()
    subprocess.run(
        [binary, "build", "--root", root, "--out", out, "--quiet"],
        env=dict(os.environ, XDG_CACHE_HOME=cache),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpora", default="/dev/shm/briefing-bench")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="briefing-linear-", dir="/dev/shm")
    times = {(b, n): [] for b in args.binaries for n in SIZES}
    try:
        for _ in range(args.runs):
            for binary in args.binaries:
                for size in SIZES:
                    root = os.path.join(args.corpora, f"md-{size}")
                    times[(binary, size)].append(first_build(binary, root, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for binary in args.binaries:
        small, large = (statistics.median(times[(binary, n)]) for n in SIZES)
        print(f"{binary}: 10k {small:.2f} s, 50k {large:.2f} s, 50k / 10k {large / small:.2f}")


if __name__ == "__main__":
    main()
