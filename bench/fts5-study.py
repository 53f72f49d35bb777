#!/usr/bin/env python3
"""What plain FTS5 costs for Loa's search, measured in Python's sqlite3 without building Loa.
  bench/fts5-study.py [N] [--work DIR] [--rounds R] [--only NAME,...]

Generates N articles with bench/generate-articles.py (default 100000, kept in DIR, default
/tmp/loa-fts5-study, for the next run), folds and tokenises them as SearchText.indexTokens does
(syllables, then adjacent pairs), fills `search_fts` exactly as SQLiteSearch creates it plus a few
variant tables, and times the 48 labelled queries of bench/search-queries.jsonl under several
statement shapes. Prints, per shape, p50/p95/p99 over all queries × rounds, and per query the
matches and median times. A shape name may end in "@opt" (copies of the tables merged by FTS5's
'optimize') or "@mmap" (a connection with a 256 MiB cache and mmap); shapes that rank on
detail=column/none tables are left out above 20,000 articles (seconds a query). Also checks each
ranking shape against the labelled set on the demo content (share with an expected text in the top
3, like SearchQualityTests). The 100k database takes about 4 GB and 7 minutes to build; delete DIR
when done. Results and conclusions: bench/fts5-study.md.
"""
import argparse, json, os, pathlib, re, sqlite3, statistics, subprocess, sys, time, unicodedata

root = pathlib.Path(__file__).resolve().parent.parent

# --- SearchText, in Python -------------------------------------------------------------------

ABBREVIATIONS = {
    "bhxh": "bao hiem xa hoi", "bhyt": "bao hiem y te", "bhtn": "bao hiem that nghiep", "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan", "cbccvc": "can bo cong chuc vien chuc", "ccvc": "cong chuc vien chuc", "cchc": "cai cach hanh chinh",
    "tthc": "thu tuc hanh chinh", "cqdp": "chinh quyen dia phuong", "bnv": "bo noi vu", "nd": "nghi dinh", "tt": "thong tu",
    "qd": "quyet dinh", "vbqppl": "van ban quy pham phap luat", "cccd": "can cuoc cong dan", "dvhc": "don vi hanh chinh",
}
NUMERALS = {"2": "hai", "hai": "2", "3": "ba", "ba": "3", "4": "bon", "bon": "4"}
WORD = re.compile(r"[^\W_]+")


def fold(text):
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("đ", "d")


def syllables(text):
    return WORD.findall(fold(text))


def index_tokens(text):
    words = syllables(text)
    return " ".join(words + [a + b for a, b in zip(words, words[1:])])


def plain_body(markdown):
    """Roughly Markdown.plainText(fromHTML:): link targets and markup characters go."""
    return re.sub(r"\]\([^)]*\)|[#*\[\]>`]", " ", markdown)


def parse_query(text):
    words = []
    for word in syllables(text[:500]):
        words += ABBREVIATIONS[word].split() if word in ABBREVIATIONS else [word[:40]]
    words = words[:12]
    unique = list(dict.fromkeys(words))
    pairs = list(dict.fromkeys(zip(words, words[1:])))
    return unique, pairs


def variants(syllable):
    return [syllable, NUMERALS[syllable]] if syllable in NUMERALS else [syllable]


def term(syllable):
    quoted = [f'"{v}"' for v in variants(syllable)]
    return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"


def pair_term(pair):
    quoted = [f'"{a}{b}"' for a in variants(pair[0]) for b in variants(pair[1])]
    return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"


def loa_match(q):
    """SQLiteSearch.matchExpression: all syllables, and (any pair OR the first syllable) to boost."""
    unique, pairs = q
    if not unique:
        return None
    terms = [term(s) for s in unique]
    expression = " AND ".join(terms)
    if pairs:
        expression += " AND (" + " OR ".join([f'"{a}{b}"' for a, b in pairs] + [terms[0]]) + ")"
    return expression


def syllables_match(q):
    """Loa's expression without the booster group: the same rows, for scans and counts that do not rank."""
    unique, _ = q
    return " AND ".join(term(s) for s in unique) if unique else None


def one_pair_match(q):
    """All syllables and at least one adjacent pair."""
    unique, pairs = q
    if not pairs:
        return loa_match(q)
    return " AND ".join(term(s) for s in unique) + " AND (" + " OR ".join(pair_term(p) for p in pairs) + ")"


def all_pairs_match(q):
    """Every adjacent pair (so every syllable, mostly in the query's order): a phrase without positions."""
    unique, pairs = q
    if not pairs:
        return loa_match(q)
    return " AND ".join(dict.fromkeys(pair_term(p) for p in pairs))


# --- corpus and tables -----------------------------------------------------------------------

FTS = "fts5(title, summary, body, tokenize = 'unicode61 remove_diacritics 0'{extra})"
VARIANTS = {
    "search_fts": FTS.format(extra=""),  # as SQLiteSearch.createStructures
    "fts_column": FTS.format(extra=", detail = column"),
    "fts_none": FTS.format(extra=", detail = none"),
    "fts_head": "fts5(title, summary, tokenize = 'unicode61 remove_diacritics 0')",
    "fts_head_column": "fts5(title, summary, tokenize = 'unicode61 remove_diacritics 0', detail = column)",
    # Copies merged into one segment by FTS5's 'optimize' (the others keep the segments that
    # incremental inserts leave, as Loa's index does).
    "search_opt": FTS.format(extra=""),
    "fts_head_opt": "fts5(title, summary, tokenize = 'unicode61 remove_diacritics 0')",
}


def build(db_path, articles_path, limit=None):
    db = sqlite3.connect(db_path)
    have = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    if "search_fts" not in have:
        db.execute("CREATE VIRTUAL TABLE search_fts USING " + VARIANTS["search_fts"])
        db.execute("CREATE TABLE meta (rowid INTEGER PRIMARY KEY, external_id TEXT, published TEXT)")
        started = time.perf_counter()
        tokenising = 0.0
        with open(articles_path, encoding="utf-8") as f:
            batch = []
            for rowid, line in enumerate(f, 1):
                a = json.loads(line)
                t0 = time.perf_counter()
                row = (rowid, index_tokens(a["title"]), index_tokens(a["summary"]), index_tokens(plain_body(a["body"])))
                tokenising += time.perf_counter() - t0
                batch.append((row, (rowid, a["external_id"], a["published_at"])))
                if len(batch) == 2000:
                    insert(db, batch)
                    batch = []
            insert(db, batch)
        db.commit()
        print(f"search_fts: {time.perf_counter() - started:.1f} s (tokenising in Python {tokenising:.1f} s)", file=sys.stderr)
    for name, definition in VARIANTS.items():
        if name in have or name == "search_fts":
            continue
        started = time.perf_counter()
        db.execute(f"CREATE VIRTUAL TABLE {name} USING {definition}")
        columns = "title, summary" if "head" in name else "title, summary, body"
        db.execute(f"INSERT INTO {name} (rowid, {columns}) SELECT rowid, {columns} FROM search_fts")
        if name.endswith("_opt"):
            db.execute(f"INSERT INTO {name} ({name}) VALUES ('optimize')")
        db.commit()
        print(f"{name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return db


def insert(db, batch):
    db.executemany("INSERT INTO search_fts (rowid, title, summary, body) VALUES (?, ?, ?, ?)", [b[0] for b in batch])
    db.executemany("INSERT INTO meta VALUES (?, ?, ?)", [b[1] for b in batch])


def sizes(db):
    result = {}
    for name in VARIANTS:
        pages = db.execute("SELECT sum(pgsize) FROM dbstat WHERE name = ?", (name + "_data",)).fetchone()[0] if has_dbstat(db) else None
        result[name] = pages
    return result


def has_dbstat(db):
    try:
        db.execute("SELECT 1 FROM dbstat LIMIT 1").fetchall()
        return True
    except sqlite3.Error:
        return False


# --- statement shapes ------------------------------------------------------------------------

def ranked(table, expression, limit=20, rank="weighted"):
    """rank: "weighted" (rank = bm25 with title 10, summary 4, body 1), "function" (ORDER BY the
    bm25 function with those weights) or "default" (rank not configured: bm25 with weights 1)."""
    order = "rank" if rank != "function" else f"bm25({table}, 10.0, 4.0, 1.0)"
    weights = "'bm25(10.0, 4.0)'" if "head" in table else "'bm25(10.0, 4.0, 1.0)'"
    rank_clause = f" AND rank MATCH {weights}" if rank == "weighted" else ""
    return (f"SELECT rowid FROM {table} WHERE {table} MATCH ?{rank_clause} ORDER BY {order} LIMIT {limit}", expression)


def count(table, expression, cap=None):
    if cap:
        return (f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH ? LIMIT {cap})", expression)
    return (f"SELECT count(*) FROM {table} WHERE {table} MATCH ?", expression)


def run(db, statement):
    sql, expression = statement
    return db.execute(sql, (expression,)).fetchall()


# The tables the shapes use; a "@opt" variant points MAIN and HEAD at copies merged by 'optimize'.
MAIN, HEAD = "search_fts", "fts_head"

# A shape runs the statements one search would run for a parsed query (a later one may depend on
# an earlier one's result) and returns the first page's rowids (20) and the total (None: not counted).

def shape_loa_now(db, q):
    """Loa today: ORDER BY rank (rank not configured: bm25 with weights 1, 1, 1) LIMIT 50, and COUNT(*)."""
    e = loa_match(q)
    rows = run(db, ranked(MAIN, e, 50, rank="default"))
    return [r[0] for r in rows[:20]], run(db, count(MAIN, e))[0][0]


def shape_a(db, q):
    """(a) ORDER BY bm25(search_fts, 10, 4, 1) LIMIT 20 — ranking only."""
    return [r[0] for r in run(db, ranked(MAIN, loa_match(q), rank="function"))], None


def shape_b(db, q):
    """(b) ORDER BY rank with rank = bm25(10, 4, 1) LIMIT 20 — ranking only."""
    return [r[0] for r in run(db, ranked(MAIN, loa_match(q)))], None


def shape_c(db, q):
    """(c) SELECT count(*) … MATCH — counting only."""
    return [], run(db, count(MAIN, loa_match(q)))[0][0]


def shape_c_syllables(db, q):
    """(c) with the syllables alone (no booster group): the same count."""
    return [], run(db, count(MAIN, syllables_match(q)))[0][0]


def shape_c_capped(db, q):
    """count(*) over MATCH … LIMIT 1001 — counting only."""
    return [], run(db, count(MAIN, loa_match(q), cap=1001))[0][0]


def shape_b_c(db, q):
    """(b) + (c): weighted rank, exact count."""
    e = loa_match(q)
    return [r[0] for r in run(db, ranked(MAIN, e))], run(db, count(MAIN, e))[0][0]


def shape_b_capped(db, q):
    """(b) + count capped at 1001."""
    e = loa_match(q)
    return [r[0] for r in run(db, ranked(MAIN, e))], run(db, count(MAIN, e, cap=1001))[0][0]


def tiered(db, q, table, expressions, count_expression, cap=1001, head=None):
    """Rank the first expression; while fewer than 20 found, add the next one's ranked rows."""
    hits = []
    for expression in expressions:
        if expression is None:
            continue
        for (rowid,) in run(db, ranked(table, expression)):
            if rowid not in hits:
                hits.append(rowid)
        if len(hits) >= 20:
            break
    total = run(db, count(table if head is None else head, count_expression, cap=cap))[0][0]
    return hits[:20], total


def shape_phrase_first(db, q):
    """All pairs (phrase-like) ranked; if < 20, then the Loa expression; count of the Loa expression capped at 1001."""
    return tiered(db, q, MAIN, [all_pairs_match(q) if q[1] else None, loa_match(q)], loa_match(q))


def shape_phrase_first_3(db, q):
    """All pairs, then syllables + at least one pair, then the Loa expression; capped count."""
    return tiered(db, q, MAIN, [all_pairs_match(q) if q[1] else None, one_pair_match(q) if q[1] else None, loa_match(q)],
                  loa_match(q))


def shape_phrase_first_column(db, q):
    """As phrase-first, on a detail=column table."""
    return tiered(db, q, "fts_column", [all_pairs_match(q) if q[1] else None, loa_match(q)], loa_match(q))


def shape_phrase_first_none(db, q):
    """As phrase-first, on a detail=none table."""
    return tiered(db, q, "fts_none", [all_pairs_match(q) if q[1] else None, loa_match(q)], loa_match(q))


def shape_column_filter(db, q):
    """{title summary}: Loa expression ranked first; if < 20, the whole; capped count."""
    e = loa_match(q)
    return tiered(db, q, MAIN, ["{title summary} : (" + e + ")", e], e)


def shape_head_table(db, q):
    """Rank in a title+summary table first; if < 20, the full table; capped count on the full table."""
    e = loa_match(q)
    hits = [r[0] for r in run(db, ranked(HEAD, e))]
    if len(hits) < 20:
        for (rowid,) in run(db, ranked(MAIN, e)):
            if rowid not in hits:
                hits.append(rowid)
    return hits[:20], run(db, count(MAIN, e, cap=1001))[0][0]


def shape_head_phrase_first(db, q):
    """Head table: all pairs, then the Loa expression; if < 20, the full table; capped count on the full table."""
    e = loa_match(q)
    hits = tiered(db, q, HEAD, [all_pairs_match(q) if q[1] else None, e], e, head=MAIN)[0]
    if len(hits) < 20:
        for (rowid,) in run(db, ranked(MAIN, e)):
            if rowid not in hits:
                hits.append(rowid)
    return hits[:20], run(db, count(MAIN, e, cap=1001))[0][0]


def shape_head_column(db, q):
    """As head-table, with the title+summary table in detail=column."""
    e = loa_match(q)
    hits = [r[0] for r in run(db, ranked("fts_head_column", e))]
    if len(hits) < 20:
        for (rowid,) in run(db, ranked(MAIN, e)):
            if rowid not in hits:
                hits.append(rowid)
    return hits[:20], run(db, count(MAIN, e, cap=1001))[0][0]


def shape_tiered(db, q):
    """Four tiers, each ranked, until 20: all pairs in title+summary, all pairs anywhere, Loa's expression in title+summary, Loa's expression anywhere; capped count."""
    e = loa_match(q)
    phrase = all_pairs_match(q) if q[1] else None
    hits = []
    for table, expression in ((HEAD, phrase), (MAIN, phrase), (HEAD, e), (MAIN, e)):
        if expression is None:
            continue
        for (rowid,) in run(db, ranked(table, expression)):
            if rowid not in hits:
                hits.append(rowid)
        if len(hits) >= 20:
            break
    return hits[:20], run(db, count(MAIN, e, cap=1001))[0][0]


def shape_tiered_recent_tail(db, q):
    """As tiered, but the last tier (Loa's expression anywhere) newest first instead of ranked."""
    e = loa_match(q)
    phrase = all_pairs_match(q) if q[1] else None
    hits = []
    for table, expression in ((HEAD, phrase), (MAIN, phrase), (HEAD, e)):
        if expression is None:
            continue
        for (rowid,) in run(db, ranked(table, expression)):
            if rowid not in hits:
                hits.append(rowid)
        if len(hits) >= 20:
            break
    if len(hits) < 20:
        for (rowid,) in db.execute(f"SELECT rowid FROM {MAIN} WHERE {MAIN} MATCH ? ORDER BY rowid DESC LIMIT 40", (e,)):
            if rowid not in hits:
                hits.append(rowid)
    return hits[:20], run(db, count(MAIN, e, cap=1001))[0][0]


def newest(db, expression, cap=101):
    """The newest `cap` matches, and the total: exact below `cap`, else estimated from the share of
    rowids they span (rowids assumed to follow publication order, matches spread evenly)."""
    rows = [r[0] for r in db.execute(f"SELECT rowid FROM {MAIN} WHERE {MAIN} MATCH ? ORDER BY rowid DESC LIMIT {cap}", (expression,))]
    if len(rows) < cap:
        return rows, len(rows)
    # The rowid range, which Loa has from MIN/MAX(fts_key) on its index or keeps cached.
    low = db.execute(f"SELECT rowid FROM {MAIN} ORDER BY rowid LIMIT 1").fetchone()[0]
    high = db.execute(f"SELECT rowid FROM {MAIN} ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    return rows, int(cap * (high - low + 1) / max(1, high - rows[-1] + 1))


def proposal(db, q, rank_head=False, window=500):
    e = syllables_match(q)
    phrase = all_pairs_match(q) if q[1] else None
    hits = []

    def add(rows):
        for (rowid,) in rows:
            if rowid not in hits:
                hits.append(rowid)

    if phrase:
        # 1. The phrase (every adjacent pair) in the title or summary, ranked: short rows, short doclists.
        add(run(db, ranked(HEAD, phrase)))
        # 2. The phrase anywhere: its newest `window` matches, ranked (bm25 first scans each pair's
        #    whole doclist for its IDF, so not when there is nothing to order).
        if len(hits) < 20:
            rows = [r[0] for r in db.execute(f"SELECT rowid FROM {MAIN} WHERE {MAIN} MATCH ? ORDER BY rowid DESC LIMIT {window}",
                                             (phrase,))]
            fresh = [r for r in rows if r not in hits]
            if len(fresh) <= 1:
                add((r,) for r in fresh)
            else:
                add(db.execute(f"SELECT rowid FROM {MAIN} WHERE {MAIN} MATCH ? AND rowid >= ? AND rank MATCH 'bm25(10.0, 4.0, 1.0)' "
                               "ORDER BY rank LIMIT 40", (phrase, rows[-1])))
    # 3. Every syllable in the title or summary: ranked when they are few, else newest first.
    if len(hits) < 20:
        few = rank_head and run(db, count(HEAD, e, cap=window + 1))[0][0] <= window
        add(run(db, ranked(HEAD, e)) if few else db.execute(f"SELECT rowid FROM {HEAD} WHERE {HEAD} MATCH ? ORDER BY rowid DESC LIMIT 20", (e,)))
    # 4. Every syllable anywhere, newest first: one scan that also gives the total.
    tail, total = newest(db, e)
    if len(hits) < 20:
        add((rowid,) for rowid in tail)
    return hits[:20], total


def shape_proposal(db, q):
    """Proposal: phrase (all pairs) in title+summary ranked; phrase anywhere ranked among its newest 500; all syllables in title+summary newest first; all syllables anywhere newest first, the same scan giving the total (exact to 100, then estimated); scans without the booster group."""
    return proposal(db, q)


def shape_proposal_ranked_head(db, q):
    """As proposal, but tier 3 ranked (bm25 10/4) when title+summary have at most 500 matches."""
    return proposal(db, q, rank_head=True)


def shape_proposal_exact(db, q):
    """As proposal, with the exact count (syllables alone) instead of the estimate."""
    return proposal(db, q)[0], run(db, count(MAIN, syllables_match(q)))[0][0]


def shape_c_column(db, q):
    """(c) exact count on detail=column."""
    return [], run(db, count("fts_column", loa_match(q)))[0][0]


def shape_c_none(db, q):
    """(c) exact count on detail=none."""
    return [], run(db, count("fts_none", loa_match(q)))[0][0]


def shape_detail_column(db, q):
    """(b) + capped count on detail=column."""
    e = loa_match(q)
    return [r[0] for r in run(db, ranked("fts_column", e))], run(db, count("fts_column", e, cap=1001))[0][0]


def shape_detail_column_exact(db, q):
    """(b) + (c) on detail=column."""
    e = loa_match(q)
    return [r[0] for r in run(db, ranked("fts_column", e))], run(db, count("fts_column", e))[0][0]


def shape_detail_none(db, q):
    """(b) + capped count on detail=none."""
    e = loa_match(q)
    return [r[0] for r in run(db, ranked("fts_none", e))], run(db, count("fts_none", e, cap=1001))[0][0]


def shape_all_pairs_only(db, q):
    """Only the all-pairs expression, ranked, with its exact count (no fallback)."""
    e = all_pairs_match(q)
    return [r[0] for r in run(db, ranked(MAIN, e))], run(db, count(MAIN, e))[0][0]


def shape_recency(db, q):
    """No ranking: MATCH … ORDER BY rowid DESC LIMIT 20 (the floor of any ranked shape)."""
    return [r[0] for r in db.execute(f"SELECT rowid FROM {MAIN} WHERE {MAIN} MATCH ? ORDER BY rowid DESC LIMIT 20",
                                      (loa_match(q),))], None


SHAPES = {
    "loa-now": shape_loa_now, "a": shape_a, "b": shape_b, "c": shape_c, "c-syllables": shape_c_syllables, "c-capped": shape_c_capped, "b+c": shape_b_c,
    "b+capped": shape_b_capped, "column-filter": shape_column_filter, "head-table": shape_head_table,
    "detail-column": shape_detail_column, "detail-column-exact": shape_detail_column_exact, "detail-none": shape_detail_none,
    "phrase-first": shape_phrase_first, "phrase-first-3": shape_phrase_first_3, "phrase-first-column": shape_phrase_first_column,
    "phrase-first-none": shape_phrase_first_none, "all-pairs-only": shape_all_pairs_only, "recency": shape_recency,
    "head-phrase-first": shape_head_phrase_first, "head-column": shape_head_column, "c-column": shape_c_column,
    "c-none": shape_c_none, "tiered": shape_tiered, "tiered-recent-tail": shape_tiered_recent_tail,
    "proposal": shape_proposal, "proposal-ranked-head": shape_proposal_ranked_head, "proposal-exact-count": shape_proposal_exact,
}
# Too slow to time at 100k (bm25 on detail=column/none re-reads and re-tokenises every matching row).
SLOW = {"detail-column", "detail-column-exact", "detail-none", "phrase-first-column", "phrase-first-none", "head-column"}


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


# --- labelled quality on the demo content ----------------------------------------------------

DOCUMENT_TYPES = {"luat": "Luật", "nghi-quyet": "Nghị quyết", "nghi-dinh": "Nghị định", "quyet-dinh": "Quyết định",
                  "chi-thi": "Chỉ thị", "thong-tu": "Thông tư", "cong-van": "Công văn", "ke-hoach": "Kế hoạch",
                  "huong-dan": "Hướng dẫn"}


def number_key(text):
    return "".join(c for c in fold(text) if c.isascii() and (c.isalnum() or c in "/-")).lower()


def number_like(text):
    key = number_key(text.strip())
    if len(key) >= 3 and "/" in key and key[0].isdigit() and " " not in text.strip():
        return key
    return None


def demo_quality(queries):
    """The share of labelled queries with an expected text in the top 3, per ranking shape."""
    db = sqlite3.connect(":memory:")
    for name, definition in VARIANTS.items():
        db.execute(f"CREATE VIRTUAL TABLE {name} USING {definition}")
    content = root / "Sources/LoaServer/Demo/Content"
    entries = []  # (external id, published, number key, title tokens, summary, body)
    for line in open(content / "articles.jsonl", encoding="utf-8"):
        a = json.loads(line)
        entries.append((a["external_id"], a["published_at"][:10], None, a["title"], a["summary"], a["body"]))
    for line in open(content / "documents.jsonl", encoding="utf-8"):
        d = json.loads(line)
        entries.append((d["external_id"], d["issued_on"], number_key(d["number"]),
                        f"{DOCUMENT_TYPES[d['type']]} {d['number']} {d['title']}", d["summary"], d["body"]))
    for rowid, (_, _, _, title, summary, body) in enumerate(entries, 1):
        row = (rowid, index_tokens(title), index_tokens(summary), index_tokens(plain_body(body)))
        for name in VARIANTS:
            columns = "title, summary" if "head" in name else "title, summary, body"
            db.execute(f"INSERT INTO {name} (rowid, {columns}) VALUES ({', '.join('?' * (len(columns.split(',')) + 1))})",
                       row[:3] if "head" in name else row)
    results = {}
    for shape_name in ["loa-now", "b+c", "phrase-first", "phrase-first-3", "column-filter", "head-table", "head-phrase-first",
                       "tiered", "tiered-recent-tail", "proposal", "proposal-ranked-head", "detail-column", "detail-none", "all-pairs-only"]:
        shape = SHAPES[shape_name]
        found, misses = 0, []
        for text, expect in queries:
            numbered = []
            key = number_like(text)
            if key:
                numbered = sorted((e for e in entries if e[2] and e[2].startswith(key)), key=lambda e: e[1], reverse=True)
                numbered = [e[0] for e in numbered]
            q = parse_query(text)
            hits, _ = shape(db, q) if q[0] else ([], 0)
            # Ties (equal ranks) go to the newer entry in Loa; here the FTS order stands.
            ranked_ids = numbered + [entries[h - 1][0] for h in hits if entries[h - 1][0] not in numbered]
            if any(x in expect for x in ranked_ids[:3]):
                found += 1
            else:
                misses.append(text)
        results[shape_name] = (found, misses)
    return results


# --- main ------------------------------------------------------------------------------------

def main():
    global args
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=100000)
    parser.add_argument("--work", default="/tmp/loa-fts5-study")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    labelled = [json.loads(line) for line in open(root / "bench/search-queries.jsonl", encoding="utf-8")]
    queries = [(x["q"], x["expect"]) for x in labelled]

    print("## Labelled set on the demo content (top 3, Python proxy of SearchQualityTests)\n")
    for name, (found, misses) in demo_quality(queries).items():
        print(f"- {name}: {found}/{len(queries)}" + (f" — misses: {'; '.join(misses)}" if misses else ""))

    articles = work / f"articles-{args.n}.jsonl"
    if not articles.exists():
        started = time.perf_counter()
        subprocess.run([sys.executable, str(root / "bench/generate-articles.py"), str(args.n), str(articles)], check=True)
        print(f"generated {args.n} articles in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    db_path = work / f"study-{args.n}.sqlite"
    db = build(str(db_path), articles)
    db.close()
    db = sqlite3.connect(str(db_path))  # a fresh connection, default cache (2 MB) as in Loa

    print(f"\n## {args.n} articles, SQLite {sqlite3.sqlite_version}, {db_path.stat().st_size / 2**20:.0f} MiB, "
          f"load average {os.getloadavg()[0]:.1f} at the start\n")
    if has_dbstat(db):
        for name, size in sizes(db).items():
            print(f"- {name}_data: {size / 2**20:.0f} MiB")

    parsed = [parse_query(text) for text, _ in queries]
    # Matches per query, for the table: Loa's expression, the all-pairs one, and df of each syllable.
    matches = [run(db, count("search_fts", loa_match(q)))[0][0] if q[0] else 0 for q in parsed]
    pair_matches = [run(db, count("search_fts", all_pairs_match(q)))[0][0] if q[1] else None for q in parsed]
    head_matches = [run(db, count("fts_head", loa_match(q)))[0][0] if q[0] else 0 for q in parsed]

    # A name may end in "@opt" (the optimized copies) or "@mmap" (a connection with a 256 MiB page
    # cache and memory-mapped I/O instead of SQLite's default 2 MB cache).
    default = [s for s in SHAPES if args.n <= 20000 or s not in SLOW] + [
        "loa-now@opt", "b+c@opt", "b+capped@opt", "head-phrase-first@opt", "tiered@opt", "tiered-recent-tail@opt", "proposal@opt", "proposal-ranked-head@opt", "all-pairs-only@opt",
        "loa-now@mmap", "b+capped@mmap", "head-phrase-first@mmap", "tiered@mmap", "tiered@opt@mmap", "proposal@mmap", "proposal@opt@mmap"]
    chosen = [s for s in args.only.split(",") if s] or default
    mapped = sqlite3.connect(str(db_path))
    mapped.execute("PRAGMA cache_size = -262144")
    mapped.execute("PRAGMA mmap_size = 4294967296")

    def call(name, q):
        global MAIN, HEAD
        base, *flags = name.split("@")
        MAIN, HEAD = ("search_opt", "fts_head_opt") if "opt" in flags else ("search_fts", "fts_head")
        try:
            return SHAPES[base](mapped if "mmap" in flags else db, q)
        finally:
            MAIN, HEAD = "search_fts", "fts_head"

    # How far a shape's top 20 is from the reference: (b), the weighted bm25 of Loa's expression.
    reference = [shape_b(db, q)[0] if q[0] else [] for q in parsed]
    agreement = {}
    for name in chosen:
        tops = [call(name, q)[0] if q[0] else [] for q in parsed]  # also warms the caches
        pairs = [(top, ref) for top, ref in zip(tops, reference) if ref and top]
        if pairs:
            overlap = statistics.mean(len(set(top) & set(ref)) / len(ref) for top, ref in pairs)
            first = statistics.mean(top[0] == ref[0] for top, ref in pairs)
            agreement[name] = f"{overlap * 100:.0f} % | {first * 100:.0f} %"
        else:
            agreement[name] = "– | –"
    # Rounds outermost and shapes innermost, so that other load on the machine hits all alike.
    timings = {name: [[] for _ in parsed] for name in chosen}
    for _ in range(args.rounds):
        for i, q in enumerate(parsed):
            if not q[0]:
                continue
            for name in chosen:
                started = time.perf_counter()
                call(name, q)
                timings[name][i].append((time.perf_counter() - started) * 1000)
    for name in chosen:
        flat = [t for samples in timings[name] for t in samples]
        print(f"{name}: p50 {pct(flat, 50):.2f}  p95 {pct(flat, 95):.2f}  p99 {pct(flat, 99):.2f}  max {max(flat):.2f} ms",
              file=sys.stderr)

    print(f"\n## p50 / p95 / p99 over {len(parsed)} queries × {args.rounds} rounds (ms), load average {os.getloadavg()[0]:.1f} at the end\n")
    print("Top-20 overlap and same first hit: against (b), the weighted bm25 of Loa's whole expression.\n")
    print("| shape | p50 | p95 | p99 | max | top-20 overlap | same first | what |\n|---|---:|---:|---:|---:|---:|---:|---|")
    for name in chosen:
        flat = [t for samples in timings[name] for t in samples]
        doc = " ".join(SHAPES[name.split("@")[0]].__doc__.split()) + (" [optimized tables]" if "@opt" in name else "") + (
            " [256 MiB cache, mmap]" if "@mmap" in name else "")
        print(f"| {name} | {pct(flat, 50):.2f} | {pct(flat, 95):.2f} | {pct(flat, 99):.2f} | {max(flat):.2f} | {agreement[name]} | {doc} |")

    print("\n## Per query: matches of Loa's expression (anywhere, in title+summary) and of all pairs; median ms per shape\n")
    print("| query | matches | in title+summary | all pairs | " + " | ".join(chosen) + " |")
    print("|---|---:|---:|---:|" + "---:|" * len(chosen))
    for i, (text, _) in enumerate(queries):
        if not parsed[i][0]:
            continue
        cells = [f"{statistics.median(timings[name][i]):.1f}" for name in chosen]
        pm = "" if pair_matches[i] is None else str(pair_matches[i])
        print(f"| {text} | {matches[i]} | {head_matches[i]} | {pm} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
