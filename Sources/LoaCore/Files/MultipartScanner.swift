/// Checks the shape of a `multipart/form-data` body as its bytes arrive, before any form is
/// built from it. Decoding a form costs far more per part than reading it, and an anonymous
/// sender controls the number of parts: 40,000 tiny parts in 2 MB kept a core busy for 40 s.
/// The scanner is linear in the body (Knuth–Morris–Pratt over the delimiter, whose length the
/// sender also controls) and keeps a few counters, so a hostile body is refused after the first
/// part too many, whatever its size.
public struct MultipartScanner: Sendable {
    public struct Limits: Sendable, Equatable {
        public var parts: Int
        /// All the header lines of one part together.
        public var headerBytes: Int
        /// A field's `name="…"`.
        public var nameBytes: Int

        public init(parts: Int, headerBytes: Int = 1024, nameBytes: Int = 100) {
            self.parts = parts
            self.headerBytes = headerBytes
            self.nameBytes = nameBytes
        }
    }

    public enum Problem: Error, Equatable, Sendable {
        case tooManyParts(limit: Int)
        case headerTooLong
        case nameTooLong
        case malformed

        /// In the words of the person who sent the form.
        public var message: String {
            switch self {
            case .tooManyParts(let limit): "Biểu mẫu có quá nhiều phần (tối đa \(limit)); hãy tải lại trang và gửi lại."
            case .headerTooLong, .nameTooLong: "Biểu mẫu có một trường không hợp lệ; hãy tải lại trang và gửi lại."
            case .malformed: "Biểu mẫu gửi lên không đúng định dạng. Hãy tải lại trang và gửi lại."
            }
        }
    }

    private enum Phase: Equatable {
        /// Looking for the next delimiter, in the preamble or a part's content.
        case content
        /// Just after a delimiter: "--" ends the body, CRLF starts a part's headers.
        case afterDelimiter(seen: [UInt8])
        /// Reading a part's header lines, up to the empty line.
        case headers
        case finished
    }

    public let limits: Limits
    public private(set) var parts = 0
    public private(set) var problem: Problem?
    private let delimiter: [UInt8]
    private let failure: [Int]
    private var matched: Int
    private var phase = Phase.content
    private var header: [UInt8] = []

    /// `boundary` is the `boundary=` parameter of the request's `Content-Type`.
    public init?(boundary: String, limits: Limits) {
        let bytes = Array(boundary.utf8)
        // RFC 2046: 1 to 70 characters.
        guard (1...70).contains(bytes.count), !bytes.contains(where: { $0 == 0x0D || $0 == 0x0A }) else { return nil }
        self.limits = limits
        delimiter = [0x0D, 0x0A, 0x2D, 0x2D] + bytes
        var failure = [0] + Array(repeating: 0, count: delimiter.count - 1)
        var k = 0
        for index in 1..<delimiter.count {
            while k > 0 && delimiter[index] != delimiter[k] { k = failure[k - 1] }
            if delimiter[index] == delimiter[k] { k += 1 }
            failure[index] = k
        }
        self.failure = failure
        // The body may start with the delimiter without the line break before it.
        matched = 2
    }

    /// Feeds the next bytes; returns the problem as soon as there is one.
    @discardableResult
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> Problem? {
        guard problem == nil else { return problem }
        for byte in bytes {
            step(byte)
            if problem != nil { return problem }
        }
        return nil
    }

    /// After the last bytes: a body that never closed its last part is malformed.
    public mutating func finish() -> Problem? {
        if problem == nil, phase != .finished { problem = .malformed }
        return problem
    }

    private mutating func step(_ byte: UInt8) {
        switch phase {
        case .finished:
            return  // the epilogue is ignored
        case .content:
            while matched > 0 && byte != delimiter[matched] { matched = failure[matched - 1] }
            if byte == delimiter[matched] { matched += 1 }
            if matched == delimiter.count {
                matched = 0
                phase = .afterDelimiter(seen: [])
            }
        case .afterDelimiter(var seen):
            seen.append(byte)
            let padding = seen.dropLast(2).allSatisfy { $0 == 0x20 || $0 == 0x09 }
            if seen == [0x2D, 0x2D] {
                phase = .finished
            } else if seen.count >= 2, seen[seen.count - 2] == 0x0D, byte == 0x0A, padding {
                parts += 1
                if parts > limits.parts {
                    problem = .tooManyParts(limit: limits.parts)
                    return
                }
                header.removeAll(keepingCapacity: true)
                phase = .headers
            } else if seen.count > 16 || !(byte == 0x20 || byte == 0x09 || byte == 0x0D || (byte == 0x2D && seen.count <= 2)) {
                // Only "--" (the end) or transport padding and a line break may follow a delimiter.
                problem = .malformed
            } else {
                phase = .afterDelimiter(seen: seen)
            }
        case .headers:
            header.append(byte)
            if header.count > limits.headerBytes {
                problem = .headerTooLong
                return
            }
            if header.count >= 4, header[header.count - 4] == 0x0D, header[header.count - 3] == 0x0A, header[header.count - 2] == 0x0D,
                byte == 0x0A
            {
                if let length = Self.nameLength(in: header), length > limits.nameBytes {
                    problem = .nameTooLong
                    return
                }
                // The part's content follows; its end is the next delimiter, which begins with
                // the line break just read, so matching starts anew.
                matched = 0
                phase = .content
            } else if header.count == 2, header == [0x0D, 0x0A] {
                // No header lines at all: content starts at once.
                matched = 0
                phase = .content
            }
        }
    }

    /// The length of `name="…"` in the headers, in bytes.
    static func nameLength(in header: [UInt8]) -> Int? {
        let needle = Array("name=\"".utf8)
        guard header.count >= needle.count else { return nil }
        var index = 0
        while index + needle.count <= header.count {
            // "filename=" also ends in name=; only a name preceded by a separator counts.
            let before = index == 0 ? UInt8(0x20) : header[index - 1]
            if header[index..<index + needle.count].elementsEqual(needle), before == 0x20 || before == 0x3B || before == 0x09 {
                var end = index + needle.count
                while end < header.count, header[end] != 0x22 { end += 1 }
                return end - index - needle.count
            }
            index += 1
        }
        return nil
    }
}
