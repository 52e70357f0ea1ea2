import Foundation
@testable import RosterApp
@testable import RosterServices
import RosterCore
import Sandbox
import ScreenKit
import Testing
import TestSupport

/// Keys faster than the app handles them (a held key, a paste) make bounded work: the real loop,
/// runner and client against the sandbox, whose request log counts what reached the server.
@Suite(.serialized)
struct FloodTests {
    /// Listings of every user started (the first page of each).
    static func loads(_ app: WholeApp) async throws -> Int {
        try await app.loggedRequests().filter { request in
            request.method == "GET" && request.path.hasSuffix("/users") && request.query.contains("offset=0")
        }.count
    }

    /// Credential reads that reached the server.
    static func credentialReads(_ app: WholeApp) async throws -> Int {
        try await app.loggedRequests().filter { $0.method == "GET" && $0.path.hasSuffix("/credentials_email") }.count
    }

    /// A held r: 200 keys, read ten at a time, typed ahead of the frames. One load starts, one more
    /// is queued behind it, and nothing else reaches the server.
    @Test func aHeldReloadKeyLoadsAtMostTwice() async throws {
        let app = try await WholeApp(users: 40, latencyMs: 30)
        app.play([.until("users loaded") { $0.usersLoaded }, .idle()])
        let before = try await Self.loads(app)
        var steps = (0..<20).map { _ in Step.keys(Array(repeating: .char("r"), count: 10), typedAhead: true) }
        steps += [.until("loaded again, nothing queued") { $0.usersLoaded && !$0.state.reloadQueued }, .idle()]
        app.play(steps)
        let reloads = try await Self.loads(app) - before
        #expect(reloads >= 1 && reloads <= 2, "\(reloads) reloads")
        #expect(app.state.list.count == 40)
        await app.shutdown()
    }

    /// 256 KB of text pasted into the list of a read-only session, as over `roster serve` (read
    /// 4,096 keys at a time, typed ahead): a bounded number of reads, the filter no longer than its
    /// cap, and q afterwards quits.
    @Test func aLargePasteIntoTheListMakesBoundedWork() async throws {
        let app = try await WholeApp(users: 40, latencyMs: 5, readOnly: true)
        app.play([.until("users loaded") { $0.usersLoaded }, .idle()])
        let (loadsBefore, readsBefore) = (try await Self.loads(app), try await Self.credentialReads(app))
        let paste = Array(FloodText.make(bytes: 256 * 1024).map { $0 == "\n" ? Key.enter : Key.char($0) })
        var steps = stride(from: 0, to: paste.count, by: 4096).map { start in
            Step.keys(Array(paste[start..<min(start + 4096, paste.count)]), typedAhead: true)
        }
        steps += [.idle(), .keys([.escape, .escape], typedAhead: false), .idle(), .keys([.char("q")])]
        app.play(steps)
        #expect(app.state.quitting, "q quits after the paste")
        let loads = try await Self.loads(app) - loadsBefore
        let reads = try await Self.credentialReads(app) - readsBefore
        print("256 KB paste (whole app): \(loads) listings, \(reads) credential reads")
        #expect(loads <= 2 * 64, "\(loads) loads for 64 reads of keys")
        #expect(reads <= 64, "\(reads) credential reads for 64 reads of keys")
        #expect(app.state.list.filter.count <= TextField.maxCharacters)
        #expect(try await app.writesOnServer().isEmpty)
        await app.shutdown()
    }
}
