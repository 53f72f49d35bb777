import Foundation
import Synchronization
import Vapor

/// Counters and histograms for `/metrics`, in Prometheus' text format. Kept in process memory:
/// each `loa serve` process reports its own, as Prometheus expects when it scrapes every instance.
final class Metrics: Sendable {
    static let latencyBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    private struct Histogram {
        var buckets = [Int](repeating: 0, count: Metrics.latencyBuckets.count)
        var count = 0
        var sum = 0.0

        mutating func observe(_ seconds: Double) {
            count += 1
            sum += seconds
            if let index = Metrics.latencyBuckets.firstIndex(where: { seconds <= $0 }) { buckets[index] += 1 }
        }

        mutating func merge(_ other: Histogram) {
            count += other.count
            sum += other.sum
            for index in buckets.indices { buckets[index] += other.buckets[index] }
        }
    }

    private struct JobKey: Hashable {
        var kind: String
        var outcome: String
    }

    /// Requests are counted per route object, so the hot path hashes a pointer rather than
    /// building and hashing the route's label; the label is made once, when a route is first seen.
    private enum RouteKey: Hashable {
        case route(ObjectIdentifier)
        case unmatched(String)
    }

    private struct RouteStats {
        var method: String
        var label: String
        var statuses: [(status: Int, count: Int)] = []
        var latency = Histogram()
    }

    private struct State {
        var routeIndex: [RouteKey: Int] = [:]
        var routes: [RouteStats] = []
        var jobs: [JobKey: Int] = [:]
        var jobLatency: [String: Histogram] = [:]
        var jobWait: [String: Histogram] = [:]
        var zaloEvents: [String: Int] = [:]
        var zaloMessages: [String: Int] = [:]
        var refusals: [String: Int] = [:]
        var lastDatabaseBusy: ContinuousClock.Instant?
    }

    private let state = Mutex(State())
    private let pageCacheHits = Atomic<Int>(0)
    private let pageCacheMisses = Atomic<Int>(0)

    func recordRequest(route: Route?, method: HTTPMethod, status: Int, duration: Duration) {
        let seconds = duration.seconds
        let key = route.map { RouteKey.route(ObjectIdentifier($0)) } ?? .unmatched(method.rawValue)
        state.withLock { state in
            let index: Int
            if let known = state.routeIndex[key] {
                index = known
            } else {
                let label = route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
                index = state.routes.count
                state.routes.append(RouteStats(method: route?.method.rawValue ?? method.rawValue, label: label))
                state.routeIndex[key] = index
            }
            if let position = state.routes[index].statuses.firstIndex(where: { $0.status == status }) {
                state.routes[index].statuses[position].count += 1
            } else {
                state.routes[index].statuses.append((status, 1))
            }
            state.routes[index].latency.observe(seconds)
        }
    }

    func recordJob(kind: String, outcome: String, duration: Duration) {
        let seconds = duration.seconds
        state.withLock { state in
            state.jobs[JobKey(kind: kind, outcome: outcome), default: 0] += 1
            state.jobLatency[kind, default: Histogram()].observe(seconds)
        }
    }

    /// How long a job waited past its due time before a worker took it: the queue's latency.
    func recordJobWait(kind: String, seconds: Double) {
        state.withLock { $0.jobWait[kind, default: Histogram()].observe(max(0, seconds)) }
    }

    /// Webhook events by name; resends Zalo made because it missed our answer are counted apart.
    func recordZaloEvent(_ name: String, duplicate: Bool) {
        let key = duplicate ? "duplicate" : String(name.prefix(40))
        state.withLock { $0.zaloEvents[key, default: 0] += 1 }
    }

    /// Messages to followers by outcome (sent, sandbox, failed, outside_window, unfollowed).
    func recordZaloMessage(_ outcome: String) {
        state.withLock { $0.zaloMessages[outcome, default: 0] += 1 }
    }

    /// Requests Loa turned away to protect itself: paused sign-ins, a busy database, too many
    /// connections from one address, a full disk.
    func recordRefusal(_ reason: String) {
        state.withLock {
            $0.refusals[reason, default: 0] += 1
            if reason == "database_busy" { $0.lastDatabaseBusy = .now }
        }
    }

    /// Whether the database turned a request away as busy within `window`: the health check says so.
    func databaseBusy(within window: Duration) -> Bool {
        state.withLock { state in state.lastDatabaseBusy.map { $0.duration(to: .now) < window } ?? false }
    }

    func recordPageCache(hit: Bool) {
        if hit {
            pageCacheHits.wrappingAdd(1, ordering: .relaxed)
        } else {
            pageCacheMisses.wrappingAdd(1, ordering: .relaxed)
        }
    }

    /// The text exposition; `extra` holds gauges read at scrape time (database, queue depth).
    func render(extra: String) -> String {
        let snapshot = state.withLock { $0 }
        var out = ""
        out += "# HELP loa_http_requests_total HTTP requests by method, route and status.\n"
        out += "# TYPE loa_http_requests_total counter\n"
        // Two routes may share a label (GET and HEAD, say); their samples are summed under it.
        var requests: [String: [Int: Int]] = [:]
        var latency: [String: Histogram] = [:]
        var methods: [String: String] = [:]
        for route in snapshot.routes {
            let key = route.method + " " + route.label
            methods[key] = route.method
            for (status, count) in route.statuses { requests[key, default: [:]][status, default: 0] += count }
            latency[route.label, default: Histogram()].merge(route.latency)
        }
        for key in requests.keys.sorted() {
            let label = String(key.drop(while: { $0 != " " }).dropFirst())
            for (status, count) in requests[key]!.sorted(by: { $0.key < $1.key }) {
                out += "loa_http_requests_total{method=\"\(methods[key]!)\",route=\"\(escape(label))\",status=\"\(status)\"} \(count)\n"
            }
        }
        out += histogram("loa_http_request_duration_seconds", "Time to answer a request, by route.", label: "route", latency)
        out += "# HELP loa_jobs_processed_total Jobs run by kind and outcome.\n# TYPE loa_jobs_processed_total counter\n"
        for (key, value) in snapshot.jobs.sorted(by: { ($0.key.kind, $0.key.outcome) < ($1.key.kind, $1.key.outcome) }) {
            out += "loa_jobs_processed_total{kind=\"\(escape(key.kind))\",outcome=\"\(key.outcome)\"} \(value)\n"
        }
        out += histogram("loa_job_duration_seconds", "Time to run a job, by kind.", label: "kind", snapshot.jobLatency)
        out += histogram(
            "loa_job_wait_seconds", "Time from a job being due to a worker taking it, by kind.", label: "kind", snapshot.jobWait)
        out += "# HELP loa_zalo_events_total Zalo webhook events stored, by event name (resends as duplicate).\n"
        out += "# TYPE loa_zalo_events_total counter\n"
        for (name, count) in snapshot.zaloEvents.sorted(by: { $0.key < $1.key }) {
            out += "loa_zalo_events_total{event=\"\(escape(name))\"} \(count)\n"
        }
        out += "# HELP loa_zalo_messages_total Messages to Zalo followers, by outcome.\n# TYPE loa_zalo_messages_total counter\n"
        for (outcome, count) in snapshot.zaloMessages.sorted(by: { $0.key < $1.key }) {
            out += "loa_zalo_messages_total{outcome=\"\(escape(outcome))\"} \(count)\n"
        }
        out += "# HELP loa_refused_total Requests turned away to protect the service, by reason.\n# TYPE loa_refused_total counter\n"
        for (reason, count) in snapshot.refusals.sorted(by: { $0.key < $1.key }) {
            out += "loa_refused_total{reason=\"\(escape(reason))\"} \(count)\n"
        }
        out += "# HELP loa_page_cache_requests_total Public pages answered from the rendered-page cache or rendered.\n"
        out += "# TYPE loa_page_cache_requests_total counter\n"
        out += "loa_page_cache_requests_total{result=\"hit\"} \(pageCacheHits.load(ordering: .relaxed))\n"
        out += "loa_page_cache_requests_total{result=\"miss\"} \(pageCacheMisses.load(ordering: .relaxed))\n"
        return out + extra
    }

    private func histogram(_ name: String, _ help: String, label: String, _ values: [String: Histogram]) -> String {
        var out = "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
        for (key, histogram) in values.sorted(by: { $0.key < $1.key }) {
            var cumulative = 0
            for (index, bound) in Self.latencyBuckets.enumerated() {
                cumulative += histogram.buckets[index]
                out += "\(name)_bucket{\(label)=\"\(escape(key))\",le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "\(name)_bucket{\(label)=\"\(escape(key))\",le=\"+Inf\"} \(histogram.count)\n"
            out += "\(name)_sum{\(label)=\"\(escape(key))\"} \(histogram.sum)\n"
            out += "\(name)_count{\(label)=\"\(escape(key))\"} \(histogram.count)\n"
        }
        return out
    }

    private func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// Counts every request by its route pattern (not its path, which would make unbounded labels).
///
/// The middlewares on every request's path (this one, the security headers, the error responder
/// and the page cache) are written against Vapor's future-based `Middleware` rather than
/// `AsyncMiddleware`: each async middleware moves the request onto a Swift task and back, and those
/// hops cost more than serving a cached page does. Each uses a single `map`/`always`, no chains.
struct MetricsMiddleware: Middleware {
    let metrics: Metrics

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let started = ContinuousClock.now
        return next.respond(to: request).always { result in
            let status: Int
            switch result {
            case .success(let response): status = Int(response.status.code)
            case .failure(let error): status = Int((error as? any AbortError)?.status.code ?? 500)
            }
            metrics.recordRequest(route: request.route, method: request.method, status: status, duration: started.duration(to: .now))
        }
    }
}
