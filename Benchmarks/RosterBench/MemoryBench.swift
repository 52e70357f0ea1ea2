import Foundation
import LookerAPI
import RosterServices
import RosterCore
import ScreenKit

/// (e) Memory per loaded user: RSS before and after loading every user through the client into a
/// `UserList` (pages decoded, mapped and dropped, as the app does), and the peak.
func memoryBench(_ endpoint: Endpoint) async throws -> (list: UserList, figures: [Figure]) {
    // Warm up the client, the event loop and the decoder, so the baseline holds their one-off costs.
    let warm = LookerClient(config: endpoint.config, readOnly: true)
    _ = try await warm.usersPage(search: nil, limit: 1000, offset: 0, fields: LookerClient.listFields, sorts: "id")
    await warm.shutdown()
    let before = Memory.rss
    let (list, loadMs, firstPageMs) = try await loadList(endpoint)
    let after = Memory.rss
    let peak = Memory.peak
    Memory.trim()
    let trimmed = Memory.rss
    let perUser = Double(after - before) / Double(max(1, list.count))
    let perUserTrimmed = Double(trimmed - before) / Double(max(1, list.count))
    let mb = { (bytes: Int) in fmt(Double(bytes) / 1_048_576, 1) + " MiB" }
    return (list, [
        Figure("load \(list.count.formatted) users through the client (1,000 per page)",
               "\(fmt(loadMs, 0)) ms total, first page \(fmt(firstPageMs, 1)) ms"),
        Figure("RSS before / after loading", "\(mb(before)) / \(mb(after)) (after malloc_trim \(mb(trimmed)))"),
        Figure("memory per loaded user", "\(fmt(perUser, 0)) bytes (after malloc_trim \(fmt(perUserTrimmed, 0)))"),
        Figure("peak RSS of this process (VmHWM)", mb(peak), target: "≤ 120 MB", met: Double(peak) <= 120e6),
    ])
}
