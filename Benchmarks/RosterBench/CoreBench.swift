import Foundation
import RosterCore
import ScreenKit

/// A realistic screen: 200×60, every user loaded, the first user's credential in the form.
func benchState(_ list: UserList, size: Size = Size(cols: 200, rows: 60)) -> AppState {
    var state = AppState(instance: "acme.looker.com", policy: .readWrite, size: size)
    state.apiUser = "api-admin@acme.com"
    state.list = list
    if let row = list.selectedRow {
        let credential = Credential(userID: row.id, email: row.email, forcedPasswordResetAtNextLogin: false,
                                        isDisabled: row.enabled.map { !$0 }, createdAt: "2024-03-02T10:11:12.000+00:00",
                                        loggedInAt: "2026-11-01T08:00:00.000+00:00", type: "email",
                                        passwordResetURL: "https://acme.looker.com/password/reset/abcdef0123456789",
                                        passwordResetURLExpired: false, accountSetupURL: nil, accountSetupURLExpired: nil,
                                        url: "https://acme.looker.com/api/4.0/users/\(row.id)/credentials_email",
                                        userURL: "https://acme.looker.com/api/4.0/users/\(row.id)",
                                        can: ["show_password_reset_url": true])
        state.detail = .form(CredentialForm(userID: row.id, credential: credential))
    }
    return state
}

/// Keystrokes a person types into the filter: words typed and erased, a miss, a narrowing email domain.
let filterScript: [[Key]] = {
    func typed(_ word: String) -> [Key] { word.map { Key.char($0) } + Array(repeating: .backspace, count: word.count) }
    return [typed("and"), typed("smith"), typed("maria"), typed("jo"), typed("xyz"), typed("@acme"), typed("e")]
}()

/// (b) Filter latency: each keystroke through the reducer (setFilter, scroll, selection) and
/// `UserList.setFilter` alone.
func filterBench(_ list: UserList, runs: Int) -> [Figure] {
    var state = benchState(list)
    state.focus = .filter
    var keystroke = Samples(), keystrokeCPU = Samples()
    // By kind: the first letter scans every user, later letters narrow, backspace widens again.
    var kinds: [String: Samples] = [:]
    for _ in 0..<runs {
        for word in filterScript {
            for key in word {
                let before = state.list.filter
                let (ms, cpu) = timeWallAndCPU { _ = reduce(&state, .key(key)) }
                keystroke.add(ms)
                keystrokeCPU.add(cpu)
                let kind = key == .backspace ? "backspace" : before.isEmpty ? "first letter" : "next letter"
                kinds[kind, default: Samples()].add(ms)
            }
        }
    }
    var bare = list
    var setFilter = Samples()
    for _ in 0..<runs {
        for word in filterScript {
            var text = ""
            for key in word {
                if case .char(let c) = key { text.append(c) } else { text.removeLast() }
                setFilter.add(timeMs { bare.setFilter(text) })
            }
        }
    }
    let keys = filterScript.map(\.count).reduce(0, +)
    return [
        Figure("filter keystroke (reducer), \(keystroke.count) keys over \(list.count.formatted) users",
               "p50 \(fmt(keystroke.median)) ms, p99 \(fmt(keystroke.p99)) ms, max \(fmt(keystroke.max)) ms",
               target: "p99 ≤ 5 ms", met: keystroke.p99 <= 5),
        Figure("  the same in thread CPU time (without preemption)",
               "p50 \(fmt(keystrokeCPU.median)) ms, p99 \(fmt(keystrokeCPU.p99)) ms, max \(fmt(keystrokeCPU.max)) ms"),
        Figure("  by kind: first letter / next letter / backspace",
               ["first letter", "next letter", "backspace"].map { kind in
                   let k = kinds[kind] ?? Samples()
                   return "p50 \(fmt(k.median)) p99 \(fmt(k.p99))"
               }.joined(separator: " / ") + " ms"),
        Figure("UserList.setFilter alone (\(runs)×\(keys) keys)",
               "p50 \(fmt(setFilter.median)) ms, p99 \(fmt(setFilter.p99)) ms"),
    ]
}

/// Filters with qualifiers, typed a character at a time and erased again: the partly typed states
/// in between ("is:", "last-login:<9") do not parse and must cost nothing.
let qualifierQueries = [
    "is:enabled domain:acme.com -last-login:<90d",
    "dup:email",
    "login:saml no:email",
    "smith is:enabled has:email",
    "-is:disabled forced-reset -never-logged-in ann",
    "last-login:>2026-01-01 -domain:acme.com",
    // Roles and groups (resolved against `sandboxCatalog`), sessions and API keys.
    "role:admin",
    "role:\"sales explorer\" is:enabled",
    "role:support-analyst -has:session",
    "group:engineering",
    "-group:sales has:email",
    "has:api-key",
    "has:session role:4",
    "no:session no:api-key group:okta-analysts",
]

/// The sandbox's roles and groups (its `Directory`): roles 2–8, groups 1–9, with Data Platform (3)
/// inside Engineering (2), Sales EMEA (5) inside Sales (4), Okta Contractors (9) inside Okta Analysts (8).
let sandboxCatalog = AccessCatalog(
    roles: [("2", "Admin"), ("3", "Developer"), ("4", "User"), ("5", "Viewer"), ("6", "Support Analyst"),
            ("7", "Sales Explorer"), ("8", "Finance Viewer")].map { AccessCatalog.Role(id: $0.0, name: $0.1) },
    groups: [
        AccessCatalog.Group(id: "1", name: "All Users"),
        AccessCatalog.Group(id: "2", name: "Engineering", roleIDs: ["3"]),
        AccessCatalog.Group(id: "3", name: "Data Platform", parentIDs: ["2"], roleIDs: ["6"]),
        AccessCatalog.Group(id: "4", name: "Sales", roleIDs: ["7"]),
        AccessCatalog.Group(id: "5", name: "Sales EMEA", parentIDs: ["4"]),
        AccessCatalog.Group(id: "6", name: "Marketing", roleIDs: ["7"]),
        AccessCatalog.Group(id: "7", name: "Finance", roleIDs: ["8"]),
        AccessCatalog.Group(id: "8", name: "Okta Analysts", roleIDs: ["4"], externallyManaged: true),
        AccessCatalog.Group(id: "9", name: "Okta Contractors", parentIDs: ["8"], roleIDs: ["5"], externallyManaged: true),
    ],
    attributes: [])

/// (b2) Keystrokes of qualifier queries through the reducer, per query and overall.
func qualifierBench(_ list: UserList, runs: Int) -> [Figure] {
    var state = benchState(list)
    _ = reduce(&state, .clockRead(epochSeconds: Int64(Date().timeIntervalSince1970)))
    _ = reduce(&state, .access(.catalogLoaded(sandboxCatalog)))
    state.focus = .filter
    var all = Samples(), allCPU = Samples()
    var figures: [Figure] = []
    for query in qualifierQueries {
        var samples = Samples(), cpu = Samples()
        var matches = 0
        for _ in 0..<runs {
            for key in query.map({ Key.char($0) }) + Array(repeating: Key.backspace, count: query.count) {
                let (ms, cpuMs) = timeWallAndCPU { _ = reduce(&state, .key(key)) }
                samples.add(ms)
                cpu.add(cpuMs)
                all.add(ms)
                allCPU.add(cpuMs)
                if state.list.filter == query { matches = state.list.visible.count }
            }
        }
        figures.append(Figure("  \"\(query)\" (\(matches.formatted) match)",
                              "p50 \(fmt(samples.median)) ms, p99 \(fmt(samples.p99)) ms, max \(fmt(samples.max)) ms; "
                                + "CPU p99 \(fmt(cpu.p99)) ms, max \(fmt(cpu.max)) ms"))
    }
    return [Figure("qualifier keystroke (reducer), \(all.count) keys over \(list.count.formatted) users",
                   "p50 \(fmt(all.median)) ms, p99 \(fmt(all.p99)) ms, max \(fmt(all.max)) ms",
                   target: "p99 ≤ 5 ms", met: all.p99 <= 5),
            Figure("  the same in thread CPU time (without preemption)",
                   "p50 \(fmt(allCPU.median)) ms, p99 \(fmt(allCPU.p99)) ms, max \(fmt(allCPU.max)) ms")] + figures
}

/// (c) One frame at 200×60: render the state, diff against the previous frame. Each iteration moves
/// the selection one row, as holding ↓ does, so every diff has work to do.
func renderBench(_ list: UserList, runs: Int) -> [Figure] {
    var state = benchState(list)
    let height = Layout(state.size).listRows
    var previous = render(state).grid
    var renderTimes = Samples(), diffTimes = Samples(), both = Samples()
    var runCount = 0
    let frames = max(200, runs * 100)
    for i in 0..<frames {
        state.list.move(by: i % 200 < 100 ? 1 : -1)
        state.list.scrollToSelection(height: height)
        var frame: Frame?
        let r = timeMs { frame = render(state) }
        var runs: [Run] = []
        let d = timeMs { runs = frame!.grid.diff(from: previous) }
        runCount += runs.count
        renderTimes.add(r)
        diffTimes.add(d)
        both.add(r + d)
        previous = frame!.grid
    }
    return [
        Figure("render 200×60 (\(frames) frames)", "median \(fmt(renderTimes.median)) ms, p99 \(fmt(renderTimes.p99)) ms"),
        Figure("diff 200×60", "median \(fmt(diffTimes.median)) ms, p99 \(fmt(diffTimes.p99)) ms"),
        Figure("render + diff 200×60", "median \(fmt(both.median)) ms, p99 \(fmt(both.p99)) ms",
               target: "≤ 2 ms", met: both.median <= 2),
    ]
}

extension Int {
    var formatted: String { group(String(self)) }
}
