import Foundation

/// Finds and hides personal data in petition text before it is shown publicly (DESIGN.md:
/// personal data is never shown publicly). It looks for what people actually write — phone numbers
/// in every common spelling and in links ("zalo.me/0987654321"), e-mail addresses, identity card and
/// passport numbers, also in groups ("001 090 012 345") — and for the submitter's own details,
/// including the given name after "ông", "bà", "anh", "chị", …, while leaving document numbers,
/// amounts of money and dates alone.
public enum PersonalData {
    public enum Kind: String, Sendable {
        case phone
        case email
        case idNumber
        case knownValue
    }

    public struct Finding: Sendable, Equatable {
        public var kind: Kind
        public var range: Range<String.Index>

        public init(kind: Kind, range: Range<String.Index>) {
            self.kind = kind
            self.range = range
        }
    }

    /// What replaces each kind of finding in public text.
    public static func placeholder(for kind: Kind) -> String {
        switch kind {
        case .phone: "[số điện thoại đã ẩn]"
        case .email: "[email đã ẩn]"
        case .idNumber: "[số giấy tờ đã ẩn]"
        case .knownValue: "[đã ẩn]"
        }
    }

    /// Known values shorter than this are not searched for: they would hide ordinary words. (The
    /// given name of a known full name is, but only after a form of address: "ông An".)
    public static let knownValueMinimum = 3

    public static func findings(in text: String, known: [String] = []) -> [Finding] {
        let scanner = Scanner(text)
        var spans: [Span] = []
        spans += scanner.emails()
        let urls = scanner.urls()
        let taken = spans + urls
        spans += scanner.phones(skipping: taken)
        spans += scanner.phones(inURLs: urls)
        spans += scanner.idNumbers(skipping: taken + spans)
        spans += scanner.groupedIDNumbers(skipping: taken + spans)
        spans += scanner.knownValues(known)
        spans += scanner.givenNames(known)

        // Non-overlapping, in order: overlapping finds are merged so that nothing found is left showing.
        spans.sort { ($0.start, -$0.end) < ($1.start, -$1.end) }
        var merged: [Span] = []
        for span in spans {
            if let last = merged.last, span.start < last.end {
                merged[merged.count - 1].end = max(last.end, span.end)
            } else {
                merged.append(span)
            }
        }
        return merged.map { Finding(kind: $0.kind, range: scanner.offsets[$0.start]..<scanner.offsets[$0.end]) }
    }

    /// Text with each finding replaced: phone → "[số điện thoại đã ẩn]", email → "[email đã ẩn]",
    /// idNumber → "[số giấy tờ đã ẩn]", knownValue → "[đã ẩn]".
    public static func redact(_ text: String, known: [String] = []) -> String {
        var result = ""
        var position = text.startIndex
        for finding in findings(in: text, known: known) {
            result += text[position..<finding.range.lowerBound]
            result += placeholder(for: finding.kind)
            position = finding.range.upperBound
        }
        result += text[position...]
        return result
    }

    /// A Vietnamese phone number in national form ("0912345678", "02438251234"), from any common
    /// spelling: "+84 912 345 678", "84912345678", "(024) 3825 1234", "091-234-5678"; nil when the
    /// text is not a mobile number (10 digits, 03/05/07/08/09) or a landline (11 digits, 02…).
    public static func normalisedPhone(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var digits = ""
        var international = false
        for character in trimmed {
            if let digit = character.asciiDigit {
                digits += String(digit)
            } else if character == "+" {
                // Only in front: "+84 …" or "(+84) …".
                guard digits.isEmpty, !international else { return nil }
                international = true
            } else if !" .-()\u{00A0}".contains(character) {
                return nil
            }
        }
        if international && !digits.hasPrefix("84") { return nil }
        return nationalNumber(digits)
    }

    /// Digits as written (with or without 84 in front) to the national form, if they are a phone number.
    static func nationalNumber(_ written: String) -> String? {
        var digits = Substring(written)
        if digits.hasPrefix("0084") { digits = digits.dropFirst(2) }
        if digits.hasPrefix("84") {
            digits = digits.dropFirst(2)
            if digits.hasPrefix("0") { digits = digits.dropFirst() }  // "+84 0912 …", a common slip
            digits = "0" + digits
        }
        let bytes = Array(digits.utf8)
        guard bytes.first == UInt8(ascii: "0"), bytes.count >= 10 else { return nil }
        let second = bytes[1]
        let isMobile = bytes.count == 10 && "35789".utf8.contains(second)
        let isLandline = bytes.count == 11 && second == UInt8(ascii: "2")
        return isMobile || isLandline ? String(digits) : nil
    }

    /// A found stretch of text, in character positions.
    struct Span {
        var kind: Kind
        var start: Int
        var end: Int

        func contains(_ position: Int) -> Bool { position >= start && position < end }
    }

    /// The text as an array of characters, with the string index of each, so that the detectors
    /// can look back and ahead freely and still report ranges in the original string.
    struct Scanner {
        let characters: [Character]
        /// `offsets[i]` is the index of character i; the last entry is the end index.
        let offsets: [String.Index]

        init(_ text: String) {
            characters = Array(text)
            offsets = Array(text.indices) + [text.endIndex]
        }

        subscript(_ position: Int) -> Character? {
            characters.indices.contains(position) ? characters[position] : nil
        }

        func isDigit(_ position: Int) -> Bool { self[position]?.asciiDigit != nil }

        func isWordCharacter(_ position: Int) -> Bool {
            guard let character = self[position] else { return false }
            return character.isLetter || character.isNumber || character == "_"
        }

        // MARK: URLs and e-mail

        /// Web addresses up to the next space: phone-like digits in them are part of the address,
        /// unless they are a whole part of it (see `phones(inURLs:)`).
        func urls() -> [Span] {
            var spans: [Span] = []
            var position = 0
            while position < characters.count {
                if !isWordCharacter(position - 1), startsURL(at: position) {
                    var end = position
                    while end < characters.count, !characters[end].isWhitespace { end += 1 }
                    spans.append(Span(kind: .knownValue, start: position, end: end))
                    position = end
                } else {
                    position += 1
                }
            }
            return spans
        }

        func startsURL(at position: Int) -> Bool {
            guard let first = characters[position].asciiValue, "hHwW".utf8.contains(first) else { return false }
            for prefix in ["https://", "http://", "www."] {
                let end = position + prefix.count
                guard end <= characters.count else { continue }
                if String(characters[position..<end]).lowercased() == prefix { return true }
            }
            return false
        }

        static func isLocalCharacter(_ character: Character) -> Bool {
            guard let ascii = character.asciiValue else { return false }
            return isAlphanumeric(ascii) || "._%+-".utf8.contains(ascii)
        }

        static func isDomainCharacter(_ character: Character) -> Bool {
            guard let ascii = character.asciiValue else { return false }
            return isAlphanumeric(ascii) || ascii == UInt8(ascii: ".") || ascii == UInt8(ascii: "-")
        }

        static func isAlphanumeric(_ ascii: UInt8) -> Bool {
            (48...57).contains(ascii) || (65...90).contains(ascii) || (97...122).contains(ascii)
        }

        func emails() -> [Span] {
            var spans: [Span] = []
            for at in characters.indices where characters[at] == "@" {
                if let last = spans.last, last.contains(at) { continue }
                var start = at
                while start > 0, Scanner.isLocalCharacter(characters[start - 1]) { start -= 1 }
                while start < at, characters[start] == "." { start += 1 }
                var end = at + 1
                while end < characters.count, Scanner.isDomainCharacter(characters[end]) { end += 1 }
                while end > at + 1, characters[end - 1] == "." || characters[end - 1] == "-" { end -= 1 }
                guard start < at, end > at + 1 else { continue }
                let labels = String(characters[(at + 1)..<end]).split(separator: ".", omittingEmptySubsequences: false)
                guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }),
                    let tld = labels.last, tld.count >= 2, tld.allSatisfy(\.isLetter)
                else { continue }
                spans.append(Span(kind: .email, start: start, end: end))
            }
            return spans
        }

        // MARK: Phone numbers

        static let phoneJoiners = ".,-"

        /// Phone numbers that are a whole part of a web address — a path segment or a query value, as in
        /// "https://zalo.me/0987654321", "https://zalo.me/84987654321", "…/lien-he?sdt=0912345678&…" —
        /// just the number. Digits inside a longer part ("/tin-tuc/0912345678-chinh-sach") belong to
        /// the address and stay. ("zalo.me/…" without "https://" and "tel:0912345678" are not taken
        /// as addresses, so `phones(skipping:)` finds them.)
        func phones(inURLs urls: [Span]) -> [Span] {
            var spans: [Span] = []
            for url in urls {
                // Punctuation at the end belongs to the sentence: "… https://zalo.me/0987654321."
                var end = url.end
                while end > url.start, ".,;:!?)]}'\"".contains(characters[end - 1]) { end -= 1 }
                var position = url.start + 1
                while position < end {
                    guard "/=:".contains(characters[position - 1]) else {
                        position += 1
                        continue
                    }
                    let international = characters[position] == "+"
                    let digitsStart = international ? position + 1 : position
                    var digitsEnd = digitsStart
                    while digitsEnd < end, isDigit(digitsEnd) { digitsEnd += 1 }
                    let digits = String(characters[digitsStart..<digitsEnd])
                    if digitsEnd > digitsStart, digitsEnd == end || "/?#&".contains(characters[digitsEnd]),
                        !international || digits.hasPrefix("84"), PersonalData.nationalNumber(digits) != nil
                    {
                        spans.append(Span(kind: .phone, start: position, end: digitsEnd))
                    }
                    position = max(digitsEnd, position + 1)
                }
            }
            return spans
        }

        func phones(skipping taken: [Span]) -> [Span] {
            let taken = taken.sorted { $0.start < $1.start }
            var next = 0  // the first taken span that does not end before `position`
            var spans: [Span] = []
            var position = 0
            while position < characters.count {
                while next < taken.count, taken[next].end <= position { next += 1 }
                if next < taken.count, taken[next].contains(position) {
                    position = taken[next].end
                    continue
                }
                if mayStartNumber(at: position, joiners: Scanner.phoneJoiners), let end = phoneEnd(from: position) {
                    spans.append(Span(kind: .phone, start: position, end: end))
                    position = end
                } else {
                    position += 1
                }
            }
            return spans
        }

        /// A number starts where no digit comes just before, and not right after a digit and one of
        /// `joiners` ("1.800.000", "2025-07-01" go on, they do not start). Phone numbers may follow a
        /// slash ("0912345678/0987654321"); identity numbers may not ("123456789/2025").
        func mayStartNumber(at position: Int, joiners: String = ".,-/") -> Bool {
            guard let previous = self[position - 1] else { return true }
            if previous.asciiDigit != nil || previous == "_" || previous == "@" || previous == "+" { return false }
            if joiners.contains(previous), isDigit(position - 2) { return false }
            return true
        }

        /// A number ends before a letter or digit, or before one of `joiners` that a digit follows
        /// (the number would go on, as in an amount of money).
        func mayEndNumber(at end: Int, joiners: String = ".,-/") -> Bool {
            guard let next = self[end] else { return true }
            if next.isLetter || next.isNumber || next == "_" || next == "@" { return false }
            if joiners.contains(next), isDigit(end + 1) { return false }
            return true
        }

        /// Where a phone number starting at `start` ends: "(+84) 912 345 678", "(024) 3825 1234",
        /// "0912.345.678", "091-234-5678". The digits come in groups with one space, dot or dash
        /// between them; the shortest run of groups that is a phone number is taken.
        func phoneEnd(from start: Int) -> Int? {
            var position = start
            let parenthesis = self[position] == "("
            if parenthesis { position += 1 }
            let international = self[position] == "+"
            if international { position += 1 }
            guard let first = self[position]?.asciiDigit, first == 0 || first == 8 else { return nil }

            var digits = ""
            var groupEnds: [(end: Int, digits: String)] = []
            func readGroup() {
                while let digit = self[position]?.asciiDigit, digits.count < 14 {
                    digits += String(digit)
                    position += 1
                }
                groupEnds.append((position, digits))
            }
            readGroup()
            if international && !digits.hasPrefix("84") { return nil }
            if parenthesis {
                guard self[position] == ")" else { return nil }
                position += 1
                if self[position] == " " || self[position] == "\u{00A0}" { position += 1 }
                guard isDigit(position) else { return nil }
                readGroup()
            }
            while groupEnds.count < 6, digits.count < 13, let separator = self[position], " .-\u{00A0}".contains(separator),
                isDigit(position + 1)
            {
                position += 1
                readGroup()
            }
            for (index, group) in groupEnds.enumerated() {
                // A lone digit is not part of a phone number as people group them ("091 234 567 8 9").
                if index > 0, group.digits.count - groupEnds[index - 1].digits.count < 2 { return nil }
                guard PersonalData.nationalNumber(group.digits) != nil else { continue }
                // Groups joined by a dot or dash belong together: a longer run is not a phone number.
                if index + 1 < groupEnds.count, self[group.end] != " ", self[group.end] != "\u{00A0}" { return nil }
                return mayEndNumber(at: group.end, joiners: Scanner.phoneJoiners) ? group.end : nil
            }
            return nil
        }

        // MARK: Identity documents

        /// 12-digit citizen identity card (CCCD) and 9-digit identity card (CMND) numbers written as
        /// one run of digits (not money: "150000000 đồng", unless "CCCD", "CMND", … comes just before),
        /// and passport numbers (a letter and 7 digits) after "hộ chiếu".
        func idNumbers(skipping taken: [Span]) -> [Span] {
            var spans: [Span] = []
            var position = 0
            while position < characters.count {
                let start = position
                guard isDigit(start) || characters[start].isLetter else {
                    position += 1
                    continue
                }
                // The whole word, so that only standalone runs are considered.
                while position < characters.count, isWordCharacter(position) { position += 1 }
                let end = position
                guard !taken.contains(where: { $0.contains(start) }), !isWordCharacter(start - 1) else { continue }
                let word = characters[start..<end]
                if word.allSatisfy({ $0.asciiDigit != nil }), word.count == 9 || word.count == 12 {
                    // "CCCD: 001090012345 Đ/c: …" is an identity number even though "Đ" looks like money.
                    guard mayStartNumber(at: start), mayEndNumber(at: end),
                        !isFollowedByCurrency(end) || wordsBefore(start).containsIdentityWords(cccd: word.count == 12)
                    else { continue }
                    spans.append(Span(kind: .idNumber, start: start, end: end))
                } else if word.count == 8, let letter = word.first?.asciiValue, (65...90).contains(letter) || (97...122).contains(letter),
                    word.dropFirst().allSatisfy({ $0.asciiDigit != nil }), mayEndNumber(at: end), followsPassportWords(start)
                {
                    spans.append(Span(kind: .idNumber, start: start, end: end))
                }
            }
            return spans
        }

        /// "150000000 đồng", "123.456.789 đ", "500 000 000 VND" are money, not an identity card.
        func isFollowedByCurrency(_ end: Int) -> Bool {
            var position = end
            while self[position] == " " || self[position] == "\u{00A0}" { position += 1 }
            if self[position] == "₫" { return true }
            let wordStart = position
            while isWordCharacter(position) { position += 1 }
            let word = VietnameseText.fold(String(characters[wordStart..<position]))
            return Scanner.moneyWords.contains(word)
        }

        /// Folded: đồng, đ, VND/VNĐ, USD, triệu, nghìn/ngàn, tỷ/tỉ.
        static let moneyWords: Set<String> = ["dong", "d", "vnd", "usd", "trieu", "nghin", "ngan", "ty", "ti"]

        static let groupSeparators: Set<Character> = [" ", ".", "-", "\u{00A0}"]

        /// 12-digit CCCD and 9-digit CMND numbers written in groups of three or four digits with the
        /// same single space, dot or dash between them: "001 090 012 345", "001.090.012.345",
        /// "0010-9001-2345", "123 456 789". Amounts of money are written the same way, so a run is an
        /// identity number when "CCCD", "căn cước" or "định danh" (12 digits) or "CMND" or "chứng minh"
        /// (9 digits) comes just before it, and otherwise only when no money word follows it ("đồng",
        /// "triệu", …) and "số tiền" or "mức" does not come before it. Runs of other lengths, mixed
        /// groups ("1.800.000", "0912.345.678.901", "1800 599 920") and dates are left alone.
        func groupedIDNumbers(skipping taken: [Span]) -> [Span] {
            // Positions are asked in increasing order, so one pass over the taken spans will do.
            let taken = taken.sorted { $0.start < $1.start }
            var next = 0
            func isTaken(_ position: Int) -> Bool {
                while next < taken.count, taken[next].end <= position { next += 1 }
                return next < taken.count && taken[next].start <= position
            }
            var spans: [Span] = []
            var position = 0
            while position < characters.count {
                guard isDigit(position), !isTaken(position) else {
                    position += 1
                    continue
                }
                // The whole run of groups, so that a longer number is never read as a shorter one.
                let start = position
                var groups: [Int] = []
                var separators: Set<Character> = []
                while true {
                    let groupStart = position
                    while isDigit(position) { position += 1 }
                    groups.append(position - groupStart)
                    guard let separator = self[position], Scanner.groupSeparators.contains(separator), isDigit(position + 1),
                        !isTaken(position + 1)
                    else { break }
                    separators.insert(separator == "\u{00A0}" ? " " : separator)
                    position += 1
                }
                let end = position
                guard groups.count > 1, separators.count == 1, let size = groups.first, size == 3 || size == 4,
                    groups.allSatisfy({ $0 == size }), [9, 12].contains(size * groups.count)
                else { continue }
                // A whole number on its own: not part of a word, a decimal or a document number ("…/QĐ").
                guard !isWordCharacter(start - 1), mayStartNumber(at: start), mayEndNumber(at: end), self[start - 1] != "/",
                    self[end] != "/"
                else { continue }
                let words = wordsBefore(start)
                let named = size * groups.count == 12 ? words.containsIdentityWords(cccd: true) : words.containsIdentityWords(cccd: false)
                if named || (!isFollowedByCurrency(end) && !words.containsAmountWords) {
                    spans.append(Span(kind: .idNumber, start: start, end: end))
                }
            }
            return spans
        }

        /// The folded words just before `start` (at most 30 characters, after the last digit), which
        /// say what a number is: "số CCCD:", "số tiền là", "mức".
        func wordsBefore(_ start: Int) -> WordsBefore {
            var from = start
            while from > max(0, start - 30), !isDigit(from - 1), self[from - 1] != "\n" { from -= 1 }
            let folded = VietnameseText.fold(String(characters[from..<start]))
            return WordsBefore(words: folded.split { !($0.isLetter || $0.isNumber) }.map(String.init))
        }

        struct WordsBefore {
            var words: [String]

            func contains(_ phrase: String) -> Bool {
                let parts = phrase.split(separator: " ").map(String.init)
                guard parts.count <= words.count else { return false }
                return (0...(words.count - parts.count)).contains { Array(words[$0..<($0 + parts.count)]) == parts }
            }

            func containsIdentityWords(cccd: Bool) -> Bool {
                let phrases = cccd ? ["cccd", "can cuoc", "dinh danh"] : ["cmnd", "chung minh"]
                return phrases.contains(where: contains)
            }

            /// "số tiền 123.456.789", "mức 500 000 000", "VND 123.456.789".
            var containsAmountWords: Bool {
                contains("so tien") || contains("muc") || words.last.map { ["vnd", "usd"].contains($0) } == true
            }
        }

        func followsPassportWords(_ start: Int) -> Bool {
            let before = VietnameseText.fold(String(characters[max(0, start - 30)..<start]))
            return before.contains("ho chieu") || before.contains("passport")
        }

        // MARK: The submitter's own details

        /// Each value found case- and tone-mark-insensitively as whole words, however the spaces
        /// inside it are written.
        func knownValues(_ values: [String]) -> [Span] {
            let needles =
                values
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .filter { $0.count >= PersonalData.knownValueMinimum }
                .map { Array(Scanner.collapsingSpaces(VietnameseText.fold($0)).unicodeScalars) }
                .filter { !$0.isEmpty }
            guard !needles.isEmpty else { return [] }

            // The folded text, one entry a scalar, each remembering the character it came from.
            var folded: [Unicode.Scalar] = []
            var owners: [Int] = []
            for (position, character) in characters.enumerated() {
                if character.isWhitespace {
                    if folded.last != " " {
                        folded.append(" ")
                        owners.append(position)
                    }
                    continue
                }
                for scalar in VietnameseText.fold(String(character)).unicodeScalars {
                    folded.append(scalar)
                    owners.append(position)
                }
            }

            var spans: [Span] = []
            for needle in needles where needle.count <= folded.count {
                var offset = 0
                while offset + needle.count <= folded.count {
                    let last = offset + needle.count - 1
                    guard folded[offset] == needle[0], Array(folded[offset...last]) == needle,
                        offset == 0 || owners[offset - 1] != owners[offset],
                        last + 1 == folded.count || owners[last + 1] != owners[last]
                    else {
                        offset += 1
                        continue
                    }
                    let start = owners[offset]
                    let end = owners[last] + 1
                    if !isWordCharacter(start - 1) || !isWordCharacter(start), !isWordCharacter(end) || !isWordCharacter(end - 1) {
                        spans.append(Span(kind: .knownValue, start: start, end: end))
                        offset = last + 1
                    } else {
                        offset += 1
                    }
                }
            }
            return spans
        }

        /// The forms of address after which a given name alone is the submitter's: "ông An".
        static let formsOfAddress = ["ông", "bà", "anh", "chị", "em", "cô", "chú"]

        /// The end of each known full name (two to six words of letters, "Nguyễn Văn An") after a form
        /// of address: "ông An", "Bà AN", "chi Bich Ngoc" for "Trần Thị Bích Ngọc" — just the name.
        /// The given name is often shorter than `knownValueMinimum`, so it is looked for only there.
        /// Case does not matter, and words written without marks match any marks ("ong an"); words
        /// written with marks must have the same ones, so that "em ăn" is not "em An", nor "có An"
        /// "cô An". A name known without marks ("nguyen van an") matches any marks.
        func givenNames(_ values: [String]) -> [Span] {
            let names: [(words: [String], marked: Bool)] = values.compactMap { value in
                let words = value.split(whereSeparator: \.isWhitespace).map(String.init)
                guard (2...6).contains(words.count), words.allSatisfy({ $0.allSatisfy(\.isLetter) }) else { return nil }
                return (words, Scanner.hasMarks(words.joined(separator: " ")))
            }
            guard !names.isEmpty else { return [] }

            // The words of the text, and whether only spaces come between each and the next.
            var words: [(start: Int, end: Int, text: String)] = []
            var position = 0
            while position < characters.count {
                guard isWordCharacter(position) else {
                    position += 1
                    continue
                }
                let start = position
                while isWordCharacter(position) { position += 1 }
                words.append((start, position, String(characters[start..<position])))
            }
            func spaced(_ index: Int) -> Bool {
                (words[index].end..<words[index + 1].start).allSatisfy { characters[$0].isWhitespace }
            }

            var spans: [Span] = []
            for index in words.indices.dropLast() where words[index].text.count <= 3 && spaced(index) {
                guard Scanner.formsOfAddress.contains(where: { Scanner.sameWord(words[index].text, $0, marked: true) }) else { continue }
                var longest = 0
                for name in names {
                    for count in (1..<name.words.count).reversed() where count > longest && index + count < words.count {
                        let wanted = name.words.suffix(count)
                        let found = zip(wanted, words[(index + 1)...(index + count)])
                        if found.allSatisfy({ Scanner.sameWord($1.text, $0, marked: name.marked) }),
                            ((index + 1)..<(index + count)).allSatisfy(spaced)
                        {
                            longest = count
                        }
                    }
                }
                if longest > 0 {
                    spans.append(Span(kind: .knownValue, start: words[index + 1].start, end: words[index + longest].end))
                }
            }
            return spans
        }

        /// `written` is `wanted` whatever the case; with or without marks unless both have them.
        static func sameWord(_ written: String, _ wanted: String, marked: Bool) -> Bool {
            guard VietnameseText.fold(written) == VietnameseText.fold(wanted) else { return false }
            return !marked || !hasMarks(written) || written.lowercased() == wanted.lowercased()
        }

        static func hasMarks(_ text: String) -> Bool {
            VietnameseText.fold(text) != text.lowercased()
        }

        static func collapsingSpaces(_ text: String) -> String {
            text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
    }
}
