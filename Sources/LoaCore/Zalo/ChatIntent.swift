import Foundation

/// What a follower wants from a chat message: typed words, or the payload of a button the OA sent
/// (payloads start with "#", so that a button never reads as words someone might type).
public enum ChatIntent: Sendable, Equatable {
    /// "menu", "trợ giúp", "help", "bắt đầu", "xin chào", "chào", "hi", "hello", "?", an empty message, payload "#menu"
    case menu
    /// A tracking code anywhere in the text, or "tra cứu <mã>", payload "#tra-cuu <mã>"
    case track(TrackingCode)
    /// "tra cứu" / "tra cuu" / "#tra-cuu" with no valid code after it (a wrong or missing code)
    case trackWithoutCode
    /// "đăng ký <lĩnh vực>", "dang ky …", "dk …", payload "#dang-ky <slug>": the text that follows (may be "")
    case subscribe(String)
    /// "hủy đăng ký …", "huỷ đăng ký", "huy dang ky", "#huy-dang-ky <slug>"
    case unsubscribe(String)
    /// "lĩnh vực", "lĩnh vực của tôi", "đã đăng ký", "#linh-vuc"
    case subscriptions
    /// "gửi phản ánh", "phản ánh", "kiến nghị", "gửi kiến nghị", "#gui-phan-anh"
    case startPetition
    /// "hủy", "huỷ", "thôi", "dừng", "#huy"
    case cancel
    /// "góp ý DT-2026-007 <nội dung>": a comment on a draft open for consultation; the text may be
    /// empty (the reply then explains the command)
    case comment(ConsultationCode, String)
    /// "góp ý dt-…" with a code that is not one
    case commentWithoutCode
    /// Anything else (trimmed, NFC): a question to answer from the published answers.
    case question(String)

    /// Case-, tone-mark- and NFC/NFD-insensitive. Order: payload commands, cancel, unsubscribe before subscribe, track, startPetition,
    /// subscriptions, menu, question.
    ///
    /// A word typed without marks matches any marks ("huy" cancels); a word typed with marks must
    /// have the right ones ("đúng" does not cancel as "dừng" would), see `ChatWords`. Commands are
    /// recognised as the whole message, or at its start for those that take an argument, after
    /// polite words around them ("tôi muốn …", "… ạ", "… nhé") are set aside, so that a question
    /// that merely contains "phản ánh" is still answered as a question.
    public static func parse(_ text: String) -> ChatIntent {
        let trimmed = text.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.allSatisfy({ $0 == "?" || $0 == "？" }) { return .menu }
        if trimmed.hasPrefix("#"), let intent = payload(trimmed) { return intent }

        let all = ChatWords.words(trimmed)
        let core = Phrases.core(all[...])
        // The whole message as written, or without its polite words ("trợ giúp" stays itself).
        func isOne(of phrases: [[ChatWords.Word]]) -> Bool { ChatWords.isOne(all[...], of: phrases) || ChatWords.isOne(core, of: phrases) }
        if isOne(of: Phrases.cancel) { return .cancel }
        if let comment = comment(trimmed) { return comment }

        if let length = ChatWords.prefixLength(core, phrases: Phrases.unsubscribe) {
            return argument(after: length, in: core, source: trimmed).map(ChatIntent.unsubscribe) ?? .question(trimmed)
        }
        if let length = ChatWords.prefixLength(core, phrases: Phrases.subscribe) {
            return argument(after: length, in: core, source: trimmed).map(ChatIntent.subscribe) ?? .question(trimmed)
        }

        if let code = TrackingCode.find(in: trimmed) { return .track(code) }
        if let length = ChatWords.prefixLength(core, phrases: Phrases.track) {
            let rest = Phrases.droppingFillers(core.dropFirst(length), Phrases.trackFillers)
            return rest.isEmpty || looksLikeCode(rest) ? .trackWithoutCode : .question(trimmed)
        }

        if isOne(of: Phrases.startPetition) { return .startPetition }
        if isOne(of: Phrases.subscriptions) { return .subscriptions }
        if isOne(of: Phrases.menu) { return .menu }
        return .question(trimmed)
    }

    /// "góp ý <mã dự thảo> <nội dung>". Only with something code-like after "góp ý": "góp ý" alone
    /// still starts a petition, and "góp ý về tiền lương" is read as before. The comment keeps its
    /// own line breaks and tone marks.
    static func comment(_ text: String) -> ChatIntent? {
        let words = text.split(maxSplits: 3, omittingEmptySubsequences: true, whereSeparator: \.isWhitespace)
        guard words.count >= 3, VietnameseText.fold(String(words[0])) == "gop",
            VietnameseText.fold(String(words[1])).trimmingCharacters(in: .punctuationCharacters) == "y"
        else { return nil }
        let word = String(words[2]).trimmingCharacters(in: CharacterSet(charactersIn: ":,.;"))
        guard let code = ConsultationCode(word) else {
            return VietnameseText.fold(word).hasPrefix("dt") && word.contains(where: \.isNumber) ? .commentWithoutCode : nil
        }
        let rest = words.count > 3 ? String(words[3]).trimmingCharacters(in: .whitespacesAndNewlines) : ""
        return .comment(code, rest.hasPrefix(":") ? String(rest.dropFirst()).trimmingCharacters(in: .whitespaces) : rest)
    }

    /// The topic named after "đăng ký" or "hủy đăng ký", or nil when what follows reads as a
    /// question ("đăng ký thường trú cần giấy tờ gì?"): agencies are asked about registering for
    /// many things, and such questions deserve an answer rather than "unknown topic".
    static func argument(after length: Int, in core: ArraySlice<ChatWords.Word>, source: String) -> String? {
        let rest = Phrases.droppingFillers(core.dropFirst(length), Phrases.topicFillers)
        if source.hasSuffix("?") || source.hasSuffix("？") || rest.count > 8 { return nil }
        return ChatWords.text(of: rest, in: source)
    }

    /// What follows "tra cứu" is meant as a code when it is short and has a digit ("PA2026", "123")
    /// or starts like one ("pa …"); "tra cứu lương cơ sở" is a question, "tra cứu 178/2024" a
    /// document number, which search finds.
    static func looksLikeCode(_ words: ArraySlice<ChatWords.Word>) -> Bool {
        guard let first = words.first else { return false }
        if first.folded.hasPrefix("pa"), words.count <= 3 { return true }
        return words.count <= 2 && words.contains { $0.folded.contains(where: \.isNumber) && !$0.folded.contains("/") }
    }

    /// A button payload: "#command argument". Unknown payloads (a button of a petition conversation
    /// that has ended, such as "#chon …" or "#gui") show the menu rather than being searched as a question.
    static func payload(_ text: String) -> ChatIntent? {
        let parts = text.split(maxSplits: 1, whereSeparator: \.isWhitespace)
        let command = VietnameseText.fold(String(parts[0]))
        let argument = parts.count > 1 ? String(parts[1]).trimmingCharacters(in: .whitespacesAndNewlines) : ""
        switch command {
        case "#menu": return .menu
        case "#tra-cuu": return (TrackingCode(argument) ?? TrackingCode.find(in: argument)).map(ChatIntent.track) ?? .trackWithoutCode
        case "#dang-ky": return .subscribe(argument)
        case "#huy-dang-ky": return .unsubscribe(argument)
        case "#linh-vuc": return .subscriptions
        case "#gui-phan-anh": return .startPetition
        case "#huy": return .cancel
        default:
            let isPayload = command.count > 1 && command.dropFirst().allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            return isPayload ? .menu : nil
        }
    }

    /// The words of each command, as patterns for `ChatWords`.
    enum Phrases {
        static func list(_ phrases: [String]) -> [[ChatWords.Word]] { phrases.map(ChatWords.phrase) }

        static let cancel = list(["hủy", "huỷ", "hủy bỏ", "huỷ bỏ", "thôi", "dừng", "dừng lại", "cancel"])

        static let subscribeWords = ["đăng ký", "đăng kí", "dk", "đk"]
        static let subscribe = list(subscribeWords)
        static let unsubscribe = list(
            ["hủy", "huỷ", "bỏ", "ngừng", "thôi"].flatMap { verb in (subscribeWords + ["nhận tin"]).map { "\(verb) \($0)" } })

        static let track = list(["tra cứu", "tra"])
        static let trackFillers = list(["phản ánh", "kiến nghị", "mã tra cứu", "mã số", "mã", "hồ sơ", "số", "là"])

        static let startPetition = list([
            "gửi phản ánh", "phản ánh", "kiến nghị", "gửi kiến nghị", "phản ánh kiến nghị", "gửi phản ánh kiến nghị", "gửi câu hỏi",
            "gửi thành câu hỏi", "đặt câu hỏi", "góp ý", "gửi góp ý",
        ])
        static let subscriptions = list([
            "lĩnh vực", "lĩnh vực của tôi", "đã đăng ký", "đã đăng kí", "các lĩnh vực", "danh sách lĩnh vực", "lĩnh vực đã đăng ký",
            "xem lĩnh vực",
        ])
        static let menu = list([
            "menu", "trợ giúp", "help", "bắt đầu", "xin chào", "chào", "chào bạn", "hi", "hello", "hướng dẫn", "start", "alo",
            "chức năng",
        ])

        /// Words after "đăng ký" that name no topic ("đăng ký nhận tin lĩnh vực tiền lương").
        static let topicFillers = list(["nhận tin", "lĩnh vực", "chủ đề", "về", "mục", "tin"])

        static let politeStarts = list(["tôi muốn", "em muốn", "mình muốn", "cho tôi", "cho em", "xin được", "tôi cần", "muốn"])
        static let politeEnds = list(["ạ", "nhé", "nha", "với", "giúp tôi", "giúp em", "giúp", "đi"])

        /// The words without polite ones at the start and the end.
        static func core(_ words: ArraySlice<ChatWords.Word>) -> ArraySlice<ChatWords.Word> {
            var core = words
            if let length = ChatWords.prefixLength(core, phrases: politeStarts), length < core.count { core = core.dropFirst(length) }
            var trimmed = true
            while trimmed, core.count > 1 {
                trimmed = false
                for phrase in politeEnds where phrase.count < core.count && ChatWords.starts(core.suffix(phrase.count), with: phrase) {
                    core = core.dropLast(phrase.count)
                    trimmed = true
                    break
                }
            }
            return core
        }

        static func droppingFillers(_ words: ArraySlice<ChatWords.Word>, _ fillers: [[ChatWords.Word]]) -> ArraySlice<ChatWords.Word> {
            var rest = words
            while let length = ChatWords.prefixLength(rest, phrases: fillers) { rest = rest.dropFirst(length) }
            return rest
        }
    }
}
