#!/usr/bin/env python3
"""Writes N articles as JSON Lines for `loa import articles`, shaped like a ministry portal's archive:
  generate-articles.py N OUT

Text is made from bench/vocabulary.txt (about 4,000 Vietnamese words and phrases in sections:
nouns, verbs, adjectives, agencies, provinces, places, people's names, and one section per demo
topic) by sentence templates. Every draw from a section follows a Zipf law over the section's
order, so a few words are everywhere and most are rare. Each article has a main topic (and
sometimes a second) whose words make up a good part of its nouns, so topics differ. Titles have
8–20 words, summaries 1–2 sentences, bodies 150–800 words in paragraphs with some headings,
lists, bold text and links, legal document numbers (178/2024/NĐ-CP), amounts of money, counts and
dates; articles are dated 2015–2026, more of them in recent years. A sentence of the demo articles
is mixed in now and then, so that the labelled queries of bench/search-queries.jsonl find them.
The output depends only on N (seeded); the first K articles are the same for every N ≥ K."""
import bisect, datetime, itertools, json, pathlib, random, re, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
out = sys.argv[2] if len(sys.argv) > 2 else "/dev/stdout"
here = pathlib.Path(__file__).resolve().parent
rng = random.Random(20250701)
random_ = rng.random


def load_sections(path):
    sections, current = {}, None
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif line not in current:
            current.append(line)
    return sections


def zipf(items, s=1.0, offset=2.5):
    """A draw function over `items` with weight 1/(rank + offset)^s, batched for speed."""
    cum = list(itertools.accumulate(1.0 / (rank + offset) ** s for rank in range(len(items))))
    buffer = []

    def draw():
        if not buffer:
            buffer.extend(rng.choices(items, cum_weights=cum, k=4096))
        return buffer.pop()

    return draw


def uniform(items):
    return lambda: items[int(random_() * len(items))]


vocabulary = load_sections(here / "vocabulary.txt")
TOPICS = [
    "to-chuc-bien-che", "cong-chuc-vien-chuc", "tien-luong", "chinh-quyen-dia-phuong", "cai-cach-hanh-chinh",
    "thi-dua-khen-thuong", "lao-dong-viec-lam", "bao-hiem-xa-hoi", "van-thu-luu-tru", "ton-giao",
    "thanh-nien", "hoi-to-chuc-phi-chinh-phu",
]
# Busier topics first: an article's main topic is itself drawn with Zipf weights.
main_topic = zipf(TOPICS, s=0.6, offset=1)
topic_noun = {slug: zipf(vocabulary[slug], s=0.9, offset=1.5) for slug in TOPICS}
general_noun = zipf(vocabulary["noun"], s=1.0, offset=3)
verb = zipf(vocabulary["verb"], s=1.0, offset=2)
adjective = zipf(vocabulary["adj"], s=1.0, offset=2)
adverb = zipf(vocabulary["adverb"], s=1.1, offset=1)
connector = zipf(vocabulary["connector"], s=0.8, offset=1)
time_phrase = zipf(vocabulary["time"], s=0.9, offset=2)
agency = zipf(vocabulary["agency"], s=1.1, offset=1)
province = zipf(vocabulary["province"], s=0.7, offset=2)
place = zipf(vocabulary["place"], s=0.6, offset=5)
surname = zipf(vocabulary["surname"], s=1.3, offset=0.5)
middle = zipf(vocabulary["middle"], s=1.0, offset=1)
given = zipf(vocabulary["given"], s=0.7, offset=3)
unit = zipf(["người", "hồ sơ", "đơn vị", "cơ quan", "doanh nghiệp", "xã, phường", "hộ gia đình", "lượt người", "trường hợp",
             "thủ tục hành chính", "tổ chức", "hội", "cơ sở", "lao động", "học viên", "cán bộ, công chức", "văn bản", "đoàn viên",
             "tập thể", "cá nhân", "dịch vụ công", "tài liệu", "hội viên", "tình nguyện viên"], s=0.8, offset=1)
role = zipf(["Bộ trưởng", "Thứ trưởng", "Vụ trưởng", "Cục trưởng", "Giám đốc Sở Nội vụ", "Phó Giám đốc Sở Nội vụ", "Chủ tịch Ủy ban nhân dân tỉnh",
             "Phó Chủ tịch Ủy ban nhân dân tỉnh", "Chánh Văn phòng", "Trưởng ban", "Phó Vụ trưởng", "Phó Cục trưởng", "Bí thư Tỉnh ủy",
             "Chủ tịch Hội đồng nhân dân tỉnh", "Trưởng phòng", "Chủ tịch Ủy ban nhân dân xã", "Bí thư Đảng ủy xã"], s=0.9, offset=1)
say = zipf(["cho biết", "nhấn mạnh", "đề nghị", "khẳng định", "yêu cầu", "thông tin", "chia sẻ", "lưu ý", "nêu rõ", "đánh giá"], s=0.8, offset=1)
event = zipf(["hội nghị", "buổi làm việc", "lễ kỷ niệm", "hội thảo", "buổi lễ", "phiên họp", "tọa đàm", "lễ ra mắt", "hội nghị trực tuyến",
              "lễ phát động", "buổi đối thoại", "kỳ họp"], s=0.8, offset=1)
# Legal documents: (name, number shape). {n} a number, {y} a year.
DOCUMENTS = [
    ("Nghị định", "{n}/{y}/NĐ-CP", 350), ("Thông tư", "{n:02d}/{y}/TT-BNV", 30), ("Quyết định", "{n}/QĐ-TTg", 2500),
    ("Luật", "số {n}/{y}/QH15", 100), ("Nghị quyết", "{n}/NQ-CP", 250), ("Công văn", "số {n}/BNV-CCVC", 9000),
    ("Thông tư", "{n:02d}/{y}/TT-BTC", 120), ("Quyết định", "{n}/QĐ-BNV", 1500), ("Chỉ thị", "{n:02d}/CT-TTg", 40),
    ("Kế hoạch", "{n}/KH-BNV", 300), ("Nghị quyết", "{n}-NQ/TW", 80), ("Thông tư", "{n:02d}/{y}/TT-BLĐTBXH", 40),
    ("Công văn", "số {n}/BNV-TCBC", 9000), ("Quyết định", "{n}/QĐ-UBND", 4000), ("Nghị quyết", "{n}/{y}/NQ-HĐND", 60),
    ("Công văn", "số {n}/BNV-CQĐP", 9000), ("Thông tư", "{n:02d}/{y}/TT-BGDĐT", 40), ("Nghị quyết", "{n}/NQ-UBTVQH15", 1700),
]
document_kind = zipf(DOCUMENTS, s=0.9, offset=1)

# Demo sentences, mixed in now and then.
demo = [json.loads(line) for line in open(here.parent / "Sources/LoaServer/Demo/Content/articles.jsonl", encoding="utf-8")]
demo_sentences = []
for article in demo:
    text = re.sub(r"\]\([^)]*\)|[#*\[\]>]|^- ", " ", article["body"], flags=re.M)
    demo_sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.strip()) > 30]
demo_sentence = uniform(demo_sentences)


class Article:
    """What the sentences of one article share: its topics and its year."""

    def __init__(self, topics, year):
        self.main = topic_noun[topics[0]]
        self.second = topic_noun[topics[-1]]
        self.year = year

    def topic(self):
        return self.main() if random_() < 0.8 else self.second()

    def simple_noun(self):
        r = random_()
        if r < 0.42:
            return self.topic()
        return general_noun()

    def noun(self):
        r = random_()
        phrase = self.simple_noun()
        if r < 0.12:
            phrase = ("các " if r < 0.08 else "những ") + phrase
        r = random_()
        if r < 0.14:
            phrase += " " + adjective()
        elif r < 0.24:
            phrase += " của " + self.simple_noun()
        elif r < 0.29:
            phrase += " và " + self.simple_noun()
        elif r < 0.32:
            phrase += " tỉnh " + province()
        elif r < 0.34:
            phrase += " " + self.simple_noun()
        return phrase

    def person(self):
        return f"{surname()} {middle()} {given()}" if random_() < 0.85 else f"{surname()} {given()}"

    def document(self, link=True):
        name, shape, most = document_kind()
        year = self.year - int(random_() ** 2 * 6)
        number = shape.format(n=1 + int(random_() ** 2 * most), y=year)
        text = f"{name} {number}"
        if link and random_() < 0.1:
            slug = re.sub(r"[^a-z0-9]+", "-", number.lower().replace("đ", "d")).strip("-")
            return f"[{text}](/van-ban/{slug})"
        return text

    def money(self):
        r = random_()
        if r < 0.35:
            return f"{rng.randint(1, 999)} triệu đồng"
        if r < 0.6:
            return f"{rng.randint(1, 99)},{rng.randint(1, 9)} tỷ đồng"
        if r < 0.8:
            return f"{rng.randint(1, 9)}.{rng.randint(0, 999):03d}.000 đồng"
        return f"{rng.randint(1, 50) * 1000:,} tỷ đồng".replace(",", ".")

    def count(self):
        r = random_()
        if r < 0.5:
            return str(rng.randint(2, 99))
        if r < 0.8:
            return str(rng.randint(100, 999))
        return f"{rng.randint(1, 99)}.{rng.randint(0, 999):03d}"

    def percent(self):
        return f"{rng.randint(1, 99)},{rng.randint(1, 9)}%" if random_() < 0.5 else f"{rng.randint(1, 100)}%"

    def date(self):
        return f"ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}/{self.year}"

    def where(self):
        r = random_()
        if r < 0.45:
            return ""
        if r < 0.6:
            return " trên địa bàn tỉnh " + province()
        if r < 0.68:
            return " tại " + place()
        if r < 0.76:
            return " theo " + self.document()
        if r < 0.84:
            return " trong " + time_phrase()
        if r < 0.9:
            return f" năm {self.year}"
        return " ở cấp xã" if r < 0.95 else " tại địa phương"


# Sentence templates: each {slot} names an Article method (or a draw function) that fills it.
SENTENCES = [
    "{connector}, {agency} {adverb} {verb} {noun} {adjective}.",
    "{noun} {adverb} {verb} {noun}{where}.",
    "Theo {document}, {noun} {adverb} {verb} {noun} và {noun}.",
    "{connector}, {verb} {noun}, {verb} {noun} {adjective}, bảo đảm {noun} {adjective}.",
    "Năm {year}, {agency} {adverb} {verb} {count} {unit}, tăng {percent} so với năm trước.",
    "{person}, {role} {agency}, {say} {noun} {adverb} {verb} {noun}{where}.",
    "Tại {place}, {noun} {adverb} {verb} {noun} {adjective} với tổng kinh phí {money}.",
    "Để {verb} {noun}, {agency} đề nghị {noun} {verb} {noun} và {verb} {noun}{where}.",
    "{noun} là {noun} {adjective} của {noun}.",
    "{topic} phải {verb} {adjective}, {adjective} và {adjective}.",
    "Trên địa bàn tỉnh {province} hiện có {count} {unit} {verb} {topic}.",
    "Từ {date}, {noun} {adverb} {verb} theo {document}.",
    "Mức {topic} {adverb} tăng từ {money} lên {money}.",
    "{connector}, {noun} còn {adjective}, {noun} {adverb} {verb} {adjective}.",
    "Trong {time}, {noun} {adverb} {verb} {noun}{where}, góp phần {verb} {noun}.",
    "{agency} {adverb} {verb} {noun}{where} nhằm {verb} {noun} {adjective}.",
    "Các {simple_noun} cần {verb} {noun}, {verb} {noun} và kịp thời {verb} {noun}{where}.",
    "Đến nay, {count} {unit} {adverb} {verb} {topic}, đạt {percent} kế hoạch.",
    "Đối với {noun}, {noun} được {verb} theo {document}.",
    "Phát biểu tại {event}, {role} {person} {say} {noun} {adjective}.",
    "Những {simple_noun} này {adverb} {verb} {noun} {adjective}, {verb} {noun} cho {noun}.",
    "Việc {verb} {topic} {adverb} {verb} {noun} {adjective} trong {noun}.",
    "Ông {person}, {role} {agency}, {say}: “{noun} {adverb} {verb} {noun} {adjective}”.",
    "Bà {person}, {role}, {say} {topic} {adverb} {verb} {adjective}{where}.",
    "{noun}{where}, {noun} {verb} {count} {unit}, tăng {percent} so với cùng kỳ.",
    "Hồ sơ gồm: {noun}, {noun}, {noun} và {noun}.",
    "{connector}, {topic} {adverb} {verb} {noun} {adjective}{where}.",
    "{noun} {verb} {topic} và {topic} {adjective}.",
    "Ngày {date_short}, {agency} {adverb} {verb} {document} về {topic}.",
    "Tổng số {unit} {verb} {topic} là {count}, chiếm {percent}.",
]
SUMMARIES = [
    "Ngày {date_short}, {agency} {adverb} {verb} {noun} {adjective}{where}.",
    "{agency} {adverb} {verb} {document} về {topic}, {verb} {noun} {adjective}.",
    "Bài viết giải đáp một số câu hỏi về {topic} và {topic} theo {document}.",
    "Theo {document}, {topic} {adverb} {verb} {noun}{where}.",
    "{topic} {adverb} {verb} {noun} {adjective}, góp phần {verb} {noun}.",
    "Năm {year}, {count} {unit} {adverb} {verb} {topic}{where}.",
]
TITLES = [
    "{agency} {verb} {topic} {adjective}",
    "Hỏi – đáp: {topic} {verb} {noun}",
    "{province}: {verb} {topic} {adjective}",
    "Hội nghị {verb} {topic} năm {year}",
    "Tập huấn {topic} cho {noun} tỉnh {province}",
    "Ban hành {document_plain} về {topic}",
    "Hướng dẫn {verb} {topic} theo {document_plain}",
    "{verb} {topic} và {noun}{where}",
    "{document_plain}: {topic} {adjective}",
    "{role} {person} {verb} {topic} tại {place}",
    "Công bố {topic} năm {year}",
    "{connector_title} {verb} {topic} {adjective}",
    "{count} {unit} {adverb} {verb} {topic}{where}",
    "Kỷ niệm {count} năm {topic}: {verb} {noun}",
    "Những điểm mới về {topic} từ năm {year}",
]
HEADINGS = [
    "{topic} {adjective}", "{verb} {topic}", "{topic} là gì?", "Những điểm mới về {topic}", "{topic} được tính như thế nào?",
    "Kết quả đạt được", "Nhiệm vụ trong thời gian tới", "Một số khó khăn, vướng mắc", "Đối tượng áp dụng", "Hồ sơ, thủ tục",
    "Ai được {verb} {topic}?", "{verb} {noun} {adjective}",
]
LIST_INTROS = ["{noun} gồm:", "Cụ thể như sau:", "{agency} đề nghị:", "Các nhiệm vụ trọng tâm:", "Đối tượng áp dụng gồm:",
               "Hồ sơ gồm:", "{topic} bao gồm:"]
LIST_ITEMS = ["{verb} {noun} {adjective}", "{noun}", "{noun}{where}", "{verb} {topic}", "{noun} theo {document}"]


def compile_templates(templates):
    compiled = []
    for template in templates:
        parts = re.split(r"\{(\w+)\}", template)
        compiled.append([(i % 2 == 1, part) for i, part in enumerate(parts) if part])
    return compiled


def make_filler(article):
    return {
        "noun": article.noun, "simple_noun": article.simple_noun, "topic": article.topic, "verb": verb, "adjective": adjective,
        "adverb": adverb, "connector": connector, "agency": agency, "province": province, "place": place,
        "person": article.person, "role": role, "say": say, "event": event, "unit": unit, "time": time_phrase,
        "document": article.document, "document_plain": lambda: article.document(link=False), "money": article.money,
        "count": article.count, "percent": article.percent, "date": article.date, "where": article.where,
        "year": lambda: str(article.year), "date_short": lambda: f"{rng.randint(1, 28)}/{rng.randint(1, 12)}",
        "connector_title": uniform(["Tiếp tục", "Đẩy mạnh", "Tăng cường", "Khẩn trương", "Nâng cao hiệu quả"]),
    }


def fill(template, filler):
    text = "".join(filler[part]() if slot else part for slot, part in template)
    return text[:1].upper() + text[1:]


sentence_templates = compile_templates(SENTENCES)
summary_templates = compile_templates(SUMMARIES)
title_templates = compile_templates(TITLES)
heading_templates = compile_templates(HEADINGS)
list_intro_templates = compile_templates(LIST_INTROS)
list_item_templates = compile_templates(LIST_ITEMS)
sentence_template = zipf(sentence_templates, s=0.5, offset=2)


def word_count(text):
    return text.count(" ") + 1


def title_of(filler):
    for _ in range(20):
        title = fill(title_templates[int(random_() * len(title_templates))], filler)
        title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title)
        words = word_count(title)
        while words < 8:
            title += filler["where"]() or f" năm {filler['year']()}"
            words = word_count(title)
        if words <= 20:
            return title
    return " ".join(title.split()[:20])


def body_of(filler, target):
    blocks, words, headings = [], 0, random_() < 0.45
    paragraphs_since_heading = 0
    while words < target:
        if headings and paragraphs_since_heading >= 2 and random_() < 0.35:
            heading = fill(heading_templates[int(random_() * len(heading_templates))], filler)
            blocks.append("## " + heading)
            words += word_count(heading)
            paragraphs_since_heading = 0
        if random_() < 0.12:
            items = [fill(list_item_templates[int(random_() * len(list_item_templates))], filler) for _ in range(rng.randint(3, 6))]
            block = fill(list_intro_templates[int(random_() * len(list_intro_templates))], filler) + "\n\n" + "\n".join(
                "- " + item + (";" if i < len(items) - 1 else ".") for i, item in enumerate(items))
        else:
            sentences = [fill(sentence_template(), filler) for _ in range(rng.randint(2, 5))]
            if random_() < 0.012:
                sentences.insert(int(random_() * len(sentences)), demo_sentence())
            if random_() < 0.05:
                k = int(random_() * len(sentences))
                sentences[k] = "**" + sentences[k] + "**"
            block = " ".join(sentences)
        size = word_count(block)
        if words + size > 800 and words >= 150:
            break
        blocks.append(block)
        words += size
        paragraphs_since_heading += 1
    return "\n\n".join(blocks)


# Publication dates from 2015 to October 2026, more in recent years (as portals grow).
start = datetime.datetime(2015, 1, 1)
span_days = (datetime.datetime(2026, 10, 31) - start).days

with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        day = start + datetime.timedelta(days=int(random_() ** 0.7 * span_days))
        published = day.replace(hour=rng.randint(7, 17), minute=int(random_() * 60))
        topics = [main_topic()]
        if random_() < 0.25:
            second = main_topic()
            if second != topics[0]:
                topics.append(second)
        article = Article(topics, published.year)
        filler = make_filler(article)
        title = title_of(filler)
        summary = " ".join(fill(summary_templates[int(random_() * len(summary_templates))], filler) for _ in range(1 + (random_() < 0.4)))
        summary = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", summary)
        # Body length: 150–800 words, most near 300–450.
        target = int(min(800, max(150, rng.lognormvariate(5.85, 0.38))))
        body = body_of(filler, target)
        f.write(json.dumps({
            "external_id": f"bench-{i}", "title": title, "summary": summary, "body": body, "topics": topics,
            "published_at": published.strftime("%Y-%m-%dT%H:%M:00+07:00"),
        }, ensure_ascii=False) + "\n")
