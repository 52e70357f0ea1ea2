import Foundation
import NIOCore
import Testing
@testable import Serve

/// The door for connections that have not logged in: a cap that evicts the oldest, failed logins
/// counted per address, one login at a time from an address over its budget.
@Suite struct LoginGateTests {
    let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000_000)

    func gate(max: Int = 4, failures: Int = 3) -> LoginGate {
        LoginGate(limits: .init(maxUnauthenticated: max, failedLoginsPerMinute: failures, loginTimeout: .seconds(30),
                                throttledLoginTimeout: .seconds(5)))
    }

    func id(_ admission: LoginGate.Admission) -> Int? {
        if case .admitted(let id) = admission { return id }
        return nil
    }

    @Test func heldConnectionsCannotFillTheDoorTheOldestIsClosed() {
        let g = gate(max: 4)
        var closed: [Int] = []
        for n in 0..<6 { _ = g.admit("10.0.0.1", now: t0 + .seconds(Int64(n))) { closed.append(n) } }
        #expect(closed == [0, 1], "the two oldest made room")
        #expect(g.waitingCount == 4)
        #expect(g.failureCount("10.0.0.1", now: t0 + .seconds(6)) == 2, "an eviction is an unfinished login")
        // A key holder arriving now is let in (the oldest waiting one goes).
        #expect(id(g.admit("10.0.0.1", now: t0 + .seconds(7)) { closed.append(99) }) != nil)
    }

    @Test func successfulLoginsDoNotCountFailedOnesDo() {
        let g = gate(failures: 3)
        for n in 0..<10 {
            let admitted = id(g.admit("10.0.0.1", now: t0 + .seconds(Int64(n))) {})!
            g.loggedIn(admitted)
            g.ended(admitted, now: t0 + .seconds(Int64(n)))
        }
        #expect(g.failureCount("10.0.0.1", now: t0 + .seconds(10)) == 0)
        #expect(!g.isThrottled("10.0.0.1", now: t0 + .seconds(10)))
        for n in 0..<3 {
            let admitted = id(g.admit("10.0.0.1", now: t0 + .seconds(20 + Int64(n))) {})!
            g.ended(admitted, now: t0 + .seconds(20 + Int64(n)))
        }
        #expect(g.isThrottled("10.0.0.1", now: t0 + .seconds(30)))
        #expect(!g.isThrottled("10.0.0.2", now: t0 + .seconds(30)), "another address has its own budget")
        #expect(!g.isThrottled("10.0.0.1", now: t0 + .seconds(83)), "a minute later the budget is back")
    }

    @Test func overBudgetAnAddressGetsOneLoginAtATimeNotABan() {
        let g = gate(failures: 2)
        for n in 0..<5 { g.ended(id(g.admit("127.0.0.1", now: t0) {})!, now: t0 + .milliseconds(Int64(n))) }
        // Nothing from the address is waiting: a key holder still gets in.
        let first = id(g.admit("127.0.0.1", now: t0 + .seconds(1)) {})
        #expect(first != nil)
        // A second one while the first waits is refused, with a reason for the client.
        let second = g.admit("127.0.0.1", now: t0 + .seconds(1), close: {})
        guard case .refused(let reason) = second else {
            Issue.record("not refused")
            return
        }
        #expect(reason.contains("too many failed logins from 127.0.0.1"))
        #expect(g.failureCount("127.0.0.1", now: t0 + .seconds(1)) == 5, "a refusal is not counted (no lockout spiral)")
        #expect(id(g.admit("10.9.9.9", now: t0 + .seconds(1)) {}) != nil, "other addresses are not slowed")
        // Refusals under way are bounded too: past the cap a refused connection is just closed.
        for _ in 1..<64 { _ = g.admit("127.0.0.1", now: t0 + .seconds(1), close: {}) }
        #expect(g.admit("127.0.0.1", now: t0 + .seconds(1), close: {}) == .dropped)
        g.refusalEnded()
        #expect(g.admit("127.0.0.1", now: t0 + .seconds(1), close: {}) != .dropped)
        // Once that one logs in, the next may try.
        g.loggedIn(first!)
        #expect(id(g.admit("127.0.0.1", now: t0 + .seconds(2)) {}) != nil)
    }

    @Test func deadlinesAreShorterForASlowedAddress() {
        let g = gate(failures: 1)
        var closed: [String] = []
        _ = g.admit("10.0.0.1", now: t0) { closed.append("calm") }
        g.sweep(now: t0 + .seconds(29))
        #expect(closed.isEmpty)
        g.sweep(now: t0 + .seconds(30))
        #expect(closed == ["calm"], "the login deadline")
        // Now over budget (1 failure): a waiting connection gets 5 s.
        _ = g.admit("10.0.0.1", now: t0 + .seconds(31)) { closed.append("slowed") }
        g.sweep(now: t0 + .seconds(35))
        #expect(closed == ["calm"])
        g.sweep(now: t0 + .seconds(36))
        #expect(closed == ["calm", "slowed"])
    }

    @Test func theRefusalIsAnSSHVersionLineAndOneDisconnectPacket() {
        let bytes = SSHRefusalHandler.refusal("roster serve: too many")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("SSH-2.0-RosterServe\r\n"))
        let packet = Array(bytes.dropFirst("SSH-2.0-RosterServe\r\n".utf8.count))
        let length = packet[0..<4].reduce(0) { $0 << 8 | Int($1) }
        #expect(length + 4 == packet.count)
        #expect(packet.count % 8 == 0 && packet[4] >= 4, "block-aligned, at least 4 bytes of padding")
        #expect(packet[5] == 1, "SSH_MSG_DISCONNECT")
        #expect(Array(packet[6..<10]) == [0, 0, 0, 12], "too many connections")
        #expect(text.contains("roster serve: too many"))
    }
}
