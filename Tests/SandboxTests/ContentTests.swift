import Foundation
@testable import Sandbox
import Testing

@Suite("Owned content: schedules, alerts, folders, dashboards, looks")
struct ContentTests {
    private static func seeded(users: Int, seed: UInt64) -> (users: [SandboxUser], content: ContentStore) {
        let now = Int64(BulkSeedTests.pinnedNow.timeIntervalSince1970)
        var factory = UserFactory(seed: seed, clientID: "id", now: now)
        let users = factory.makeUsers(count: users, hostile: false)
        var content = ContentFactory(seed: seed, now: now)
        return (users, content.make(users: users))
    }

    @Test("ownership is the same for a seed, differs for another, and the first users own the same whatever the count")
    func determinism() {
        let a = Self.seeded(users: 2_000, seed: 7)
        let b = Self.seeded(users: 2_000, seed: 7)
        let c = Self.seeded(users: 2_000, seed: 8)
        let small = Self.seeded(users: 300, seed: 7)
        #expect(a.content.schedules == b.content.schedules)
        #expect(a.content.alerts == b.content.alerts)
        #expect(a.content.dashboards == b.content.dashboards && a.content.looks == b.content.looks)
        #expect(a.content.folders == b.content.folders)
        #expect(a.content.schedules != c.content.schedules)
        #expect(Array(a.content.schedules.prefix(small.content.schedules.count)) == small.content.schedules)
        #expect(Array(a.content.dashboards.prefix(small.content.dashboards.count)) == small.content.dashboards)
        #expect(Array(a.content.alerts.prefix(small.content.alerts.count)) == small.content.alerts)
    }

    @Test("seeding content draws nothing from the user streams: the first users are who they always were")
    func usersUnchanged() {
        let (users, _) = Self.seeded(users: 6, seed: 1)
        #expect(users.map { "\($0.firstName ?? "-") \($0.lastName ?? "-") \($0.email ?? "-")" } == Self.firstUsersOfSeed1)
    }

    /// The first six users of seed 1, as the seed drew them before owned content existed.
    static let firstUsersOfSeed1 = [
        "API Admin api-admin@acme.com", "Ethan Brown ethan.brown@acme.com", "Étienne D'Arcy etienne.darcy@corp.example.com",
        "Vikram Sharma vikram.sharma@acme.com", "Дмитрий Иванов dmitry@acme.co.uk", "نور Al-Sayed nour.alsayed@acme.com",
    ]

    @Test("about one user in eight owns something; the admin owns two plans and two alerts; every plan has 1–3 destinations")
    func shares() {
        let (users, content) = Self.seeded(users: 2_000, seed: 1)
        let owners = Set(content.dashboards.map(\.userID))
        #expect((160...320).contains(owners.count), "\(owners.count) owners")
        #expect(content.schedules.filter { $0.userID == "1" }.count == 2)
        #expect(content.alerts.filter { $0.ownerID == "1" }.count == 2)
        #expect(content.schedules.allSatisfy { (1...3).contains($0.destinations.count) && ($0.lookID == nil) != ($0.dashboardID == nil) })
        #expect(content.schedules.contains { !$0.enabled } && content.schedules.contains(where: \.enabled))
        #expect(content.schedules.contains { $0.destinations.contains { $0.type == "webhook" } })
        #expect(content.folders.contains { $0.parentID.flatMap(ContentStore.personalFolderOwner) != nil })
        #expect(Set(content.schedules.map(\.userID)).isSubset(of: Set(users.map(\.idString))))
        let destinationIDs = content.schedules.flatMap(\.destinations).map(\.id)
        #expect(Set(destinationIDs).count == destinationIDs.count)
    }

    @Test("100,000 users' content seeds in a fraction of the time the users take")
    func seedTime() {
        let clock = ContinuousClock()
        let now = Int64(BulkSeedTests.pinnedNow.timeIntervalSince1970)
        let start = clock.now
        var users = UserFactory(seed: 1, clientID: "id", now: now)
        let seeded = users.makeUsers(count: 100_000, hostile: false)
        let usersDone = clock.now
        var factory = ContentFactory(seed: 1, now: now)
        let content = factory.make(users: seeded)
        let contentDone = clock.now
        print("seeded 100,000 users in \(usersDone - start); their content (\(content.schedules.count) plans, \(content.alerts.count) alerts, "
              + "\(content.dashboards.count) dashboards, \(content.looks.count) looks, \(content.folders.count) folders) in \(contentDone - usersDone)")
        #expect(content.schedules.count > 5_000)
        #expect(contentDone - usersDone < (usersDone - start) / 2, "content adds less than half the users' seeding time")
    }

    @Test("schedules: the caller's by default, a user's with user_id, every one with all_users; fields narrows")
    func scheduleListing() async throws {
        try await Harness.run { h in
            try await h.login()
            let mine = try #require(try await h.get("/scheduled_plans").json().array)
            #expect(mine.count == 2 && mine.allSatisfy { $0["user_id"] == .string("1") })
            let all = try #require(try await h.get("/scheduled_plans", "all_users=true").json().array)
            #expect(all.count > mine.count)
            let other = try #require(all.first { $0["user_id"] != .string("1") }?["user_id"]?.string)
            let theirs = try #require(try await h.get("/scheduled_plans", "user_id=\(other)&all_users=true").json().array)
            #expect(!theirs.isEmpty && theirs.allSatisfy { $0["user_id"] == .string(other) })
            let searched = try #require(try await h.get("/scheduled_plans/search", "user_id=\(other)").json().array)
            #expect(searched == theirs)
            let narrow = try #require(try await h.get("/scheduled_plans", "fields=id,name,scheduled_plan_destination(type)").json().array)
            #expect(narrow.allSatisfy { $0.keys == ["id", "name", "scheduled_plan_destination"] })
            #expect(narrow.allSatisfy { ($0["scheduled_plan_destination"]?.array ?? []).allSatisfy { $0.keys == ["type"] } })
            #expect(try await h.get("/scheduled_plans", "all_users=maybe").status == 400)
            let id = try #require(mine.first?["id"]?.string)
            #expect(try await h.get("/scheduled_plans/\(id)").json() == mine.first)
            #expect(try await h.get("/scheduled_plans/424242").status == 404)
            let full = try await h.get("/scheduled_plans/\(id)").json()
            #expect(full["scheduled_plan_destination"]?.array?.allSatisfy { $0["secret_parameters"] == nil } == true)
        }
    }

    @Test("a plan's owner changes alone; naming destinations replaces them all; an unknown owner is 422 user_id")
    func schedulePatch() async throws {
        try await Harness.run { h in
            try await h.login()
            let plan = try #require(try await h.get("/scheduled_plans").json().array?.first)
            let id = try #require(plan["id"]?.string)
            let path = "/scheduled_plans/\(id)"
            let moved = try await h.send("PATCH", path, body: #"{"user_id":"3"}"#)
            #expect(moved.status == 200)
            #expect(try moved.json()["user_id"] == .string("3"))
            #expect(try moved.json()["scheduled_plan_destination"] == plan["scheduled_plan_destination"])

            let unknown = try await h.send("PATCH", path, body: #"{"user_id":"987654"}"#)
            #expect(unknown.status == 422)
            #expect(try unknown.json()["errors"]?[0]?["field"] == .string("user_id"))
            #expect(try await h.get(path).json()["user_id"] == .string("3"), "nothing changed")

            let replaced = try await h.send("PATCH", path, body: #"{"scheduled_plan_destination":[{"type":"email","address":"new@acme.com","format":"csv"}]}"#)
            #expect(replaced.status == 200)
            let destinations = try #require(try replaced.json()["scheduled_plan_destination"]?.array)
            #expect(destinations.map { $0["address"] } == [.string("new@acme.com")], "every earlier destination is gone")
            let emptied = try await h.send("PATCH", path, body: #"{"scheduled_plan_destination":[]}"#)
            #expect(emptied.status == 422)
            #expect(try emptied.json()["errors"]?[0]?["field"] == .string("scheduled_plan_destination"))
            #expect(try await h.send("PATCH", "/scheduled_plans/424242", body: #"{"user_id":"3"}"#).status == 404)
        }
    }

    @Test("alerts: the caller's by default, everyone's with all_owners, paged by limit and offset; owner_id changes alone")
    func alerts() async throws {
        try await Harness.run { h in
            try await h.login()
            let mine = try #require(try await h.get("/alerts/search").json().array)
            #expect(mine.count == 2 && mine.allSatisfy { $0["owner_id"] == .string("1") })
            let all = try #require(try await h.get("/alerts/search", "all_owners=true").json().array)
            #expect(all.count > 4)
            let page = try #require(try await h.get("/alerts/search", "all_owners=true&limit=2&offset=1").json().array)
            #expect(page == Array(all[1..<3]))
            let narrow = try #require(try await h.get("/alerts/search", "all_owners=true&fields=id,owner_id").json().array)
            #expect(narrow.allSatisfy { $0.keys == ["id", "owner_id"] })
            #expect(try await h.get("/alerts/search", "limit=-1").status == 400)

            let id = try #require(mine.first?["id"]?.string)
            #expect(try await h.get("/alerts/\(id)").json() == mine.first)
            let changed = try await h.send("PATCH", "/alerts/\(id)", body: #"{"owner_id":"4"}"#)
            #expect(changed.status == 200)
            #expect(try changed.json()["owner_id"] == .string("4"))
            #expect(try changed.json()["threshold"] == mine.first?["threshold"])
            let unknown = try await h.send("PATCH", "/alerts/\(id)", body: #"{"owner_id":"987654"}"#)
            #expect(unknown.status == 422)
            #expect(try unknown.json()["errors"]?[0]?["field"] == .string("owner_id"))
            #expect(try await h.send("PATCH", "/alerts/424242", body: #"{"owner_id":"4"}"#).status == 404)
            #expect(try await h.get("/alerts/424242").status == 404)
        }
    }

    @Test("folders: a personal folder under the users root, its sub-folders, dashboards and looks; moves check the folder")
    func folders() async throws {
        try await Harness.run { h in
            try await h.login()
            let personal = try await h.get("/folders/1001").json()
            #expect(personal["is_personal"] == .bool(true))
            #expect(personal["parent_id"] == .string("2"))
            #expect(personal["name"] == .string("API Admin"))
            #expect(try await h.get("/folders/2").json()["is_users_root"] == .bool(true))
            #expect(try await h.get("/folders/1005").json()["is_personal"] == .bool(true), "every user has one")
            #expect(try await h.get("/folders/\(1_000 + 201)").status == 404, "no user 201")
            let children = try #require(try await h.get("/folders/1001/children").json().array)
            #expect(children.count == 1)
            #expect(children.allSatisfy { $0["is_personal_descendant"] == .bool(true) && $0["parent_id"] == .string("1001") })
            let roots = try #require(try await h.get("/folders/2/children", "limit=3&fields=id").json().array)
            #expect(roots.map { $0["id"] } == [.string("1001"), .string("1002"), .string("1003")])
            #expect(roots.allSatisfy { $0.keys == ["id"] })
            let dashboards = try #require(try await h.get("/folders/1001/dashboards", "fields=id,title,user_id,folder_id").json().array)
            let shared = try #require(try await h.get("/folders/1/looks").json().array)
            #expect(!shared.isEmpty)
            #expect(dashboards.allSatisfy { $0.keys == ["id", "title", "user_id", "folder_id"] && $0["folder_id"] == .string("1001") })

            let dashboard = try #require(try await h.get("/dashboards/1").json()["id"]?.string)
            let moved = try await h.send("PATCH", "/dashboards/\(dashboard)", body: #"{"folder_id":"1002"}"#)
            #expect(moved.status == 200)
            #expect(try moved.json()["folder_id"] == .string("1002"))
            #expect(try await h.get("/folders/1002/dashboards").json().array?.contains { $0["id"] == .string(dashboard) } == true)
            let nowhere = try await h.send("PATCH", "/dashboards/\(dashboard)", body: #"{"folder_id":"987654"}"#)
            #expect(nowhere.status == 422)
            #expect(try nowhere.json()["errors"]?[0]?["field"] == .string("folder_id"))
            let look = try #require(shared.first?["id"]?.string)
            #expect(try await h.send("PATCH", "/looks/\(look)", body: #"{"folder_id":"1003"}"#).status == 200)
            #expect(try await h.get("/looks/\(look)").json()["folder_id"] == .string("1003"))
            #expect(try await h.send("PATCH", "/looks/\(look)", body: #"{"folder_id":"987654"}"#).status == 422)
            #expect(try await h.get("/looks/424242").status == 404)
            #expect(try await h.get("/dashboards/424242").status == 404)
            #expect(try await h.get("/folders/424242/children").status == 404)
        }
    }

    @Test("every answer conforms to its schema: ScheduledPlan, Alert, Folder, Dashboard, LookWithQuery")
    func conformance() async throws {
        let book = try SchemaBook.load()
        try await Harness.run { h in
            try await h.login()
            let checks: [(String, String?, String)] = [
                ("/scheduled_plans", "all_users=true", "ScheduledPlan"), ("/alerts/search", "all_owners=true", "Alert"),
                ("/folders/1001/children", nil, "Folder"), ("/folders/2/children", "limit=5", "Folder"),
                ("/folders/1001/dashboards", nil, "Dashboard"), ("/folders/1/looks", nil, "LookWithQuery"),
            ]
            for (path, query, schema) in checks {
                let items = try #require(try await h.get(path, query).json().array, "\(path)")
                #expect(!items.isEmpty, "\(path)")
                for item in items { #expect(book.problems(item, against: schema) == [], "\(path)") }
            }
            for (path, schema) in [("/folders/1001", "Folder"), ("/folders/1", "Folder"), ("/dashboards/1", "Dashboard"), ("/looks/1", "LookWithQuery"),
                                   ("/scheduled_plans/1", "ScheduledPlan"), ("/alerts/1", "Alert")] {
                #expect(book.problems(try await h.get(path).json(), against: schema) == [], "\(path)")
            }
        }
    }

    @Test("at 100,000 users the users root pages by limit and offset, and whole listings stay quick")
    func scale() async throws {
        try await Harness.run({ $0.users = 100_000 }) { h in
            try await h.login()
            let clock = ContinuousClock()
            let start = clock.now
            let page = try #require(try await h.get("/folders/2/children", "limit=1000&offset=50000&fields=id,child_count").json().array)
            #expect(page.count == 1_000)
            #expect(page.first?["id"] == .string("51001"))
            let plans = try #require(try await h.get("/scheduled_plans", "all_users=true&fields=id").json().array)
            #expect(plans.count > 5_000)
            let alerts = try #require(try await h.get("/alerts/search", "all_owners=true&limit=1000&offset=5000").json().array)
            #expect(alerts.count == 1_000)
            let elapsed = clock.now - start
            print("users root page, every plan and an alert page at 100k users: \(elapsed)")
            #expect(elapsed < .seconds(10), "generous for a debug build on a busy machine")
        }
    }

    @Test("the new endpoint limits cover their routes")
    func endpointLimits() async throws {
        for (target, path) in [(EndpointLimit.Target.scheduledPlans, "/scheduled_plans"), (.alerts, "/alerts/search"),
                               (.folders, "/folders/1001"), (.dashboards, "/dashboards/1"), (.looks, "/looks/1")] {
            try await Harness.run({ $0.endpointLimits = [EndpointLimit(target, requests: 1, windowSeconds: 60)] }) { h in
                try await h.login()
                #expect(try await h.get(path).status == 200)
                let refused = try await h.get(path)
                #expect(refused.status == 429, "\(target)")
                #expect(refused.headers["Retry-After"].first.flatMap(Int.init).map { $0 >= 1 } == true)
                #expect(try await h.get("/users/1").status == 200, "other endpoints are not limited")
            }
            #expect(try EndpointLimit(parsing: "\(target.rawValue)=2/5").target == target)
        }
    }
}
