/// When a failed job runs again: exponential backoff with a cap, and a dead state after the last try.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double

    public init(maxAttempts: Int = 8, baseDelay: Double = 5, maxDelay: Double = 3600) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    public enum Decision: Equatable, Sendable {
        case retry(afterSeconds: Double)
        case dead
    }

    /// `attempts` counts the tries made so far, including the one that just failed.
    /// `jitter` in 0...1 spreads retries of many jobs that failed together.
    public func decision(afterAttempts attempts: Int, jitter: Double = 0.5) -> Decision {
        guard attempts < maxAttempts else { return .dead }
        let exponential = baseDelay * pow2(attempts - 1)
        let delay = min(maxDelay, exponential) * (0.75 + 0.5 * min(max(jitter, 0), 1))
        return .retry(afterSeconds: delay)
    }

    private func pow2(_ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<max(0, min(exponent, 62)) { value *= 2 }
        return value
    }
}
