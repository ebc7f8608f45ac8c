#!/usr/bin/env python3
"""Write a deterministic corpus of N briefings for timing builds.

    python3 benches/corpus.py 10000 /tmp/corpus-md            # Markdown: front matter, footnotes
    python3 benches/corpus.py 10000 /tmp/corpus-txt --txt     # pasted answers: [1] markers, source list
    python3 benches/corpus.py 10000 /tmp/corpus-seed --seed   # copies of the seed paste

Every run with the same arguments writes the same bytes. Briefings are spread over 100
folders; each has 3 sections of 2-4 claims, 4-8 footnoted sources drawn from 2,000 sites
(a few cited often, most rarely, as real sources are), 1-3 of 200 tags, a capture date in
2023-2025, and words from a vocabulary of 5,000, so that search, source and tag pages see
realistic spreads. The Markdown corpus is also a valid Hugo site (`--hugo DIR` writes it with
Hugo's front matter into DIR/content), built by benches/run.py for comparison.
"""
import argparse
import bisect
import os
import random

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "vi", "so", "de", "ga", "po", "li", "an",
             "er", "is", "on", "ul", "ba", "ce", "fo", "hu", "ji", "ke", "ma", "nu", "pe"]


def vocabulary(rng, size):
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


ZIPF = {}


def zipf_pick(rng, items, skew=1.1):
    """An item, the first ones far more often than the last (as cited sites are)."""
    key = (len(items), skew)
    if key not in ZIPF:
        total, cumulative = 0.0, []
        for rank in range(len(items)):
            total += 1.0 / (rank + 1) ** skew
            cumulative.append(total)
        ZIPF[key] = cumulative
    cumulative = ZIPF[key]
    return items[min(bisect.bisect(cumulative, rng.random() * cumulative[-1]), len(items) - 1)]


def sentence(rng, words, low=8, high=22):
    chosen = [zipf_pick(rng, words, 0.9) for _ in range(rng.randint(low, high))]
    return chosen[0].capitalize() + " " + " ".join(chosen[1:]) + "."


def briefing(rng, index, words, sites, tags):
    """The parts of one briefing, shared by both formats."""
    title = " ".join(rng.choice(words) for _ in range(rng.randint(3, 6))).capitalize() + f" {index}"
    day = rng.randint(0, 3 * 365 - 1)
    year, rest = 2023 + day // 365, day % 365
    month, dom = 1 + rest // 31 % 12, 1 + rest % 28
    date = f"{year}-{month:02d}-{dom:02d}"
    source_count = rng.randint(4, 8)
    sources = []
    for number in range(1, source_count + 1):
        site = zipf_pick(rng, sites)
        path = "/".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
        sources.append((number, f"https://{site}/{path}", sentence(rng, words, 3, 7)[:-1]))
    sections = []
    # Sources are cited in the order they are numbered, each at least once; now and then a
    # claim cites an earlier one again, or none (an uncited claim, as real answers have).
    next_source = 1
    for _ in range(3):
        heading = " ".join(rng.choice(words) for _ in range(rng.randint(2, 4))).capitalize()
        claims = []
        for _ in range(rng.randint(2, 4)):
            cited = []
            if rng.random() < 0.05:
                pass
            elif next_source <= source_count:
                if next_source > 2 and rng.random() < 0.3:
                    cited.append(rng.randint(1, next_source - 1))
                cited.append(next_source)
                next_source += 1
            else:
                cited.append(rng.randint(1, source_count))
            claims.append((sentence(rng, words), sorted(set(cited))))
        sections.append((heading, claims))
    sources = sources[:max(next_source - 1, 1)]
    chosen_tags = sorted(set(zipf_pick(rng, tags) for _ in range(rng.randint(1, 3))))
    return title, date, chosen_tags, sections, sources


def markdown(parts, hugo=False):
    title, date, tags, sections, sources = parts
    tag_list = ", ".join(f'"{tag}"' for tag in tags)
    lines = ["---", f'title: "{title}"', f"date: {date}", f"tags: [{tag_list}]", "---", ""]
    for heading, claims in sections:
        lines += [f"## {heading}", ""]
        for text, cited in claims:
            marks = "".join(f"[^{n}]" for n in cited)
            lines += [f"- {text}{marks}"]
        lines.append("")
    for number, url, name in sources:
        lines.append(f"[^{number}]: [{name}]({url})")
    lines.append("")
    return "\n".join(lines)


def pasted(parts):
    title, date, tags, sections, sources = parts
    lines = [f"{title} – Perplexity", ""]
    for heading, claims in sections:
        lines += [heading]
        for text, cited in claims:
            marks = f" [{', '.join(str(n) for n in cited)}]" if cited else ""
            lines.append(f"{text}{marks}")
        lines.append("")
    lines.append("Sources")
    for number, url, name in sources:
        lines.append(f"[{number}] {name} {url}")
    lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("root")
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--txt", action="store_true", help="pasted answers instead of Markdown")
    kind.add_argument("--seed", action="store_true", help="copies of the seed paste")
    args = parser.parse_args()
    rng = random.Random(20261125)
    words = vocabulary(rng, 5000)
    sites = [f"{rng.choice(words)}{i}.{rng.choice(['com', 'org', 'net', 'gov', 'edu'])}" for i in range(2000)]
    tags = [f"{rng.choice(words)}-{i}" for i in range(200)]
    seed = None
    if args.seed:
        here = os.path.dirname(os.path.abspath(__file__))
        with open(os.path.join(here, "..", "content", "russia-and-azerbaijan.txt"), encoding="utf-8") as f:
            seed = f.read()
    for index in range(args.count):
        folder = os.path.join(args.root, "content", f"{index % 100:02d}")
        os.makedirs(folder, exist_ok=True)
        if seed is not None:
            name, text = f"briefing-{index:05d}.txt", seed.replace("russia and azerbaijan", f"russia and azerbaijan {index}")
        else:
            parts = briefing(rng, index, words, sites, tags)
            name = f"briefing-{index:05d}.{'txt' if args.txt else 'md'}"
            text = pasted(parts) if args.txt else markdown(parts)
        with open(os.path.join(folder, name), "w", encoding="utf-8") as out:
            out.write(text)


if __name__ == "__main__":
    main()
