import Foundation

/// The building blocks pages are written from, so that a view reads as its markup: a form that
/// carries its CSRF token, fields that show their error, panels, facts, badges, notices. Every
/// text goes through `HTML` interpolation and is escaped.
enum Component {
    /// A POST form of the console, with the member of staff's CSRF token; `autosave` keeps what is
    /// typed in the browser until the page shows it saved (see `loa.js`).
    static func form(_ action: String, staff: StaffIdentity, autosave: Bool = false, _ content: HTML) -> HTML {
        let keep: HTML = autosave ? " data-autosave=\"\(action)\"" : .empty
        return """
            <form class="form" method="post" action="\(action)"\(keep)>\(ConsoleLayout.csrfField(staff))
            \(content)
            </form>
            """
    }

    /// A one-line field with its label (a required one marked *), hint and error (tied to it for
    /// screen readers).
    static func field(
        _ name: String, _ label: String, id: String? = nil, value: String = "", type: String = "text", required: Bool = false,
        hint: String? = nil, errors: [String: String] = [:]
    ) -> HTML {
        let id = id ?? "f-\(name)"
        return """
            <div><label for="\(id)">\(label)\(required ? HTML(" <span aria-hidden=\"true\">*</span>") : .empty)</label>
            <input id="\(id)" name="\(name)" type="\(type)" value="\(value)"\
            \(required.attribute("required"))\(ConsoleLayout.invalid(errors, name))>
            \(hint.map { HTML("<p class=\"hint\">\($0)</p>") })\(ConsoleLayout.fieldError(errors, name))</div>
            """
    }

    static func textArea(
        _ name: String, _ label: String, id: String? = nil, value: String = "", rows: Int, required: Bool = false, hint: String? = nil,
        errors: [String: String] = [:]
    ) -> HTML {
        let id = id ?? "f-\(name)"
        return """
            <div><label for="\(id)">\(label)</label>
            <textarea id="\(id)" name="\(name)" rows="\(rows)"\(required.attribute("required"))\(ConsoleLayout.invalid(errors, name))>\
            \(value)</textarea>
            \(hint.map { HTML("<p class=\"hint\">\($0)</p>") })\(ConsoleLayout.fieldError(errors, name))</div>
            """
    }

    /// A choice from a list; `empty` is the first, valueless option.
    static func select(
        _ name: String, _ label: String, id: String? = nil, options: [(value: String, title: String)], selected: String?,
        empty: String? = nil, required: Bool = false
    ) -> HTML {
        let id = id ?? "f-\(name)"
        let first: HTML = empty.map { "<option value=\"\">\($0)</option>" } ?? .empty
        return """
            <div><label for="\(id)">\(label)</label>
            <select id="\(id)" name="\(name)"\(required.attribute("required"))>\(first)\(options.html { option in
                "<option value=\"\(option.value)\"\((option.value == selected).attribute("selected"))>\(option.title)</option>"
            })</select></div>
            """
    }

    static func hidden(_ name: String, _ value: String) -> HTML {
        "<input type=\"hidden\" name=\"\(name)\" value=\"\(value)\">"
    }

    enum ButtonStyle: String {
        case plain = "button"
        case primary = "button primary"
        case danger = "button danger"
    }

    static func submit(_ label: String, style: ButtonStyle = .primary) -> HTML {
        "<div><button class=\"\(style.rawValue)\" type=\"submit\">\(label)</button></div>"
    }

    /// A titled box of the page.
    static func panel(_ title: String, _ content: HTML) -> HTML {
        "<section class=\"panel\"><h2>\(title)</h2>\(content)</section>"
    }

    /// Label and value pairs.
    static func facts(_ items: [(String, HTML)]) -> HTML {
        "<dl class=\"facts\">\(items.html { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" })</dl>"
    }

    static func badge(_ text: String, kind: String) -> HTML {
        "<span class=\"badge \(kind)\">\(text)</span>"
    }

    /// An error the person must read before going on.
    static func alert(_ message: String?) -> HTML {
        message.map { "<div class=\"flash error\" role=\"alert\">\($0)</div>" } ?? .empty
    }

    /// A note in small print, or "—" style emptiness.
    static func meta(_ text: String) -> HTML {
        "<p class=\"meta\">\(text)</p>"
    }
}
