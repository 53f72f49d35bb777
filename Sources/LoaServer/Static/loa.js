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
