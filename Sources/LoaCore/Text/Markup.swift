/// HTML in text a person types. Petitions and comments are plain text and every page escapes
/// them; text carrying tags or script URLs comes from a script probing for a hole, so the forms
/// refuse it with a message rather than store it.
public enum Markup {
    /// Tag names browsers act on, or that only markup would contain. `<` before other words
    /// ("<Luật Công chức>", "lương < 5 triệu") is ordinary writing.
    static let tags: Set<String> = [
        "a", "abbr", "applet", "audio", "b", "base", "body", "br", "button", "canvas", "details", "dialog", "div", "embed", "font",
        "form", "frame", "frameset", "h1", "h2", "h3", "head", "html", "i", "iframe", "img", "image", "input", "isindex", "keygen",
        "link", "marquee", "math", "meta", "noscript", "object", "option", "p", "param", "script", "select", "source", "span",
        "style", "svg", "table", "td", "template", "textarea", "title", "tr", "u", "video", "xml", "xss",
    ]

    public static func isPresent(in text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<") {
                var cursor = index + 1
                if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "/") || bytes[cursor] == UInt8(ascii: "!") {
                    if bytes[cursor] == UInt8(ascii: "!") { return true }  // <!-- … --> or <!DOCTYPE
                    cursor += 1
                }
                var name = ""
                while cursor < bytes.count, name.count < 12, isLetterOrDigit(bytes[cursor]) {
                    name.append(Character(Unicode.Scalar(bytes[cursor] | 0x20)))
                    cursor += 1
                }
                let ends =
                    cursor == bytes.count
                    || [UInt8(ascii: ">"), UInt8(ascii: " "), UInt8(ascii: "/"), 0x09, 0x0A, 0x0D].contains(bytes[cursor])
                if !name.isEmpty, ends, tags.contains(name) { return true }
            }
            index += 1
        }
        let lowered = text.lowercased().filter { !$0.isWhitespace }
        return ["javascript:", "vbscript:", "data:text/html"].contains { lowered.contains($0) }
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }
}
