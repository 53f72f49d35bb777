import Fluent
import Foundation
import LoaCore
import SQLKit

/// The counters of `LoginThrottle`, kept in `login_throttles` so that every server process shares
/// them. Counting is one `INSERT … ON CONFLICT … RETURNING` per counter: parallel guesses each
/// get their own number, and none is weighed once the limit is passed.
enum SignInThrottle {
    /// Counts one attempt. Returns until when sign-in is paused for this account and address, if
    /// it is (then the password must not be checked); `startedPause` says this attempt began it.
    static func admit(
        account: String, address: String?, rule: LoginThrottle = LoginThrottle(), now: Date = Date(), on db: any Database
    ) async throws -> (pausedUntil: Date?, startedPause: Bool) {
        let sql = db as! any SQLDatabase
        let counters = rule.counters(account: account, address: address)
        let moment = now.timeIntervalSince1970
        struct Pause: Decodable { var paused_until: Double? }
        let pauses = try await sql.select().column("paused_until").from("login_throttles")
            .where("key", .in, counters.map(\.key)).where("paused_until", .greaterThan, moment).all(decoding: Pause.self)
        if let until = pauses.compactMap(\.paused_until).max() {
            return (Date(timeIntervalSince1970: until), false)
        }
        struct Count: Decodable {
            var attempts: Int
            var strikes: Int
            var paused_until: Double?
        }
        struct Key: Decodable { var key: String }
        var latest: Date?
        var started = false
        for counter in counters {
            let windowStart = moment - rule.window
            let count = try await sql.raw(
                """
                INSERT INTO login_throttles (key, attempts, window_started_at, strikes) VALUES (\(bind: counter.key), 1, \(bind: moment), 0)
                ON CONFLICT (key) DO UPDATE SET
                    attempts = CASE WHEN login_throttles.window_started_at <= \(bind: windowStart) THEN 1
                        ELSE login_throttles.attempts + 1 END,
                    window_started_at = CASE WHEN login_throttles.window_started_at <= \(bind: windowStart) THEN \(bind: moment)
                        ELSE login_throttles.window_started_at END
                RETURNING attempts, strikes, paused_until
                """
            ).first(decoding: Count.self)
            guard let count else { continue }
            // A pause that began while this attempt was on its way still holds.
            if let paused = count.paused_until, paused > moment {
                latest = max(latest ?? Date(timeIntervalSince1970: paused), Date(timeIntervalSince1970: paused))
                continue
            }
            guard let until = rule.pause(for: counter, attempts: count.attempts, strikes: count.strikes, now: now) else { continue }
            // Only the attempt that finds no pause in force starts one (and lengthens the next):
            // guesses arriving together do not each double it.
            let began = try await sql.raw(
                """
                UPDATE login_throttles SET paused_until = \(bind: until.timeIntervalSince1970), strikes = strikes + 1
                WHERE key = \(bind: counter.key) AND (paused_until IS NULL OR paused_until <= \(bind: moment)) RETURNING key
                """
            ).first(decoding: Key.self)
            started = started || began != nil
            latest = max(latest ?? until, until)
        }
        return (latest, started)
    }

    /// After a right password: the account's counters start again, and the attempt is taken off
    /// the address's count (a busy office behind one address signs in many times a day).
    static func succeeded(account: String, address: String?, rule: LoginThrottle = LoginThrottle(), on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        let counters = rule.counters(account: account, address: address)
        try await sql.delete(from: "login_throttles").where("key", .in, counters.filter(\.clearedBySuccess).map(\.key)).run()
        for counter in counters where !counter.clearedBySuccess {
            try await sql.update("login_throttles").set(SQLIdentifier("attempts"), to: SQLRaw("attempts - 1"))
                .where("key", .equal, counter.key).where("attempts", .greaterThan, 0).run()
        }
    }

    /// Counters whose window and pause ended long ago; called by the daily clean-up.
    static func prune(before cutoff: Date, on db: any Database) async throws {
        let moment = cutoff.timeIntervalSince1970
        try await (db as! any SQLDatabase).delete(from: "login_throttles").where("window_started_at", .lessThan, moment)
            .where(SQLRaw("(paused_until IS NULL OR paused_until < \(moment))")).run()
    }
}
