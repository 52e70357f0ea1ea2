import Foundation
import NIOCore

/// What connections that have not logged in may cost, without letting them keep key holders out.
/// Lives on the server's one event loop; every method runs there.
///
/// - At most `maxUnauthenticated` connections are waiting to log in at once. A new connection when
///   all are taken closes the oldest waiting one instead of being turned away, so connections held
///   open without a key cannot fill the door; a key login takes well under a second.
/// - Failed logins per source address are counted over the last minute: connections that end
///   without logging in (a refused key, the login deadline, a plain TCP connect, an eviction).
///   Successful key logins do not count. An address over `failedLoginsPerMinute` is slowed, not
///   banned: one login at a time from it, with a shorter deadline. A further connection while one
///   is waiting is refused with an SSH disconnect that says why (`ssh` prints it). When nothing
///   from the address is waiting, a key holder there still gets in.
/// - Authenticated connections are never counted, limited or closed here.
final class LoginGate {
    struct Limits: Sendable {
        var maxUnauthenticated = 32
        var failedLoginsPerMinute = 30
        var loginTimeout: TimeAmount = .seconds(30)
        /// The deadline of a login from an address over its failure budget.
        var throttledLoginTimeout: TimeAmount = .seconds(5)
        /// Refusals being sent at once; past this a refused connection is closed without a reason.
        var maxRefusing = 64
    }

    enum Admission: Equatable {
        case admitted(id: Int)
        /// Refused; `reason` is for the client (an SSH disconnect) and the log. Call
        /// `refusalEnded()` when the connection is gone.
        case refused(reason: String)
        /// Refused while too many refusals are under way: close it at once, no reason sent.
        case dropped
    }

    private struct Waiting {
        var address: String
        var started: NIODeadline
        var close: () -> Void
    }

    let limits: Limits
    private var waiting: [Int: Waiting] = [:]
    private var failures: [String: [NIODeadline]] = [:]
    private var nextID = 0
    private var refusing = 0
    /// Called with one line when the gate closes or refuses a connection.
    var onNotice: (String) -> Void = { _ in }

    init(limits: Limits) { self.limits = limits }

    var waitingCount: Int { waiting.count }

    /// Recent failed logins from `address`.
    func failureCount(_ address: String, now: NIODeadline = .now()) -> Int {
        prune(address, now: now)
        return failures[address]?.count ?? 0
    }

    func isThrottled(_ address: String, now: NIODeadline = .now()) -> Bool {
        failureCount(address, now: now) >= limits.failedLoginsPerMinute
    }

    /// A new TCP connection from `address`; `close` ends it (called at most once, by the gate).
    func admit(_ address: String, now: NIODeadline = .now(), close: @escaping () -> Void) -> Admission {
        if isThrottled(address, now: now) && waiting.values.contains(where: { $0.address == address }) {
            guard refusing < limits.maxRefusing else { return .dropped }
            refusing += 1
            return .refused(reason: "roster serve: too many failed logins from \(address) in the last minute; "
                + "one login at a time from there: try again in a few seconds")
        }
        if waiting.count >= limits.maxUnauthenticated,
           let oldest = waiting.min(by: { $0.value.started < $1.value.started }) {
            onNotice("closed the oldest connection waiting to log in (from \(oldest.value.address)): "
                + "\(limits.maxUnauthenticated) were waiting")
            evict(oldest.key, now: now)
        }
        nextID += 1
        waiting[nextID] = Waiting(address: address, started: now, close: close)
        return .admitted(id: nextID)
    }

    /// A refused connection is gone.
    func refusalEnded() { refusing -= 1 }

    /// The connection logged in: it is no longer the gate's concern and counts as no failure.
    func loggedIn(_ id: Int) { waiting[id] = nil }

    /// The connection closed; if it never logged in, that is a failed login for its address.
    func ended(_ id: Int, now: NIODeadline = .now()) {
        guard let gone = waiting.removeValue(forKey: id) else { return }
        recordFailure(gone.address, now: now)
    }

    /// Closes every waiting connection past its deadline (shorter for a slowed address, also for
    /// connections that were waiting before their address went over its budget).
    func sweep(now: NIODeadline = .now()) {
        for (id, entry) in waiting {
            let limit = isThrottled(entry.address, now: now) ? limits.throttledLoginTimeout : limits.loginTimeout
            if now - entry.started >= limit { evict(id, now: now) }
        }
        if failures.count > 10_000 { for address in Array(failures.keys) { prune(address, now: now) } }
    }

    private func evict(_ id: Int, now: NIODeadline) {
        guard let entry = waiting.removeValue(forKey: id) else { return }
        recordFailure(entry.address, now: now)
        entry.close()
    }

    private func recordFailure(_ address: String, now: NIODeadline) {
        prune(address, now: now)
        failures[address, default: []].append(now)
    }

    private func prune(_ address: String, now: NIODeadline) {
        guard let list = failures[address] else { return }
        let recent = list.filter { now - $0 < .seconds(60) }
        failures[address] = recent.isEmpty ? nil : recent
    }
}

/// Refuses a connection the way an SSH client can show: our version line, then an unencrypted
/// SSH_MSG_DISCONNECT (allowed before key exchange) with the reason, which OpenSSH prints as
/// `Received disconnect from HOST port PORT:12: <reason>`. Then the output is closed and the
/// connection is closed when the client goes or after `linger`, whichever comes first (closing
/// with the client's bytes unread would reset the connection and could lose the reason).
final class SSHRefusalHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    /// SSH_DISCONNECT_TOO_MANY_CONNECTIONS.
    static let reasonCode: UInt32 = 12
    let reason: String
    let linger: TimeAmount

    init(reason: String, linger: TimeAmount = .seconds(3)) {
        self.reason = reason
        self.linger = linger
    }

    func channelActive(context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: 256)
        buffer.writeBytes(Self.refusal(reason))
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        context.close(mode: .output, promise: nil)
        let channel = context.channel
        context.eventLoop.scheduleTask(in: linger) { channel.close(promise: nil) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event { context.close(promise: nil) }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) { context.close(promise: nil) }

    /// The bytes: `SSH-2.0-…\r\n` and one binary packet (no cipher, no MAC) holding the disconnect.
    static func refusal(_ reason: String) -> [UInt8] {
        var payload: [UInt8] = [1]   // SSH_MSG_DISCONNECT
        func uint32(_ v: UInt32) { payload += [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        uint32(reasonCode)
        let text = Array(reason.utf8.prefix(400))
        uint32(UInt32(text.count))
        payload += text
        uint32(0)   // language tag
        var padding = 8 - (5 + payload.count) % 8
        if padding < 4 { padding += 8 }
        let length = UInt32(1 + payload.count + padding)
        var packet: [UInt8] = [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
        packet.append(UInt8(padding))
        packet += payload
        packet += [UInt8](repeating: 0, count: padding)
        return Array("SSH-2.0-RosterServe\r\n".utf8) + packet
    }
}
