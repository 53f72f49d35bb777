import Foundation

/// Why an import line was refused, in words an operator can act on.
public struct ImportRejection: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Limits on imported and edited content; the same limits apply to the API.
public enum ContentLimits {
    public static let externalID = 100
    public static let title = 300
    public static let summary = 1_000
    public static let body = 200_000
    public static let topics = 5
    public static let shortText = 200
    public static let url = 2_000
}

/// Where an article's cover image may come from: a path on the portal itself (an uploaded file,
/// `/tep/…`, or a static asset). A cover on another site would show every reader's address to
/// that site, and could change after the article was approved.
public enum CoverImage {
    public static let problem =
        """
        Ảnh đại diện phải là đường dẫn trên cổng thông tin (bắt đầu bằng /, ví dụ /tep/…); ảnh ở trang khác hãy tải về rồi tải lên \
        trong trình soạn thảo.
        """

    public static func isAcceptable(_ path: String) -> Bool {
        let scalars = Array(path.unicodeScalars)
        guard scalars.count >= 2, scalars.count <= ContentLimits.url, scalars[0] == "/", scalars[1] != "/" else { return false }
        // No backslashes (some browsers read "/\\host" as another site), controls, spaces or quotes.
        return !scalars.contains { $0 == "\\" || $0.value <= 0x20 || $0.value == 0x7F || $0 == "\"" || $0 == "'" || $0 == "<" || $0 == ">" }
    }
}

/// An article as a line of `loa import articles`, checked and normalised.
public struct ArticleRecord: Sendable, Equatable {
    public var externalID: String
    public var title: String
    public var summary: String
    public var body: String
    public var topics: [String]
    public var author: String?
    public var coverImage: String?
    /// What the cover shows; an imported cover without it is published with an empty alt text.
    public var coverAlt: String? = nil
    public var featured: Bool
    public var publishedAt: Date

    /// The raw line: every field optional so that a missing one gets its own message.
    struct Line: Decodable {
        var external_id: String?
        var title: String?
        var summary: String?
        var body: String?
        var topic: String?
        var topics: [String]?
        var author: String?
        var cover_image: String?
        var cover_alt: String?
        var featured: Bool?
        var published_at: String?
    }

    public static func parse(
        jsonLine: some StringProtocol, knownTopics: Set<String>, now: Date
    ) throws(ImportRejection)
        -> ArticleRecord
    {
        let line: Line = try decodeLine(jsonLine)
        let externalID = try required(line.external_id, "external_id", limit: ContentLimits.externalID)
        let title = try required(line.title, "title", limit: ContentLimits.title)
        let summary = try optional(line.summary, "summary", limit: ContentLimits.summary) ?? ""
        let body = try required(line.body, "body", limit: ContentLimits.body)
        let topics = try checkedTopics(single: line.topic, list: line.topics, known: knownTopics)
        let author = try optional(line.author, "author", limit: ContentLimits.shortText)
        let cover = try optional(line.cover_image, "cover_image", limit: ContentLimits.url)
        if let cover, !CoverImage.isAcceptable(cover) {
            throw ImportRejection("cover_image: \(CoverImage.problem)")
        }
        var publishedAt = now
        if let text = line.published_at {
            guard let date = parseTimestamp(text) else {
                throw ImportRejection("published_at không đúng định dạng ISO 8601 (ví dụ 2025-03-01T08:00:00+07:00): \(text.prefix(40))")
            }
            guard VietnamTime.isPlausible(date, now: now, earliestYear: 1945, yearsAhead: 1) else {
                throw ImportRejection("published_at phải từ năm 1945 đến nay: \(text.prefix(40))")
            }
            publishedAt = date
        }
        var record = ArticleRecord(
            externalID: externalID, title: title, summary: summary, body: body, topics: topics, author: author,
            coverImage: cover, featured: line.featured ?? false, publishedAt: publishedAt)
        record.coverAlt = try optional(line.cover_alt, "cover_alt", limit: ContentLimits.shortText)
        return record
    }
}

/// A legal document as a line of `loa import documents`, checked and normalised.
public struct DocumentRecord: Sendable, Equatable {
    public var externalID: String
    public var number: String
    public var title: String
    public var type: DocumentType
    public var issuer: String
    public var signer: String?
    public var issuedOn: CalendarDay
    public var effectiveOn: CalendarDay?
    public var effectStatus: EffectStatus
    public var summary: String
    public var body: String
    public var topics: [String]

    struct Line: Decodable {
        var external_id: String?
        var number: String?
        var title: String?
        var type: String?
        var issuer: String?
        var signer: String?
        var issued_on: String?
        var effective_on: String?
        var effect_status: String?
        var summary: String?
        var body: String?
        var topic: String?
        var topics: [String]?
    }

    public static func parse(jsonLine: some StringProtocol, knownTopics: Set<String>) throws(ImportRejection) -> DocumentRecord {
        let line: Line = try decodeLine(jsonLine)
        let externalID = try required(line.external_id, "external_id", limit: ContentLimits.externalID)
        let number = try required(line.number, "number", limit: 100)
        let title = try required(line.title, "title", limit: ContentLimits.title * 2)
        let typeText = try required(line.type, "type", limit: 50)
        guard let type = DocumentType(lenient: typeText) else {
            let known = DocumentType.allCases.map(\.rawValue).joined(separator: ", ")
            throw ImportRejection("type không hợp lệ: \"\(typeText)\" (dùng một trong: \(known))")
        }
        let issuer = try required(line.issuer, "issuer", limit: ContentLimits.shortText)
        let signer = try optional(line.signer, "signer", limit: ContentLimits.shortText)
        let issuedText = try required(line.issued_on, "issued_on", limit: 20)
        guard let issuedOn = CalendarDay(issuedText) else {
            throw ImportRejection("issued_on không phải ngày hợp lệ (YYYY-MM-DD): \(issuedText)")
        }
        var effectiveOn: CalendarDay?
        if let text = try optional(line.effective_on, "effective_on", limit: 20) {
            guard let day = CalendarDay(text) else {
                throw ImportRejection("effective_on không phải ngày hợp lệ (YYYY-MM-DD): \(text)")
            }
            effectiveOn = day
        }
        var status = EffectStatus.inForce
        if let text = try optional(line.effect_status, "effect_status", limit: 50) {
            guard let parsed = EffectStatus(lenient: text) else {
                let known = EffectStatus.allCases.map(\.rawValue).joined(separator: ", ")
                throw ImportRejection("effect_status không hợp lệ: \"\(text)\" (dùng một trong: \(known))")
            }
            status = parsed
        }
        return DocumentRecord(
            externalID: externalID, number: number, title: title, type: type, issuer: issuer, signer: signer,
            issuedOn: issuedOn, effectiveOn: effectiveOn, effectStatus: status,
            summary: try optional(line.summary, "summary", limit: ContentLimits.summary) ?? "",
            body: try optional(line.body, "body", limit: ContentLimits.body) ?? "",
            topics: try checkedTopics(single: line.topic, list: line.topics, known: knownTopics))
    }
}

// MARK: - Shared checks

private func decodeLine<Line: Decodable>(_ text: some StringProtocol) throws(ImportRejection) -> Line {
    do {
        return try JSONDecoder().decode(Line.self, from: Data(text.utf8))
    } catch DecodingError.typeMismatch(_, let context) {
        let field = context.codingPath.map(\.stringValue).joined(separator: ".")
        throw ImportRejection("trường \(field) sai kiểu dữ liệu")
    } catch {
        throw ImportRejection("không phải một đối tượng JSON hợp lệ")
    }
}

private func required(_ value: String?, _ field: String, limit: Int) throws(ImportRejection) -> String {
    guard let value = try optional(value, field, limit: limit) else {
        throw ImportRejection("thiếu trường bắt buộc \(field)")
    }
    return value
}

/// Trims, normalises to NFC and checks the length; an empty string counts as absent.
private func optional(_ value: String?, _ field: String, limit: Int) throws(ImportRejection) -> String? {
    guard let value else { return nil }
    let text = value.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !text.isEmpty else { return nil }
    guard text.count <= limit else {
        throw ImportRejection("\(field) dài quá \(limit) ký tự")
    }
    guard !text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) else {
        throw ImportRejection("\(field) chứa ký tự điều khiển")
    }
    return text
}

private func checkedTopics(single: String?, list: [String]?, known: Set<String>) throws(ImportRejection) -> [String] {
    var slugs: [String] = []
    for slug in (single.map { [$0] } ?? []) + (list ?? []) {
        let trimmed = slug.trimmingCharacters(in: .whitespaces)
        guard known.contains(trimmed) else {
            throw ImportRejection("lĩnh vực không tồn tại: \"\(trimmed.prefix(60))\"")
        }
        if !slugs.contains(trimmed) { slugs.append(trimmed) }
    }
    guard !slugs.isEmpty else { throw ImportRejection("thiếu lĩnh vực (topic hoặc topics)") }
    guard slugs.count <= ContentLimits.topics else {
        throw ImportRejection("nhiều hơn \(ContentLimits.topics) lĩnh vực")
    }
    return slugs
}

/// ISO 8601 with a time zone ("2025-03-01T08:00:00+07:00", "…Z", with or without fractional
/// seconds), or a bare date, which is taken as 08:00 in Vietnam.
public func parseTimestamp(_ text: String) -> Date? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if let date = try? Date(trimmed, strategy: .iso8601) { return date }
    if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(trimmed) { return date }
    if let day = CalendarDay(trimmed) {
        return try? Date("\(day)T08:00:00+07:00", strategy: .iso8601)
    }
    return nil
}
