document.addEventListener("click", async function (event) {
  var button = event.target.closest("[data-share]");
  if (!button) return;
  var url = button.getAttribute("data-url");
  var title = button.getAttribute("data-title") || document.title;
  var status = document.getElementById("share-status");
  var mode = button.getAttribute("data-share");
  event.preventDefault();
  if (mode === "native" && navigator.share) {
    try { await navigator.share({ title: title, url: url }); return; } catch (e) { if (e && e.name === "AbortError") return; }
  }
  try {
    await navigator.clipboard.writeText(url);
    if (status) status.textContent = mode === "native" ? "Đã sao chép liên kết. Hãy dán vào cuộc trò chuyện Zalo để chia sẻ." : "Đã sao chép liên kết.";
  } catch (e) {
    window.prompt("Sao chép liên kết:", url);
  }
});
// The petition form: an id made once per opened form, so that sending it twice is one petition.
(function () {
  var field = document.getElementById("p-submission");
  if (field && !field.value && window.crypto && crypto.randomUUID) field.value = crypto.randomUUID();
})();
// The petition form: as the title is typed, show questions already answered.
(function () {
  var title = document.getElementById("p-title");
  var box = document.getElementById("p-similar");
  if (!title || !box || !window.fetch) return;
  var timer = null, last = "";
  title.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(async function () {
      var q = title.value.trim();
      if (q === last) return;
      last = q;
      if (q.length < 4) { box.hidden = true; return; }
      try {
        var response = await fetch("/api/v1/search/suggest?type=answer&q=" + encodeURIComponent(q));
        var data = await response.json();
        var list = box.querySelector("ul");
        list.textContent = "";
        (data.suggestions || []).forEach(function (item) {
          var li = document.createElement("li"), a = document.createElement("a");
          a.href = item.url; a.textContent = item.title; a.target = "_blank"; a.rel = "noopener";
          li.appendChild(a); list.appendChild(li);
        });
        box.hidden = list.children.length === 0;
      } catch (e) { box.hidden = true; }
    }, 300);
  });
})();
// The header menu on phones: without the script, the link opens it by its anchor (#danh-muc).
(function () {
  var toggle = document.querySelector(".menu-toggle");
  var menu = document.getElementById("danh-muc");
  if (!toggle || !menu) return;
  toggle.setAttribute("role", "button");
  toggle.addEventListener("click", function (event) {
    event.preventDefault();
    var open = !menu.classList.contains("open");
    menu.classList.toggle("open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) { var field = menu.querySelector("input"); if (field) field.focus(); }
  });
})();
// Filters stay folded on phones, open on wider screens.
(function () {
  if (!window.matchMedia || !window.matchMedia("(min-width: 760px)").matches) return;
  document.querySelectorAll("details.filter-panel").forEach(function (panel) { panel.open = true; });
})();
// Charts wider than the screen start at their right end: the latest weeks.
(function () {
  document.querySelectorAll(".chart-scroll").forEach(function (box) { box.scrollLeft = box.scrollWidth; });
})();
// Editor forms keep what is typed in this browser (localStorage) until the page shows it saved:
// a closed tab, a lost connection or a session that expired while writing loses nothing.
document.querySelectorAll("form[data-autosave]").forEach(function (form) {
  if (!window.localStorage) return;
  var key = "loa-ban-nhap:" + form.getAttribute("data-autosave");
  function values() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "hidden" || field.type === "submit" || field.type === "file") return;
      if (field.type === "checkbox") { out[field.name + "=" + field.value] = field.checked; } else { out[field.name] = field.value; }
    });
    return out;
  }
  function apply(saved) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.type === "checkbox" && (field.name + "=" + field.value) in saved) field.checked = saved[field.name + "=" + field.value];
      else if (field.name in saved && field.type !== "hidden" && field.type !== "file") field.value = saved[field.name];
    });
  }
  var stored = null;
  try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { stored = null; }
  var current = JSON.stringify(values());
  if (stored && JSON.stringify(stored.values) !== current) {
    var note = document.createElement("div");
    note.className = "flash";
    note.setAttribute("role", "status");
    var when = new Date(stored.at);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    note.textContent = "Có nội dung đang soạn dở lúc " + pad(when.getHours()) + ":" + pad(when.getMinutes()) + ", " +
      pad(when.getDate()) + "/" + pad(when.getMonth() + 1) + "/" + when.getFullYear() + " chưa được lưu. ";
    var restore = document.createElement("button");
    restore.type = "button"; restore.className = "button small"; restore.textContent = "Khôi phục";
    var drop = document.createElement("button");
    drop.type = "button"; drop.className = "button small"; drop.textContent = "Bỏ bản này";
    restore.addEventListener("click", function () { apply(stored.values); note.remove(); });
    drop.addEventListener("click", function () { localStorage.removeItem(key); note.remove(); });
    note.appendChild(restore); note.appendChild(document.createTextNode(" ")); note.appendChild(drop);
    form.parentNode.insertBefore(note, form);
  } else if (stored) {
    localStorage.removeItem(key);
  }
  var timer = null;
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      try { localStorage.setItem(key, JSON.stringify({ at: Date.now(), values: values() })); } catch (e) {}
    }, 800);
  });
});
