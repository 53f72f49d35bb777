import Foundation
import Vapor

/// The stylesheet and the script, served from memory under a name that changes with their content,
/// so that browsers may keep them for a year. No external fonts, scripts or images.
enum StaticAssets {
    static let version: String = {
        var hasher = SHA256()
        hasher.update(data: Data(stylesheet.utf8))
        hasher.update(data: Data(script.utf8))
        return hasher.finalize().prefix(5).map { String(format: "%02x", $0) }.joined()
    }()

    static let stylesheet = #"""
        :root{--red:#b3141b;--red-dark:#8a0e13;--gold:#f2c230;--ink:#1d1d1f;--muted:#5b5f66;--line:#dfe1e5;--bg:#f6f6f4;--card:#fff;--link:#0b4f9c;--focus:#ffbf47}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%}
        body{margin:0;font-family:"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif;font-size:17px;line-height:1.6;color:var(--ink);background:var(--bg)}
        a{color:var(--link)}
        a:hover{text-decoration-thickness:2px}
        :focus-visible{outline:3px solid var(--focus);outline-offset:2px;box-shadow:0 0 0 5px var(--ink)}
        .wrap{max-width:1120px;margin:0 auto;padding:0 16px}
        .skip{position:absolute;left:-9999px;top:0;background:var(--focus);color:#000;padding:8px 12px;z-index:10}
        .skip:focus{left:8px;top:8px}
        .site-header{background:var(--red);color:#fff;border-bottom:4px solid var(--gold)}
        .header-row{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px;padding-top:12px;padding-bottom:12px}
        .brand{display:flex;align-items:center;gap:10px;color:#fff;text-decoration:none;font-weight:700;font-size:1.2rem;line-height:1.25}
        .emblem{display:inline-flex;align-items:center;justify-content:center;width:40px;height:40px;border-radius:50%;background:var(--gold);color:var(--red);font-size:24px;flex:none}
        .service-links{display:flex;gap:16px;flex-wrap:wrap}
        .search-box{display:flex;flex:1 1 260px;max-width:420px;gap:0}
        .search-box input{min-height:40px;border-radius:6px 0 0 6px;border:0}
        .search-box button{min-height:40px;border:0;border-radius:0 6px 6px 0;background:var(--gold);color:#000;font:inherit;font-weight:600;padding:0 14px;cursor:pointer}
        mark{background:#fff1a8;color:inherit;padding:0 1px}
        .service-links a{color:#fff;font-size:.95rem}
        .topic-nav{background:var(--red-dark)}
        .topic-nav ul{list-style:none;display:flex;gap:4px;overflow-x:auto;margin:0 auto;padding-top:4px;padding-bottom:4px;scrollbar-width:thin}
        .topic-nav a{display:block;white-space:nowrap;color:#fff;text-decoration:none;padding:6px 10px;border-radius:4px;font-size:.92rem}
        .topic-nav a:hover,.topic-nav a[aria-current]{background:rgba(255,255,255,.18)}
        .breadcrumbs ol{list-style:none;display:flex;flex-wrap:wrap;gap:6px;padding:12px 0 0;margin:0;font-size:.9rem;color:var(--muted)}
        .breadcrumbs li+li::before{content:"›";margin-right:6px}
        main{padding-top:16px;padding-bottom:40px;outline:none}
        h1{font-size:1.75rem;line-height:1.3;margin:.4em 0 .5em}
        h2{font-size:1.35rem;line-height:1.35;margin:1.4em 0 .6em}
        h3{font-size:1.1rem;line-height:1.4;margin:1.2em 0 .5em}
        .section-title{border-left:5px solid var(--red);padding-left:10px}
        .section-title a{color:inherit;text-decoration:none}
        .grid{display:grid;gap:16px;grid-template-columns:repeat(auto-fill,minmax(280px,1fr))}
        .card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px}
        .card h3{margin-top:0}
        .card h3 a,.list-item h2 a,.list-item h3 a{text-decoration:none;color:var(--ink)}
        .card h3 a:hover,.list-item h2 a:hover,.list-item h3 a:hover{color:var(--link);text-decoration:underline}
        .featured{display:grid;gap:16px;grid-template-columns:1fr}
        .featured .card:first-child{border-top:4px solid var(--red)}
        @media(min-width:800px){.featured{grid-template-columns:2fr 1fr 1fr}.featured .card:first-child h3{font-size:1.4rem}}
        .meta{color:var(--muted);font-size:.9rem;margin:.2em 0 .6em}
        .tag{display:inline-block;background:#fbeaea;color:var(--red-dark);border-radius:999px;padding:1px 10px;font-size:.85rem;text-decoration:none;margin:0 4px 4px 0}
        .list{list-style:none;margin:0;padding:0}
        .list-item{border-bottom:1px solid var(--line);padding:14px 0}
        .list-item h2,.list-item h3{font-size:1.12rem;margin:0 0 .2em}
        .columns{display:grid;gap:24px;grid-template-columns:1fr}
        @media(min-width:900px){.columns{grid-template-columns:2fr 1fr}}
        .lead{font-size:1.1rem;font-weight:600;color:#333}
        .prose{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 20px 20px;overflow-wrap:anywhere}
        .prose img,img.cover{max-width:100%;height:auto}
        .prose table,.data-table{border-collapse:collapse;width:100%;margin:1em 0;font-size:.95rem}
        .prose th,.prose td,.data-table th,.data-table td{border:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
        .data-table th{background:#f0f0ee}
        .table-scroll{overflow-x:auto}
        .chart{width:100%;height:auto;max-width:760px;min-width:540px;display:block}
        .chart-figure{overflow-x:auto;margin:0 0 24px;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 16px}
        .chart-figure figcaption{font-weight:700;margin-bottom:8px}
        .chart-legend{list-style:none;display:flex;flex-wrap:wrap;gap:6px 16px;margin:8px 0 0;padding:0;font-size:.9rem}
        .swatch{display:inline-block;width:14px;height:14px;border-radius:3px;margin-right:6px;vertical-align:-2px}
        .swatch.c0{background:#b3141b}.swatch.c1{background:#1f5fa8}.swatch.c2{background:#2f7d32}.swatch.c3{background:#8a4fb0}.swatch.c4{background:#b35c00}.swatch.c5{background:#00727a}
        .kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;margin:0 0 24px;padding:0;list-style:none}
        .kpis li{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 16px}
        .kpis strong{display:block;font-size:1.6rem;color:var(--red-dark)}
        blockquote{border-left:4px solid var(--gold);margin:1em 0;padding:.2em 1em;background:#fffbea}
        pre{overflow-x:auto;background:#f3f3f3;padding:12px;border-radius:6px}
        .share{display:flex;flex-wrap:wrap;gap:8px;margin:16px 0}
        .button,.share a,.share button{display:inline-flex;align-items:center;gap:6px;min-height:44px;padding:8px 16px;border-radius:6px;border:1px solid var(--line);background:#fff;color:var(--ink);font:inherit;font-size:.95rem;text-decoration:none;cursor:pointer}
        .button.primary{background:var(--red);border-color:var(--red);color:#fff}
        .share .zalo{background:#0068ff;border-color:#0068ff;color:#fff}
        .share .facebook{background:#1461c9;border-color:#1461c9;color:#fff}
        .share-status{min-height:1.5em;color:var(--muted);font-size:.9rem}
        .filters{display:grid;gap:12px;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));align-items:end;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px;margin-bottom:16px}
        .filters label{display:block;font-size:.9rem;font-weight:600;margin-bottom:4px}
        select,input[type=text],input[type=search]{width:100%;min-height:44px;font:inherit;padding:6px 8px;border:1px solid #8a8f98;border-radius:6px;background:#fff}
        .status{display:inline-block;font-size:.85rem;padding:1px 8px;border-radius:4px;white-space:nowrap}
        .status.con-hieu-luc{background:#e4f4e8;color:#14532d}
        .status.het-hieu-luc{background:#f3e3e3;color:#7f1d1d}
        .status.chua-co-hieu-luc{background:#fff4d6;color:#713f12}
        .status.het-hieu-luc-mot-phan{background:#ffedd5;color:#7c2d12}
        .facts{display:grid;grid-template-columns:max-content 1fr;gap:6px 16px;margin:0 0 16px;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px}
        .facts dt{font-weight:600;color:var(--muted)}
        .facts dd{margin:0}
        @media(max-width:560px){.facts{grid-template-columns:1fr}.facts dd{margin-bottom:8px}}
        .pagination ul{list-style:none;display:flex;flex-wrap:wrap;gap:6px;padding:0;margin:24px 0}
        .pagination a{display:inline-block;min-width:44px;min-height:44px;line-height:44px;text-align:center;padding:0 10px;border:1px solid var(--line);border-radius:6px;background:#fff;text-decoration:none}
        .pagination a[aria-current]{background:var(--red);color:#fff;border-color:var(--red)}
        .pagination .gap{line-height:44px}
        .empty{background:var(--card);border:1px dashed var(--line);border-radius:8px;padding:24px;text-align:center;color:var(--muted)}
        .site-footer{background:#2b2b2b;color:#ddd;padding:24px 0;font-size:.95rem}
        .site-footer a{color:#fff}
        .footer-grid{display:grid;gap:16px;grid-template-columns:1fr}
        @media(min-width:800px){.footer-grid{grid-template-columns:2fr 1fr 1fr}}
        .footer-grid ul{list-style:none;padding:0;margin:0}
        .footer-name{font-weight:700;color:#fff}
        .visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        .error-page{text-align:center;padding:40px 0}
        .error-page .code{font-size:4rem;font-weight:800;color:var(--red);margin:0}
        .console main{padding-top:20px}
        .inline-form{display:flex;align-items:center;gap:10px;flex-wrap:wrap;margin:0}
        .who{color:#fff;font-size:.9rem}
        .button.small{min-height:36px;padding:4px 12px;font-size:.9rem}
        .button.danger{background:#7f1d1d;border-color:#7f1d1d;color:#fff}
        .flash{background:#e4f4e8;border:1px solid #9ad1a8;border-radius:8px;padding:12px 16px;margin-bottom:16px}
        .flash.error{background:#fdecec;border-color:#f1a7a7}
        .field-error{color:#a11;font-size:.9rem;margin:.2em 0 0}
        [aria-invalid=true]{border-color:#a11!important;box-shadow:0 0 0 1px #a11}
        .form{display:grid;gap:14px;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px}
        .form label{display:block;font-weight:600;margin-bottom:4px}
        .form .hint{color:var(--muted);font-size:.88rem;margin:.2em 0 0}
        textarea{width:100%;font:inherit;font-size:16px;line-height:1.5;padding:8px;border:1px solid #8a8f98;border-radius:6px}
        textarea#f-body{min-height:320px}
        input[type=email],input[type=tel],input[type=password],input[type=date],input[type=datetime-local],input[type=url],input[type=file]{width:100%;min-height:44px;font:inherit;padding:6px 8px;border:1px solid #8a8f98;border-radius:6px;background:#fff}
        fieldset{border:1px solid var(--line);border-radius:6px;padding:8px 12px}
        .checks{display:flex;flex-wrap:wrap;gap:6px 16px}
        .checks label{font-weight:400;display:flex;gap:6px;align-items:center;margin:0}
        .actions{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
        .badge{display:inline-block;font-size:.82rem;padding:1px 8px;border-radius:4px;background:#eee;white-space:nowrap}
        .badge.draft{background:#eef2f7}.badge.in_review{background:#fff4d6}.badge.scheduled{background:#e6f0ff}.badge.published{background:#e4f4e8}.badge.unpublished{background:#f3e3e3}
        .editor{display:grid;gap:16px;grid-template-columns:1fr}
        @media(min-width:1000px){.editor{grid-template-columns:3fr 2fr}}
        .panel{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin-bottom:16px}
        .panel h2{margin-top:.2em;font-size:1.1rem}
        .diff{font:14px/1.5 ui-monospace,"DejaVu Sans Mono",monospace;background:#fff;border:1px solid var(--line);border-radius:6px;overflow-x:auto}
        .diff div{padding:0 8px;white-space:pre-wrap}
        .diff .added{background:#e6ffec}.diff .removed{background:#ffebe9}.diff .hunk{background:#f0f4ff;color:var(--muted)}
        .diff ins{background:#abf2bc;text-decoration:none}.diff del{background:#ffc0c0}
        .badge.petition-received{background:#fff4d6}.badge.petition-accepted,.badge.petition-assigned{background:#e6f0ff}.badge.petition-answered,.badge.petition-published{background:#e4f4e8}.badge.petition-rejected{background:#f3e3e3}
        .nowrap{white-space:nowrap}
        .overdue{color:#a11}.overdue-row td{background:#fff5f5}
        .panel .prose{border:0;padding:0;margin:0;background:none;box-shadow:none}
        .secret{font:15px ui-monospace,monospace;background:#fffbea;border:1px dashed var(--gold);padding:8px;word-break:break-all}
        .qr{margin:12px 0}.qr svg{width:240px;max-width:100%;height:auto;display:block}
        .recovery-codes{columns:2;font:15px ui-monospace,monospace;padding-left:1.2em}.steps li{margin:4px 0}
        .draft-section{border-top:1px solid var(--line);padding-top:8px;margin-top:16px}
        .comments{list-style:none;padding:0;margin:8px 0}.comment{border-left:3px solid var(--line);padding:4px 12px;margin:8px 0}
        details.comment-form{margin:8px 0 16px}details.comment-form>summary{cursor:pointer;font-weight:600;padding:8px 0;min-height:44px}
        .badge.consultation-open{background:#e4f4e8}.badge.consultation-upcoming{background:#e6f0ff}.badge.consultation-closed{background:#eee}
        @media print{details.comment-form,.no-print{display:none}}
        .print-only{display:none}
        @media print{.site-header,.site-footer,.share,.topic-nav,.breadcrumbs{display:none}.prose{border:0}.print-only{display:block}}
        """#

    /// Share actions: the phone's share sheet (which offers Zalo), or a copied link to paste into Zalo.
    static let script = #"""
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
        """#
}
