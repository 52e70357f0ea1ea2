import Foundation
import LookerAPI
import RosterServices
import RosterCore
import ScreenKit

/// (a) Decoding user pages: the server's own bytes, JSONDecoder into `[User]`, then `Mapping.row`.
func decodeBench(_ endpoint: Endpoint, runs: Int) async throws -> [Figure] {
    let pageSize = 1000
    let pageCount = 10
    var figures: [Figure] = []
    for (label, fields) in [("list fields", Optional(LookerClient.listFields)), ("all fields", nil)] {
        let pages = try await RawPages(endpoint: endpoint).fetch(count: pageCount, pageSize: pageSize, fields: fields)
        let bytes = pages.map(\.count).reduce(0, +) / pages.count
        var decode = Samples()
        var map = Samples()
        var encode = Samples()
        let decoder = JSONDecoder()
        // As `roster users list --format json` writes each user.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for _ in 0..<runs {
            for page in pages {
                var users: [User] = []
                decode.add(try timeMs { users = try decoder.decode([User].self, from: page) })
                precondition(users.count == pageSize, "short page")
                var rows: [UserRow] = []
                map.add(timeMs { rows = users.map(Mapping.row) })
                precondition(rows.count == pageSize)
                if fields == nil {
                    encode.add(try timeMs { for user in users { _ = try encoder.encode(user) } })
                }
            }
        }
        let perSecond = Double(pageSize) / (decode.median / 1000)
        figures.append(Figure("decode page of 1,000 users, \(label) (\(fmt(Double(bytes) / 1024, 0)) KiB)",
                              "\(fmt(decode.median)) ms median, p99 \(fmt(decode.p99)) ms"))
        figures.append(Figure("decode throughput, \(label)", "\(fmt(perSecond, 0)) users/s"))
        figures.append(Figure("Mapping.row for 1,000 users, \(label)", "\(fmt(map.median)) ms median"))
        figures.append(Figure("bytes per user on the wire, \(label)", "\(bytes / pageSize) bytes"))
        figures.append(Figure("decode + Mapping.row for 100,000 users, \(label) (100 × the page medians)",
                              "\(fmt((decode.median + map.median) * 100, 0)) ms"))
        if encode.count > 0 {
            figures.append(Figure("JSONEncoder, 1,000 users one by one (as users list --format json)",
                                  "\(fmt(encode.median)) ms median"))
        }
    }
    return figures
}
