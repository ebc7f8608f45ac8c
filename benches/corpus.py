#!/usr/bin/env python3
"""Write a corpus of N briefings for timing `briefing build`: copies of the seed snapshot,
each with its own query, spread over 100 folders.

    python3 benches/corpus.py 10000 /tmp/corpus
    /usr/bin/time -v target/release/briefing build --root /tmp/corpus --quiet
"""
import os
import sys

count = int(sys.argv[1])
root = sys.argv[2]
seed = open(os.path.join(os.path.dirname(__file__), "..", "content", "russia-and-azerbaijan.txt"),
            encoding="utf-8").read()
for i in range(count):
    folder = os.path.join(root, "content", f"{i % 100:02d}")
    os.makedirs(folder, exist_ok=True)
    text = seed.replace("russia and azerbaijan", f"russia and azerbaijan {i}")
    with open(os.path.join(folder, f"briefing-{i:05d}.txt"), "w", encoding="utf-8") as out:
        out.write(text)
