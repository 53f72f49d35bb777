#!/usr/bin/env python3
"""Real-browser end-to-end test of Loa (headless Chromium through Selenium).

Run through scripts/browser-test.sh, which starts `loa serve` on a fresh data folder and creates the
staff accounts. Environment:
  BROWSER_TEST_URL      the running server (e.g. http://127.0.0.1:18123)
  SCREENSHOTS       folder for screenshots (default ./browser-screenshots)
  EDITOR_EMAIL, EDITOR_PASSWORD, APPROVER_EMAIL, APPROVER_PASSWORD
  CHROMIUM_BIN (default /usr/bin/chromium), CHROMEDRIVER_BIN (default: chromedriver on PATH)

Prints PASS/FAIL lines, exits 1 when any check fails.
"""
import os
import re
import shutil
import sys
import time
import traceback

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ.get("BROWSER_TEST_URL", "http://127.0.0.1:8080").rstrip("/")
SHOTS = os.path.abspath(os.environ.get("SCREENSHOTS", "./browser-screenshots"))
EDITOR = (os.environ.get("EDITOR_EMAIL", "editor@example.vn"), os.environ.get("EDITOR_PASSWORD", ""))
APPROVER = (os.environ.get("APPROVER_EMAIL", "approver@example.vn"), os.environ.get("APPROVER_PASSWORD", ""))
PHONE = (390, 844)
DESKTOP = (1366, 900)

results = []  # (ok, name, detail)
screenshots = []


def check(ok, name, detail=""):
    ok = bool(ok)
    results.append((ok, name, detail))
    line = ("PASS " if ok else "FAIL ") + name
    if detail:
        line += " — " + detail
    print(line, flush=True)
    return ok


# --------------------------------------------------------------------------------------------------
# Browser

def new_driver(size):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--lang=vi-VN", "--hide-scrollbars", "--window-size=%d,%d" % size,
                "--disable-features=Translate,OptimizationHints", "--no-first-run"):
        options.add_argument(arg)
    driver_bin = os.environ.get("CHROMEDRIVER_BIN") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
    driver = webdriver.Chrome(service=Service(executable_path=driver_bin), options=options)
    driver.set_page_load_timeout(30)
    set_viewport(driver, size)
    return driver


def set_viewport(driver, size, height=None):
    width, h = size
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height or h, "deviceScaleFactor": 1, "mobile": width < 600,
    })
    driver._loa_size = size


def wait(driver, seconds=10):
    return WebDriverWait(driver, seconds)


def go(driver, path):
    driver.get(BASE + path)
    wait(driver).until(lambda d: d.execute_script("return document.readyState") == "complete")


def main_text(driver):
    try:
        return driver.find_element(By.TAG_NAME, "main").text
    except WebDriverException:
        return driver.find_element(By.TAG_NAME, "body").text


def shoot(driver, name):
    """Screenshots of the current page at phone and desktop widths (full page height, capped)."""
    original = getattr(driver, "_loa_size", DESKTOP)
    driver.execute_script("if (document.activeElement) document.activeElement.blur(); window.scrollTo(0, 0);")
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        set_viewport(driver, size)
        time.sleep(0.15)
        height = driver.execute_script(
            "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")
        set_viewport(driver, size, height=max(size[1], min(int(height), 6000)))
        time.sleep(0.15)
        path = os.path.join(SHOTS, "%s-%s.png" % (name, label))
        ok = driver.save_screenshot(path)
        if ok:
            screenshots.append(path)
        else:
            check(False, "screenshot %s" % path)
    set_viewport(driver, original)


# --------------------------------------------------------------------------------------------------
# Accessibility checks (JavaScript in the page)

A11Y_JS = r"""
function rendered(el) {
  if (!el.getClientRects().length) return false;
  var s = getComputedStyle(el);
  return s.visibility !== 'hidden' && s.display !== 'none';
}
function describe(el) {
  var d = el.tagName.toLowerCase();
  if (el.id) d += '#' + el.id;
  if (el.getAttribute('name')) d += '[name="' + el.getAttribute('name') + '"]';
  if (el.className && typeof el.className === 'string') d += '.' + el.className.trim().split(/\s+/).join('.');
  var t = (el.innerText || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
  if (t) d += ' "' + t + '"';
  return d;
}
var out = {unlabelled: [], wrapped: [], h1: 0, h1s: [], skips: [], lang: document.documentElement.getAttribute('lang'),
           noAlt: [], imgs: 0, contrast: [], contrastChecked: 0, fields: 0};

// 1. Labels of visible form fields (the honeypot lives in an aria-hidden, visually hidden box).
document.querySelectorAll('input, select, textarea').forEach(function (el) {
  if (el.type === 'hidden') return;
  if (el.closest('[aria-hidden="true"]') || el.closest('[hidden]')) return;
  if (!rendered(el)) return;
  out.fields++;
  var ok = false, how = '';
  if ((el.getAttribute('aria-label') || '').trim()) { ok = true; how = 'aria-label'; }
  var lb = el.getAttribute('aria-labelledby');
  if (!ok && lb) {
    var text = lb.split(/\s+/).map(function (id) { var x = document.getElementById(id); return x ? x.textContent.trim() : ''; }).join('');
    if (text) { ok = true; how = 'aria-labelledby'; }
  }
  if (!ok && el.id) {
    var l = document.querySelector('label[for="' + CSS.escape(el.id) + '"]');
    if (l && l.textContent.trim()) { ok = true; how = 'label[for]'; }
  }
  if (!ok && el.labels && el.labels.length && el.labels[0].textContent.trim()) { ok = true; how = 'wrapping label'; out.wrapped.push(describe(el)); }
  if (!ok) out.unlabelled.push(describe(el));
});

// 2. Exactly one h1; 3. no skipped heading levels going down (rendered headings, document order).
var prev = 1;
document.querySelectorAll('h1, h2, h3, h4, h5, h6').forEach(function (h) {
  if (!rendered(h)) return;
  var level = +h.tagName[1];
  if (level === 1) { out.h1++; out.h1s.push(describe(h)); }
  if (level > prev + 1) out.skips.push('h' + prev + ' → ' + describe(h));
  prev = level;
});

// 5. img alt
document.querySelectorAll('img').forEach(function (img) { out.imgs++; if (!img.hasAttribute('alt')) out.noAlt.push(img.outerHTML.slice(0, 120)); });

// 6. Contrast of body text (p, a, li) against the effective background.
function parse(c) {
  var m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
  var p = m[1].split(/[\s,\/]+/).filter(Boolean).map(parseFloat);
  return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
}
function blend(top, bottom) {
  var a = top.a;
  return {r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1};
}
function background(el) {
  var layers = [];
  for (var n = el; n; n = n.parentElement) {
    var s = getComputedStyle(n);
    if (s.backgroundImage && s.backgroundImage !== 'none') return null;  // cannot judge over an image
    var c = parse(s.backgroundColor);
    if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
  }
  var bg = {r: 255, g: 255, b: 255, a: 1};
  for (var i = layers.length - 1; i >= 0; i--) bg = blend(layers[i], bg);
  return bg;
}
function lum(c) {
  function ch(v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
  return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
}
function ratio(a, b) { var x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
var sample = Array.prototype.slice.call(document.querySelectorAll('p, a, li')).slice(0, 250);
sample.forEach(function (el) {
  if (!rendered(el)) return;
  var r = el.getBoundingClientRect();
  if (r.width < 2 || r.height < 2) return;
  var own = Array.prototype.some.call(el.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
  if (!own) return;
  var s = getComputedStyle(el);
  if (s.clip && s.clip !== 'auto' && /rect\(0/.test(s.clip)) return;  // visually hidden
  var bg = background(el); if (!bg) return;
  var fg = parse(s.color); if (!fg) return;
  if (fg.a < 1) fg = blend(fg, bg);
  var size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
  var large = size >= 24 || (bold && size >= 18.66);
  var need = large ? 3 : 4.5;
  var cr = ratio(fg, bg);
  out.contrastChecked++;
  if (cr < need) out.contrast.push(describe(el) + ' ' + s.color + ' on ' + 'rgb(' + [bg.r, bg.g, bg.b].map(Math.round).join(', ') + ')' +
                                   ' = ' + cr.toFixed(2) + ':1 (needs ' + need + ')');
});
return out;
"""

FOCUS_JS = r"""
var el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) return null;
var s = getComputedStyle(el);
var d = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.getAttribute('href') ? '[href="' + el.getAttribute('href') + '"]' : '') +
        (el.getAttribute('name') ? '[name="' + el.getAttribute('name') + '"]' : '');
var t = (el.innerText || '').trim().replace(/\s+/g, ' ').slice(0, 30);
if (t) d += ' "' + t + '"';
function opaque(c) { var m = c.match(/rgba?\(([^)]+)\)/); if (!m) return true; var p = m[1].split(/[\s,\/]+/).filter(Boolean); return p.length < 4 || parseFloat(p[3]) > 0; }
var outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && opaque(s.outlineColor);
var shadow = s.boxShadow && s.boxShadow !== 'none' && /rgb/.test(s.boxShadow) && !/rgba\([^)]*,\s*0\)/.test(s.boxShadow);
return {desc: d, outline: outline ? s.outlineWidth + ' ' + s.outlineStyle + ' ' + s.outlineColor : '',
        shadow: shadow ? s.boxShadow : '', visible: el.getClientRects().length > 0};
"""


def a11y(driver, page):
    r = driver.execute_script(A11Y_JS)
    p = "a11y %s:" % page
    check(r["lang"] == "vi", p + ' html[lang="vi"]', "lang=%r" % r["lang"])
    check(not r["unlabelled"], p + " every visible input/select/textarea has a label",
          ("%d fields" % r["fields"]) + ("; unlabelled: " + "; ".join(r["unlabelled"]) if r["unlabelled"] else "")
          + ("; (labelled by a wrapping <label>, no for/aria: " + "; ".join(r["wrapped"]) + ")" if r["wrapped"] else ""))
    check(r["h1"] == 1, p + " exactly one h1", "found %d: %s" % (r["h1"], "; ".join(r["h1s"])))
    check(not r["skips"], p + " heading levels do not skip", "; ".join(r["skips"]))
    check(not r["noAlt"], p + " every img has alt", ("%d img" % r["imgs"]) + ("; missing alt: " + "; ".join(r["noAlt"]) if r["noAlt"] else ""))
    check(r["contrastChecked"] > 0 and not r["contrast"], p + " text contrast (p/a/li, >= 4.5:1; 3:1 large text)",
          ("%d elements checked" % r["contrastChecked"]) + ("; too low: " + " | ".join(r["contrast"]) if r["contrast"] else ""))
    over = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    check(over[0] <= over[1], p + " no horizontal page overflow", "scrollWidth %d, viewport %d" % tuple(over))
    # Keyboard focus: Tab from the top of the page (header), then from the start of <main> (the
    # page's own links and fields); the focus must move and be visibly marked each time.
    for where, start_js in (
            ("from the top", "if (document.activeElement) document.activeElement.blur(); window.scrollTo(0, 0);"
                             "document.body.setAttribute('tabindex','-1'); document.body.focus();"
                             "document.body.removeAttribute('tabindex');"),
            ("inside <main>", "var m = document.querySelector('main'); if (!m.hasAttribute('tabindex')) "
                              "m.setAttribute('tabindex','-1'); m.focus();")):
        driver.execute_script(start_js)
        previous, problems, stops = None, [], []
        for _ in range(4):
            webdriver.ActionChains(driver).send_keys(Keys.TAB).perform()
            time.sleep(0.05)
            f = driver.execute_script(FOCUS_JS)
            if f is None:
                problems.append("Tab left the focus on <body>")
                continue
            stops.append(f["desc"])
            if previous is not None and f["desc"] == previous:
                problems.append("focus did not move from %s" % f["desc"])
            if not (f["outline"] or f["shadow"]):
                problems.append("no visible focus outline/box-shadow on %s" % f["desc"])
            previous = f["desc"]
        check(not problems, p + " keyboard focus (Tab %s) moves and is visible" % where,
              ("stops: " + " → ".join(stops)) + ("; problems: " + "; ".join(problems) if problems else ""))


# --------------------------------------------------------------------------------------------------
# Helpers for keyboard form filling

ACTIVE_JS = "var e=document.activeElement; return e ? (e.id || e.getAttribute('name') || e.tagName) : null;"


def tab_to(driver, target, max_tabs=8):
    """Press Tab until the element with id/name `target` has the focus."""
    for _ in range(max_tabs):
        webdriver.ActionChains(driver).send_keys(Keys.TAB).perform()
        if driver.execute_script(ACTIVE_JS) == target:
            return True
    return False


def login(driver, who):
    email, password = who
    go(driver, "/staff/login")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form[action='/staff/login'] button[type=submit]").click()
    wait(driver).until(lambda d: "/staff/login" not in d.current_url)
    return check("/staff" in driver.current_url, "sign in as %s" % email, driver.current_url)


def workflow(driver, action):
    button = driver.find_element(
        By.XPATH, "//form[contains(@action,'/workflow')][.//input[@name='action' and @value='%s']]//button" % action)
    label = button.text
    button.click()
    wait(driver).until(lambda d: d.execute_script("return document.readyState") == "complete")
    return label


def badge(driver):
    try:
        return driver.find_element(By.CSS_SELECTOR, "main .badge").text
    except WebDriverException:
        return ""


# --------------------------------------------------------------------------------------------------
# Scenario A: a citizen on a phone sends a petition and tracks it.

def scenario_a():
    print("== Scenario A: citizen, phone 390x844 ==", flush=True)
    d = new_driver(PHONE)
    try:
        go(d, "/phan-anh")
        check(d.find_element(By.TAG_NAME, "h1").text.strip() != "", "A: /phan-anh opens", d.title)
        a11y(d, "/phan-anh (phone)")
        shoot(d, "petition-form")
        sid = d.execute_script("return document.getElementById('p-submission').value")
        check(bool(sid), "A: page script filled the hidden submission id", sid or "empty")

        # Keyboard: focus the first field, then Tab through the rest, typing into each.
        d.execute_script("document.getElementById('p-topic').focus()")
        Select(d.find_element(By.ID, "p-topic")).select_by_value("tien-luong")
        steps = [("p-title", "Hỏi về phụ cấp công vụ năm 2026"),
                 ("p-content", "Xin hỏi cán bộ, công chức cấp xã có được hưởng phụ cấp công vụ theo mức mới từ tháng 7 không ạ?"),
                 ("p-attachments", None),
                 ("p-name", "Trần Thị Bích Ngọc"),
                 ("p-phone", "0912345678"),
                 ("p-email", "ngoc@example.vn"),
                 ("p-address", "Phường Ba Đình, Hà Nội")]
        reached = []
        for target, text in steps:
            if not tab_to(d, target):
                check(False, "A: Tab reaches #%s" % target, "focus is on %s" % d.execute_script(ACTIVE_JS))
                return
            reached.append(target)
            if text:
                d.switch_to.active_element.send_keys(text)
        # The consent checkbox (no id): Tab, then Space.
        webdriver.ActionChains(d).send_keys(Keys.TAB).perform()
        if d.execute_script("return document.activeElement.name") == "consent":
            webdriver.ActionChains(d).send_keys(Keys.SPACE).perform()
            reached.append("consent")
        consent = d.execute_script("return document.querySelector('input[name=consent]').checked")
        # Then the submit button (the honeypot has tabindex=-1 and must be skipped).
        webdriver.ActionChains(d).send_keys(Keys.TAB).perform()
        active = d.execute_script("var e=document.activeElement; return e.tagName + ':' + (e.type||'') + ':' + e.textContent.trim()")
        check(consent and active.startswith("BUTTON:submit"), "A: every field reached by keyboard, in order",
              " → ".join(["p-topic"] + reached) + " → " + active)
        if not active.startswith("BUTTON:submit"):
            return
        webdriver.ActionChains(d).send_keys(Keys.ENTER).perform()
        wait(d, 15).until(lambda x: "PA-" in main_text(x) or x.find_elements(By.CSS_SELECTOR, ".error, [role=alert]"))
        text = main_text(d)
        code = re.search(r"PA-\d{4}-\d{6}", text)
        secrets = [e.text.strip() for e in d.find_elements(By.CSS_SELECTOR, "main dd .secret, main .secret")]
        key = next((s for s in secrets if not s.startswith("PA-")), None)
        if not check(code and key, "A: receipt shows tracking code and access key",
                     "code=%s key=%s" % (code and code.group(0), key) if code else "receipt text: " + text[:400]):
            return
        code = code.group(0)
        check("Đã tiếp nhận" in text, "A: receipt shows status 'Đã tiếp nhận'")
        a11y(d, "receipt (phone)")
        shoot(d, "petition-receipt")

        # Tracking
        go(d, "/phan-anh/tra-cuu")
        a11y(d, "/phan-anh/tra-cuu (phone)")
        shoot(d, "tracking-form")
        d.execute_script("document.getElementById('t-code').focus()")
        d.switch_to.active_element.send_keys(code)
        check(tab_to(d, "t-key", 2), "A: Tab from code to key on tracking form")
        d.switch_to.active_element.send_keys(key + Keys.ENTER)
        wait(d, 15).until(lambda x: x.find_elements(By.CSS_SELECTOR, "main section[aria-labelledby], main .error, main [role=alert]"))
        text = main_text(d)
        check(code in text, "A: tracking page shows the petition", text.split("\n")[1] if "\n" in text else text[:120])
        status = ""
        for dt in d.find_elements(By.CSS_SELECTOR, "main dl.facts dt"):
            if dt.text.strip() == "Trạng thái":
                status = dt.find_element(By.XPATH, "following-sibling::dd[1]").text.strip()
        check(status == "Đã tiếp nhận", "A: tracking status is 'Đã tiếp nhận'", "status=%r" % status)
        a11y(d, "tracking result (phone)")
        shoot(d, "tracking-result")
    except Exception as e:  # noqa: BLE001
        check(False, "A: scenario raised", "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else ""))
        traceback.print_exc()
        try:
            d.save_screenshot(os.path.join(SHOTS, "error-scenario-a.png"))
        except WebDriverException:
            pass
    finally:
        d.quit()


# --------------------------------------------------------------------------------------------------
# Scenario B: editor writes, approver publishes, the public sees it.

def scenario_b():
    print("== Scenario B: editor and approver, desktop 1366x900 ==", flush=True)
    stamp = time.strftime("%H%M%S")
    title = "Hướng dẫn mới về chế độ phụ cấp đối với công chức cấp xã (thử nghiệm %s)" % stamp
    summary = "Bộ Nội vụ hướng dẫn các địa phương thực hiện chế độ phụ cấp mới, áp dụng từ ngày 01/7."
    body = ("## Phạm vi áp dụng\n\nCán bộ, công chức cấp xã được hưởng phụ cấp theo quy định.\n\n"
            "## Mức hưởng\n\n- Phụ cấp công vụ: 25% mức lương hiện hưởng.\n- Phụ cấp trách nhiệm theo vị trí việc làm.\n")
    ed = ap = None
    try:
        ed = new_driver(DESKTOP)
        if not login(ed, EDITOR):
            return
        go(ed, "/staff/articles/new")
        ed.find_element(By.ID, "f-title").send_keys(title)
        ed.find_element(By.ID, "f-summary").send_keys(summary)
        ed.find_element(By.ID, "f-body").send_keys(body)
        ed.find_element(By.CSS_SELECTOR, "input[name='topics[]'][value='tien-luong']").click()
        ed.find_element(By.CSS_SELECTOR, "button[name=intent][value=save]").click()
        wait(ed).until(lambda x: re.search(r"/staff/articles/[0-9A-Fa-f-]{36}", x.current_url))
        edit_url = ed.current_url.split("?")[0]
        check(ed.find_element(By.ID, "f-title").get_attribute("value") == title,
              "B: editor saved the draft (title with diacritics kept)", edit_url.replace(BASE, ""))
        check(badge(ed) == "Bản nháp", "B: status is 'Bản nháp'", badge(ed))
        label = workflow(ed, "submit")
        b = badge(ed)
        check(b and b != "Bản nháp", "B: editor submitted for review ('%s')" % label, "status now %r" % b)
        check(not ed.find_elements(By.XPATH, "//form[contains(@action,'/workflow')]//input[@value='publish']"),
              "B: editor has no publish button")
        go(ed, "/staff/dashboard")
        check(ed.find_elements(By.TAG_NAME, "h1"), "B: /staff/dashboard opens", ed.title)
        shoot(ed, "staff-dashboard")
        ed.quit()
        ed = None

        ap = new_driver(DESKTOP)  # a separate browser session for the approver
        if not login(ap, APPROVER):
            return
        ap.get(edit_url)
        label = workflow(ap, "publish")
        b = badge(ap)
        check(b == "Đã đăng", "B: approver published ('%s')" % label, "status now %r" % b)

        ap.delete_all_cookies()  # the public view
        go(ap, "/")
        links = [a for a in ap.find_elements(By.CSS_SELECTOR, "a[href^='/bai-viet/']") if a.text.strip() == title]
        if not check(links, "B: the article appears on the home page"):
            return
        a11y(ap, "/ (desktop)")
        shoot(ap, "home")
        href = links[0].get_attribute("href")
        links[0].click()
        wait(ap).until(lambda x: "/bai-viet/" in x.current_url)
        h1 = ap.find_element(By.TAG_NAME, "h1").text.strip()
        check(h1 == title and summary in main_text(ap), "B: article page opens with title and summary",
              href.replace(BASE, ""))
        check("Mức hưởng" in main_text(ap), "B: the Markdown body is rendered")
        a11y(ap, "article (desktop)")
        shoot(ap, "article")
        # The public pages once more at phone width, for the a11y checks there.
        set_viewport(ap, PHONE)
        go(ap, "/")
        a11y(ap, "/ (phone)")
        ap.get(href)
        a11y(ap, "article (phone)")
    except Exception as e:  # noqa: BLE001
        check(False, "B: scenario raised", "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else ""))
        traceback.print_exc()
        for drv, n in ((ed, "editor"), (ap, "approver")):
            if drv:
                try:
                    drv.save_screenshot(os.path.join(SHOTS, "error-scenario-b-%s.png" % n))
                except WebDriverException:
                    pass
    finally:
        for drv in (ed, ap):
            if drv:
                drv.quit()


def main():
    os.makedirs(SHOTS, exist_ok=True)
    started = time.time()
    scenario_a()
    scenario_b()
    print("== Screenshots in %s ==" % SHOTS)
    for path in screenshots:
        print("  " + os.path.relpath(path, SHOTS))
    failed = [r for r in results if not r[0]]
    print("== %d checks, %d passed, %d failed (%.0f s) ==" % (len(results), len(results) - len(failed), len(failed),
                                                              time.time() - started))
    for _, name, detail in failed:
        print("FAIL " + name + (" — " + detail if detail else ""))
    sys.exit(1 if failed or not results else 0)


if __name__ == "__main__":
    main()
