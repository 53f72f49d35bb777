import Foundation

/// "DT-2026-007": a draft's short code, for Zalo ("góp ý DT-2026-007 …"), the phone and print.
public struct ConsultationCode: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    public var number: Int

    public init(year: Int, number: Int) {
        self.year = year
        self.number = number
    }

    /// Case-insensitive; leading zeros optional ("dt-2026-7").
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased().split(
            separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "DT", parts[1].count == 4, let year = Int(parts[1]), (1...6).contains(parts[2].count),
            parts[1].allSatisfy(\.isASCII), parts[2].allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(parts[2]), number > 0
        else { return nil }
        self.init(year: year, number: number)
    }

    public var description: String {
        let digits = String(number)
        return "DT-\(year)-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }
}
