import LoaCore
import Vapor

/// RFC 4180 CSV with a byte-order mark, so that spreadsheet programs read the Vietnamese text
/// as UTF-8.
struct CSV {
    private(set) var text: String

    init(header: [String]) {
        text = "\u{FEFF}"
        append(header)
    }

    mutating func append(_ fields: [String]) {
        text +=
            fields.map { field in
                CSV.field(field)
            }.joined(separator: ",") + "\r\n"
    }

    /// One field. Decided per Unicode scalar, not per `Character`: a combining mark after `=` or
    /// `"` makes one grapheme that a `Character` comparison would not see.
    static func field(_ field: String) -> String {
        var value = field
        // A leading = + - @ (or a tab or carriage return before one) is read as a formula by
        // spreadsheet programs.
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        let needsQuotes = value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard needsQuotes else { return value }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in value.unicodeScalars {
            if scalar == "\"" { quoted.append("\"") }
            quoted.append(scalar)
        }
        quoted.append("\"")
        return String(quoted)
    }

    func response(fileName: String) -> Response {
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.contentType = .init(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: contentDisposition("inline", fileName: fileName))
        return response
    }
}
