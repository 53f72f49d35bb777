import Foundation

/// Limits on what a submitter may send, the same on every channel.
public enum PetitionLimits {
    public static let titleMinimum = 5
    public static let titleMaximum = 200
    public static let contentMinimum = 20
    public static let contentMaximum = 10_000
    public static let nameMaximum = 100
    public static let emailMaximum = 254
    public static let addressMaximum = 300
}

/// Every invalid field of a submission at once, so that a form can show each message beside its input.
public struct PetitionFieldErrors: Error, Sendable, Equatable {
    /// One invalid field; `field` is named as the JSON key (topic, title, content, name, phone,
    /// email, address).
    public struct FieldError: Sendable, Equatable {
        public var field: String
        public var message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public var fields: [FieldError]

    public init(fields: [FieldError]) {
        self.fields = fields
    }

    /// The message for a field.
    public subscript(field: String) -> String? {
        fields.first { $0.field == field }?.message
    }
}

/// The field error type by its short name, as servers spell it.
public typealias FieldError = PetitionFieldErrors.FieldError

/// A petition as a submitter sends it, from the web form, the API, Open311 or Zalo.
public struct PetitionSubmission: Sendable, Equatable {
    public var topic: String
    public var title: String
    public var content: String
    public var name: String
    public var phone: String
    public var email: String
    public var address: String
    public var consentPublish: Bool

    public init(
        topic: String = "", title: String = "", content: String = "", name: String = "", phone: String = "", email: String = "",
        address: String = "", consentPublish: Bool = false
    ) {
        self.topic = topic
        self.title = title
        self.content = content
        self.name = name
        self.phone = phone
        self.email = email
        self.address = address
        self.consentPublish = consentPublish
    }

    static func markupMessage(_ field: String) -> String {
        "\(field) không được chứa mã HTML (thẻ như <script>, <a>) hay đường dẫn javascript:; hãy gửi dưới dạng văn bản thường."
    }

    /// Trimmed (and NFC-normalised), phone normalised to national form "0912345678", e-mail
    /// lower-cased; or every invalid field with a Vietnamese message. `topics`: the allowed topic
    /// slugs. `contactRequired`: a phone or an e-mail must be given (false for channels that carry
    /// their own contact, such as Zalo).
    public func validated(topics: Set<String>, contactRequired: Bool = true) throws(PetitionFieldErrors) -> PetitionSubmission {
        var errors: [FieldError] = []
        func refuse(_ field: String, _ message: String) { errors.append(FieldError(field: field, message: message)) }

        let topic = Self.clean(self.topic)
        let title = Self.clean(self.title)
        // Browsers send a textarea's line breaks as CR LF; keep one form.
        let content = Self.clean(self.content.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"))
        let name = Self.clean(self.name)
        let phone = Self.clean(self.phone)
        let email = Self.clean(self.email).lowercased()
        let address = Self.clean(self.address)

        if !topics.contains(topic) { refuse("topic", "Hãy chọn lĩnh vực.") }

        if Self.hasControlCharacters(title) {
            refuse("title", "Tiêu đề có ký tự không hợp lệ; hãy gõ lại tiêu đề.")
        } else if Markup.isPresent(in: title) {
            refuse("title", Self.markupMessage("Tiêu đề"))
        } else if title.isEmpty {
            refuse("title", "Hãy nhập tiêu đề.")
        } else if title.count < PetitionLimits.titleMinimum {
            refuse("title", "Tiêu đề cần ít nhất \(PetitionLimits.titleMinimum) ký tự.")
        } else if title.count > PetitionLimits.titleMaximum {
            refuse("title", "Tiêu đề không được dài quá \(Self.number(PetitionLimits.titleMaximum)) ký tự.")
        }

        if Self.hasControlCharacters(content, allowing: ["\n", "\t"]) {
            refuse("content", "Nội dung có ký tự không hợp lệ; hãy gõ lại hoặc dán lại dưới dạng văn bản thường.")
        } else if Markup.isPresent(in: content) {
            refuse("content", Self.markupMessage("Nội dung"))
        } else if content.isEmpty {
            refuse("content", "Hãy nhập nội dung phản ánh, kiến nghị.")
        } else if content.count < PetitionLimits.contentMinimum {
            refuse("content", "Nội dung cần ít nhất \(PetitionLimits.contentMinimum) ký tự để cơ quan hiểu rõ vấn đề.")
        } else if content.count > PetitionLimits.contentMaximum {
            refuse(
                "content",
                """
                Nội dung không được dài quá \(Self.number(PetitionLimits.contentMaximum)) ký tự; hãy rút gọn hoặc gửi phần còn lại \
                thành phản ánh khác.
                """
            )
        }

        if Self.hasControlCharacters(name) {
            refuse("name", "Họ và tên có ký tự không hợp lệ.")
        } else if Markup.isPresent(in: name) {
            refuse("name", Self.markupMessage("Họ và tên"))
        } else if name.isEmpty {
            refuse("name", "Hãy nhập họ và tên.")
        } else if name.count > PetitionLimits.nameMaximum {
            refuse("name", "Họ và tên không được dài quá \(PetitionLimits.nameMaximum) ký tự.")
        }

        var normalisedPhone = ""
        if !phone.isEmpty {
            if let national = PersonalData.normalisedPhone(phone) {
                normalisedPhone = national
            } else {
                refuse(
                    "phone", "Số điện thoại không hợp lệ; hãy nhập số di động 10 chữ số (ví dụ 0912345678) hoặc số cố định kèm mã vùng.")
            }
        }

        if !email.isEmpty {
            if email.count > PetitionLimits.emailMaximum {
                refuse("email", "Địa chỉ email không được dài quá \(PetitionLimits.emailMaximum) ký tự.")
            } else if !Self.isEmail(email) {
                refuse("email", "Địa chỉ email không hợp lệ; hãy nhập dạng ten@example.com.")
            }
        }

        if Self.hasControlCharacters(address) {
            refuse("address", "Địa chỉ có ký tự không hợp lệ.")
        } else if Markup.isPresent(in: address) {
            refuse("address", Self.markupMessage("Địa chỉ"))
        } else if address.count > PetitionLimits.addressMaximum {
            refuse("address", "Địa chỉ không được dài quá \(PetitionLimits.addressMaximum) ký tự.")
        }

        if contactRequired, phone.isEmpty, email.isEmpty {
            refuse("phone", "Hãy nhập số điện thoại hoặc email để nhận câu trả lời.")
        }

        guard errors.isEmpty else {
            let order = ["topic", "title", "content", "name", "phone", "email", "address"]
            throw PetitionFieldErrors(fields: errors.sorted { order.firstIndex(of: $0.field)! < order.firstIndex(of: $1.field)! })
        }
        return PetitionSubmission(
            topic: topic, title: title, content: content, name: name, phone: normalisedPhone, email: email, address: address,
            consentPublish: consentPublish)
    }

    /// NFC, so that the same words are stored the same way whatever keyboard typed them, and trimmed.
    static func clean(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Control characters (and the invisible format characters, such as bidirectional overrides,
    /// that can disguise text) have no place in a petition.
    static func hasControlCharacters(_ text: String, allowing allowed: Set<Unicode.Scalar> = []) -> Bool {
        text.unicodeScalars.contains { scalar in
            guard !allowed.contains(scalar) else { return false }
            switch scalar.properties.generalCategory {
            case .control: return true
            case .format: return (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
            default: return false
            }
        }
    }

    /// local@domain.tld: no spaces, one @, a domain of letters, digits and hyphens with a dot, and a
    /// top-level domain of at least two letters.
    static func isEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last, !local.isEmpty, local.count <= 64,
            !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
        else { return false }
        let forbidden: Set<Character> = [" ", ",", ";", ":", "<", ">", "(", ")", "[", "]", "\\", "\""]
        guard local.allSatisfy({ $0.isASCII && !forbidden.contains($0) && !$0.isWhitespace && $0.asciiValue! > 32 }) else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2,
            labels.allSatisfy({ label in
                !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            }),
            let tld = labels.last, tld.count >= 2, tld.allSatisfy(\.isLetter)
        else { return false }
        return true
    }

    /// 10000 → "10.000", as numbers are written in Vietnamese.
    static func number(_ value: Int) -> String {
        var digits = Array(String(value))
        var index = digits.count - 3
        while index > 0 {
            digits.insert(".", at: index)
            index -= 3
        }
        return String(digits)
    }
}
