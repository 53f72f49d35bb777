import LoaCore

/// Markup built by string interpolation in which every interpolated `String` is escaped and only
/// `HTML` values are inserted as they are. A view cannot forget to escape user text.
struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    private(set) var rendered: String

    init(stringLiteral value: String) { rendered = value }

    init(stringInterpolation: StringInterpolation) { rendered = stringInterpolation.output }

    /// Markup that is already safe: produced by `Markdown.html` or by another view.
    init(trusted markup: String) { rendered = markup }

    /// Lets `HTML("<p>\(text)</p>")` read as a literal whose interpolations are escaped.
    init(_ html: HTML) { self = html }

    var description: String { rendered }

    static let empty: HTML = ""

    struct StringInterpolation: StringInterpolationProtocol {
        var output = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            output.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        mutating func appendLiteral(_ literal: String) { output += literal }
        mutating func appendInterpolation(_ text: String) { output += escapeHTML(text) }
        mutating func appendInterpolation(_ text: Substring) { output += escapeHTML(text) }
        mutating func appendInterpolation(_ number: Int) { output += String(number) }
        mutating func appendInterpolation(_ html: HTML) { output += html.rendered }
        mutating func appendInterpolation(_ html: HTML?) { output += html?.rendered ?? "" }
        mutating func appendInterpolation(_ list: [HTML]) {
            for html in list { output += html.rendered }
        }
    }
}

extension Sequence {
    /// `items.html { "<li>\($0.name)</li>" }`
    func html(_ transform: (Element) -> HTML) -> HTML {
        var result = ""
        for element in self { result += transform(element).rendered }
        return HTML(trusted: result)
    }
}

extension Bool {
    /// An attribute that is present only when true: `<option\(selected.attribute("selected"))>`.
    func attribute(_ name: String) -> HTML { self ? HTML(trusted: " " + name) : .empty }
}

extension Array where Element == HTML {
    func joinedHTML(_ separator: String) -> HTML {
        HTML(trusted: map(\.rendered).joined(separator: escapeHTML(separator)))
    }
}
