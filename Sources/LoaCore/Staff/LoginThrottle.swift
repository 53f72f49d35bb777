import Foundation

/// How many password guesses are weighed before sign-in pauses, and for how long.
///
/// Every attempt is counted before the password is checked, in one atomic statement, so that
/// sixty guesses sent at once still get only `limit` evaluations. Counting is per source, not per
/// account alone: a stranger guessing from one address pauses that address and that pair, but
/// cannot lock the real administrator out; an attack spread over many addresses meets the
/// account's own, higher limit. Unknown and disabled accounts are counted the same way, so the
/// answers tell nobody which accounts exist.
public struct LoginThrottle: Sendable {
    public struct Counter: Sendable, Equatable {
        /// What is counted: `pair:<account>|<address>`, `address:<address>`, `account:<account>`.
        public let key: String
        /// Attempts allowed in one window.
        public let limit: Int
        /// How many times a repeated pause may double (0: every pause lasts one window).
        public let maxDoublings: Int
        /// Whether a successful sign-in clears it (an address's counter is not the account's to clear).
        public let clearedBySuccess: Bool
    }

    public var window: Double
    public var perAccountFromAddress: Int
    public var perAddress: Int
    public var perAccount: Int

    public init(window: Double = 15 * 60, perAccountFromAddress: Int = 5, perAddress: Int = 30, perAccount: Int = 50) {
        self.window = window
        self.perAccountFromAddress = perAccountFromAddress
        self.perAddress = perAddress
        self.perAccount = perAccount
    }

    /// The counters one attempt adds to. The account is what was typed, folded the way sign-in
    /// matches it, and capped, so that a long or odd address cannot grow the key.
    public func counters(account: String, address: String?) -> [Counter] {
        let account = String(account.trimmingCharacters(in: .whitespaces).lowercased().unicodeScalars.prefix(200))
        let address = String((address ?? "?").unicodeScalars.prefix(64))
        return [
            Counter(key: "pair:\(account)|\(address)", limit: perAccountFromAddress, maxDoublings: 4, clearedBySuccess: true),
            Counter(key: "address:\(address)", limit: perAddress, maxDoublings: 4, clearedBySuccess: false),
            // An account's own pause never grows: a crowd of addresses must not keep its owner out for long.
            Counter(key: "account:\(account)", limit: perAccount, maxDoublings: 0, clearedBySuccess: true),
        ]
    }

    /// After counting an attempt: until when the counter pauses, or nil if the attempt may be weighed.
    /// `strikes` is how many pauses the counter has had; each pause doubles, up to `maxDoublings`.
    public func pause(for counter: Counter, attempts: Int, strikes: Int, now: Date) -> Date? {
        guard attempts > counter.limit else { return nil }
        let doublings = min(max(strikes, 0), counter.maxDoublings)
        return now.addingTimeInterval(window * Double(1 << doublings))
    }
}
