import Fluent
import Foundation
import LoaCore
import SQLKit
import Testing
import VaporTesting

@testable import LoaServer

/// What a `kill -9` leaves behind, replayed without killing anything: a notice or a reply marked
/// as leaving but never recorded, and a job claimed by a process that no longer exists. The crash
/// test (`scripts/crash-test.sh`) does the same with real kills.
@Suite struct CrashRecoveryTests {
    /// The notice was handed to sendmail and the process died: it may have gone out, so the next
    /// run records it as interrupted instead of sending a second copy.
    @Test func aNoticeCaughtMidSendIsNotSentTwice() async throws {
        let mail = try MailFolder()
        defer { mail.remove() }
        try await withLoa(configure: { $0.sendmailCommand = mail.command }) { app in
            _ = try await app.submitPetition()
            let notice = try #require(try await PetitionNotification.query(on: app.db).first())
            notice.outcome = .sending  // as the job leaves it just before sendmail runs
            try await notice.save(on: app.db)
            #expect(try await JobQueue.drain(app: app) == 1)
            let sent = try mail.messages()
            #expect(sent.isEmpty)
            #expect(try await PetitionNotification.find(notice.id, on: app.db)?.outcome == .interrupted)

            // A notice that failed before leaving is retried and sent once.
            _ = try await app.submitPetition(address: "203.0.113.9")
            #expect(try await JobQueue.drain(app: app) == 1)
            #expect(try mail.messages().count == 1)
        }
    }

    /// The reply to an event began and the process died before the event was marked processed:
    /// the retried job does not answer again.
    @Test func aReplyCaughtMidSendIsNotSentTwice() async throws {
        try await withZalo { app, zalo, webhook in
            let user = "8400000000000000777"
            try await zalo.follow(user, webhook: webhook, app: app)
            let welcomed = zalo.state.withLock { $0.messages.filter { $0.userID == user }.count }
            #expect(welcomed == 1)
            let status = try await zalo.deliver(
                zalo.event("user_send_text", userID: user, text: "menu"), to: webhook, client: app.http.client.shared)
            #expect(status == .ok)
            let stored = try #require(try await ZaloInboundEvent.query(on: app.db).filter(\.$processedAt == nil).first())
            stored.replyStartedAt = Date()
            try await stored.save(on: app.db)
            try await JobQueue.drain(app: app)
            #expect(zalo.state.withLock { $0.messages.filter { $0.userID == user }.count } == welcomed)
            #expect(try await ZaloInboundEvent.find(stored.id, on: app.db)?.processedAt != nil)

            // Without the mark, the same message gets its one reply, and the mark is left behind.
            let replies = try await zalo.say("menu", from: user, to: webhook, app: app)
            #expect(replies.count == 1)
            let second = try #require(try await ZaloInboundEvent.query(on: app.db).sort(\.$receivedAt, .descending).first())
            #expect(second.replyStartedAt != nil && second.processedAt != nil)
        }
    }

    /// Jobs claimed by a worker process of this machine that has died are queued again at once;
    /// those of live processes and of other machines keep their lease.
    @Test func leasesOfDeadWorkersOnThisMachineAreReleased() async throws {
        try await withLoa { app in
            let host = ProcessInfo.processInfo.hostName
            let me = ProcessInfo.processInfo.processIdentifier
            let holders = ["\(host):4194301:0", "\(host):\(me):1", "other-machine:4194301:0"]
            for holder in holders {
                try await JobQueue.enqueue(ProcessZaloEvent.self, .init(eventIDs: []), idempotencyKey: holder, on: app.db)
                let job = try #require(try await Job.query(on: app.db).filter(\.$idempotencyKey == holder).first())
                job.state = .running
                job.attempts = 1
                job.lockedBy = holder
                job.lockedUntil = Date().addingTimeInterval(300)
                try await job.save(on: app.db)
            }
            #expect(try await JobQueue.releaseLeasesOfDeadProcesses(host: host, on: app.db) == 1)
            let states = try await Job.query(on: app.db).all().reduce(into: [String: Job.State]()) {
                $0[$1.idempotencyKey ?? ""] = $1.state
            }
            #expect(states[holders[0]] == .queued)
            #expect(states[holders[1]] == .running)
            #expect(states[holders[2]] == .running)
        }
    }
}
