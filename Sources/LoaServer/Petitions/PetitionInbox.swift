import Fluent
import Foundation
import LoaCore
import SQLKit

/// The handlers' work list, shared by the console and the API: filtered, limited to the staff
/// member's units, most urgent first.
enum PetitionInbox {
    struct Filter: Sendable, Equatable {
        /// nil: every petition still open.
        var states: [PetitionState]?
        var unit: UUID?
        var topic: String?
        var overdueOnly = false

        init(states: [PetitionState]? = nil, unit: UUID? = nil, topic: String? = nil, overdueOnly: Bool = false) {
            self.states = states
            self.unit = unit
            self.topic = topic
            self.overdueOnly = overdueOnly
        }

        /// From query parameters; an unknown value is a 400 that says what is accepted.
        init(state: String?, unit: String?, topic: String?, overdue: String?) throws {
            if let state, state != "all" {
                guard let parsed = PetitionState(rawValue: state) else {
                    throw APIError.badRequest(
                        "state phải là all hoặc một trong: \(PetitionState.allCases.map(\.rawValue).joined(separator: ", ")).",
                        code: "invalid_state")
                }
                states = [parsed]
            } else if state == "all" {
                states = PetitionState.allCases
            }
            if let unit {
                guard let id = UUID(uuidString: unit) else {
                    throw APIError.badRequest("unit phải là mã đơn vị (UUID).", code: "invalid_unit")
                }
                self.unit = id
            }
            self.topic = topic
            switch overdue {
            case nil, "0", "false": overdueOnly = false
            case "1", "true": overdueOnly = true
            default: throw APIError.badRequest("overdue phải là true hoặc false.", code: "invalid_overdue")
            }
        }
    }

    /// The states that still wait for someone at the agency.
    static let openStates: [PetitionState] = [.received, .accepted, .assigned, .answered]

    static func query(
        _ filter: Filter, for staff: StaffIdentity, now: Date = Date(), on db: any Database
    ) async throws -> QueryBuilder<
        Petition
    > {
        let query = Petition.query(on: db).filter(\.$state ~~ (filter.states ?? openStates))
        if let scope = try await Petitions.scope(of: staff, on: db) { query.filter(\.$unitID ~~ Array(scope)) }
        if let unit = filter.unit {
            let units = try await OrganisationUnit.query(on: db).all()
            query.filter(\.$unitID ~~ Array(UnitTree(units).subtree(of: unit)))
        }
        if let topic = filter.topic { query.filter(\.$topic == topic) }
        if filter.overdueOnly { query.filter(\.$dueAt < now).filter(\.$state ~~ openStates) }
        return query
    }

    static func list(
        _ filter: Filter, for staff: StaffIdentity, now: Date, page: Int, perPage: Int, on db: any Database
    ) async throws -> (items: [Petition], total: Int) {
        let query = try await query(filter, for: staff, now: now, on: db)
        let total = try await query.count()
        // Open petitions by the deadline of their step; finished ones (no deadline) last, newest first.
        let items =
            try await query
            .sort(.custom(SQLRaw("CASE WHEN due_at IS NULL THEN 1 ELSE 0 END")))
            .sort(\.$dueAt).sort(\.$receivedAt, .descending)
            .range(((page - 1) * perPage)..<(page * perPage)).all()
        return (items, total)
    }
}

/// The figures staff and the public see: counts by state, topic and unit, the share answered
/// on time and the median number of working days to an answer.
struct PetitionFigures: Codable, Sendable {
    struct Count: Codable, Sendable {
        var key: String
        var name: String
        var count: Int
    }

    var total: Int
    var byState: [Count]
    var byTopic: [Count]
    var byUnit: [Count]
    var overdue: Int
    /// Of the petitions answered, the share answered by their deadline; null before any answer.
    @Nullable var onTimeShare: Double?
    @Nullable var medianWorkingDaysToAnswer: Double?

    static func compute(on db: any Database, settings: Settings, now: Date = Date()) async throws -> PetitionFigures {
        let petitions = try await Petition.query(on: db).all()
        let topics = Dictionary(try await PortalQueries.topics(on: db).map { ($0.slug, $0.name) }, uniquingKeysWith: { a, _ in a })
        let units = try await OrganisationUnit.query(on: db).all()
        let unitNames = Dictionary(units.compactMap { unit in unit.id.map { ($0, unit.name) } }, uniquingKeysWith: { a, _ in a })

        let byState = PetitionState.allCases.map { state in
            Count(key: state.rawValue, name: state.name, count: petitions.filter { $0.state == state }.count)
        }
        let byTopic = Dictionary(grouping: petitions, by: \.topic).map { key, items in
            Count(key: key, name: topics[key] ?? key, count: items.count)
        }.sorted { ($0.count, $1.key) > ($1.count, $0.key) }
        let byUnit = Dictionary(grouping: petitions.filter { $0.unitID != nil }, by: { $0.unitID! }).map { key, items in
            Count(key: key.uuidString.lowercased(), name: unitNames[key] ?? "?", count: items.count)
        }.sorted { ($0.count, $1.name) > ($1.count, $0.name) }

        var onTime = 0
        var days: [Int] = []
        for petition in petitions {
            guard let answeredAt = petition.answeredAt else { continue }
            if answeredAt <= answerDeadline(receivedAt: petition.receivedAt, settings: settings) { onTime += 1 }
            days.append(settings.workingCalendar.workingDays(from: petition.receivedAt, to: answeredAt))
        }
        return PetitionFigures(
            total: petitions.count, byState: byState, byTopic: byTopic, byUnit: byUnit,
            overdue: petitions.filter { $0.isOverdue(at: now) }.count,
            onTimeShare: days.isEmpty ? nil : Double(onTime) / Double(days.count), medianWorkingDaysToAnswer: median(days))
    }

    /// The deadline for answering: the working days of every step up to the answer, counted
    /// from receipt, as the submitter was promised.
    static func answerDeadline(receivedAt: Date, settings: Settings) -> Date {
        let allowed = [PetitionState.received, .accepted, .assigned].reduce(0) { $0 + (settings.petitionDeadlines.workingDays[$1] ?? 0) }
        return settings.workingCalendar.deadline(adding: allowed, after: receivedAt)
    }

    static func median(_ values: [Int]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[middle]) : Double(sorted[middle - 1] + sorted[middle]) / 2
    }
}
