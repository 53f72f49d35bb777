#!/usr/bin/env python3
"""Writes N articles as JSON Lines for `loa import articles`, with realistic Vietnamese text:
sentences, phrases and titles are drawn from the demo content, so the vocabulary, syllable
frequencies and lengths are those of a ministry portal."""
import json, random, re, sys, pathlib

n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
out = sys.argv[2] if len(sys.argv) > 2 else "/dev/stdout"
root = pathlib.Path(__file__).resolve().parent.parent / "Sources/LoaServer/Demo/Content"
sentences, titles, topics = [], [], []
for line in open(root / "articles.jsonl", encoding="utf-8"):
    article = json.loads(line)
    titles.append(article["title"])
    topics.append(article["topics"])
    text = re.sub(r"[#*\[\]()>-]", " ", article["body"])
    sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.strip()) > 30]
words = [w for t in titles for w in t.split() if len(w) > 1]
random.seed(42)
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        title = " ".join(random.sample(words, random.randint(7, 14))).capitalize()
        body = "\n\n".join(" ".join(random.sample(sentences, random.randint(2, 4))) for _ in range(random.randint(3, 6)))
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        f.write(json.dumps({
            "external_id": f"bench-{i}", "title": title[:290], "summary": random.choice(sentences)[:900], "body": body,
            "topics": random.choice(topics), "published_at": f"2024-{month:02d}-{day:02d}T08:00:00+07:00",
        }, ensure_ascii=False) + "\n")
