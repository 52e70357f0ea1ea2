import Foundation
import LookerAPI
import RosterServices
import RosterCore

/// The list's fields before `role_ids,group_ids,sessions(id)` joined them (`credentials_api3(id)`
/// was already there): the baseline for what those fields cost.
let listFieldsWithoutAccess: String = {
    let added = ",role_ids,group_ids,sessions(id)"
    precondition(LookerClient.listFields.hasSuffix(added), "listFields changed: update the baseline")
    return String(LookerClient.listFields.dropLast(added.count))
}()

/// (g) What the access fields cost the listing: bytes per user on the wire, and the time to load
/// every user through the client into a `UserList` (as the app does), with and without them. The
/// two alternate, run after run, against the same sandbox.
func listingBench(_ endpoint: Endpoint, runs: Int) async throws -> [Figure] {
    let variants = [("without role_ids,group_ids,sessions(id)", listFieldsWithoutAccess), ("with them (listFields)", LookerClient.listFields)]
    var figures: [Figure] = []
    for (label, fields) in variants {
        let pages = try await RawPages(endpoint: endpoint).fetch(count: 10, pageSize: 1000, fields: fields)
        let bytes = pages.map(\.count).reduce(0, +)
        figures.append(Figure("bytes per user on the wire, \(label)", "\(fmt(Double(bytes) / 10_000, 0)) bytes"))
        // The client's share: decoding a page and mapping its rows (the rest is the server and the wire).
        var decode = Samples(), map = Samples()
        let decoder = JSONDecoder()
        for _ in 0..<max(1, runs) {
            for page in pages {
                var users: [User] = []
                decode.add(try timeMs { users = try decoder.decode([User].self, from: page) })
                map.add(timeMs { _ = users.map(Mapping.row) })
            }
        }
        figures.append(Figure("  decode / Mapping.row per 1,000 users, \(label)",
                              "\(fmt(decode.median)) ms / \(fmt(map.median)) ms (medians)"))
    }
    _ = try await loadList(endpoint, fields: listFieldsWithoutAccess)   // warm-up
    var times = [Samples(), Samples()]
    var counts = [0, 0]
    for _ in 0..<runs {
        for (k, variant) in variants.enumerated() {
            let (list, ms, _) = try await loadList(endpoint, fields: variant.1)
            times[k].add(ms)
            counts[k] = list.count
        }
    }
    for (k, variant) in variants.enumerated() {
        figures.append(Figure("load \(counts[k].formatted) users, \(variant.0)",
                              "median \(fmt(times[k].median, 0)) ms, min \(fmt(times[k].min, 0)) ms, max \(fmt(times[k].max, 0)) ms (\(runs) runs)"))
    }
    return figures
}
