import Foundation

/// Limits on a comment, the same on the web, the API and Zalo.
public enum CommentLimits {
    public static let textMinimum = 10
    public static let textMaximum = 5000
    public static let nameMaximum = 100
    public static let organisationMaximum = 200
    public static let emailMaximum = 254
}

/// Every invalid field of a comment at once.
public struct CommentFieldErrors: Error, Sendable, Equatable {
    public var fields: [FieldError]

    public init(fields: [FieldError]) { self.fields = fields }

    public subscript(field: String) -> String? { fields.first { $0.field == field }?.message }
}

/// A comment on a draft as a person sends it. `section` is a section's key ("s3"), or empty for
/// the draft as a whole. The name and organisation are what the public will read; the e-mail is
/// personal data and is never shown.
public struct CommentSubmission: Sendable, Equatable {
    public var section: String
    public var name: String
    public var organisation: String
    public var email: String
    public var text: String

    public init(section: String = "", name: String = "", organisation: String = "", email: String = "", text: String = "") {
        self.section = section
        self.name = name
        self.organisation = organisation
        self.email = email
        self.text = text
    }

    /// Trimmed and NFC, e-mail lower-cased; or every invalid field with a Vietnamese message.
    /// `sections`: the draft's section keys. `emailRequired`: when comments are confirmed by e-mail.
    public func validated(sections: Set<String>, emailRequired: Bool = false) throws(CommentFieldErrors) -> CommentSubmission {
        var errors: [FieldError] = []
        func refuse(_ field: String, _ message: String) { errors.append(FieldError(field: field, message: message)) }
        let clean = PetitionSubmission.clean
        let section = clean(self.section)
        let name = clean(self.name)
        let organisation = clean(self.organisation)
        let email = clean(self.email).lowercased()
        let text = clean(self.text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"))

        if section != DraftSections.wholeDraft, !sections.contains(section) {
            refuse("section", "Phần được góp ý không có trong dự thảo; hãy chọn lại điều, khoản hoặc góp ý chung cho cả dự thảo.")
        }
        if PetitionSubmission.hasControlCharacters(name) {
            refuse("name", "Họ và tên có ký tự không hợp lệ.")
        } else if Markup.isPresent(in: name) {
            refuse("name", PetitionSubmission.markupMessage("Họ và tên"))
        } else if name.isEmpty {
            refuse("name", "Hãy nhập họ và tên.")
        } else if name.count > CommentLimits.nameMaximum {
            refuse("name", "Họ và tên không được dài quá \(CommentLimits.nameMaximum) ký tự.")
        }
        if PetitionSubmission.hasControlCharacters(organisation) {
            refuse("organisation", "Tên cơ quan, tổ chức có ký tự không hợp lệ.")
        } else if Markup.isPresent(in: organisation) {
            refuse("organisation", PetitionSubmission.markupMessage("Tên cơ quan, tổ chức"))
        } else if organisation.count > CommentLimits.organisationMaximum {
            refuse("organisation", "Tên cơ quan, tổ chức không được dài quá \(CommentLimits.organisationMaximum) ký tự.")
        }
        if email.isEmpty {
            if emailRequired { refuse("email", "Hãy nhập e-mail để xác nhận góp ý; e-mail không được công khai.") }
        } else if email.count > CommentLimits.emailMaximum {
            refuse("email", "Địa chỉ email không được dài quá \(CommentLimits.emailMaximum) ký tự.")
        } else if !PetitionSubmission.isEmail(email) {
            refuse("email", "Địa chỉ email không hợp lệ; hãy nhập dạng ten@example.com.")
        }
        if PetitionSubmission.hasControlCharacters(text, allowing: ["\n", "\t"]) {
            refuse("text", "Nội dung góp ý có ký tự không hợp lệ; hãy gõ lại hoặc dán lại dưới dạng văn bản thường.")
        } else if Markup.isPresent(in: text) {
            refuse("text", PetitionSubmission.markupMessage("Nội dung góp ý"))
        } else if text.isEmpty {
            refuse("text", "Hãy nhập nội dung góp ý.")
        } else if text.count < CommentLimits.textMinimum {
            refuse("text", "Nội dung góp ý cần ít nhất \(CommentLimits.textMinimum) ký tự.")
        } else if text.count > CommentLimits.textMaximum {
            refuse("text", "Nội dung góp ý không được dài quá \(PetitionSubmission.number(CommentLimits.textMaximum)) ký tự.")
        }
        guard errors.isEmpty else {
            let order = ["section", "name", "organisation", "email", "text"]
            throw CommentFieldErrors(fields: errors.sorted { order.firstIndex(of: $0.field)! < order.firstIndex(of: $1.field)! })
        }
        return CommentSubmission(section: section, name: name, organisation: organisation, email: email, text: text)
    }
}
