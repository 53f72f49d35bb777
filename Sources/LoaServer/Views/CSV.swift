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
                // A leading = + - @ would be read as a formula by spreadsheet programs.
                var value = field
                if let first = value.first, "=+-@".contains(first) { value = "'" + value }
                guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
                return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }.joined(separator: ",") + "\r\n"
    }

    func response(fileName: String) -> Response {
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.contentType = .init(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"\(fileName)\"")
        return response
    }
}
