import Foundation
import Hummingbird

/// Turns Hummingbird requests into ``APIRequest``s for the emulator and its answers back into
/// responses, playing the timing faults on the way: latency, hung requests, trickled bodies and a
/// slow logout. Every held-back answer ends when the sandbox stops.
struct HTTPBridge: Sendable {
    static let maxBodyBytes = 4 * 1_024 * 1_024
    let emulator: LookerEmulator
    let latencyMs: Int
    let tricklePaths: [String]
    let hangPaths: [String]
    let logoutDelayMs: Int
    let stopping: StopSignal
    let trickleInterval: Duration

    init(emulator: LookerEmulator, options: SandboxOptions, stopping: StopSignal) {
        self.emulator = emulator
        self.latencyMs = options.latencyMs
        self.tricklePaths = options.tricklePaths
        self.hangPaths = options.hangPaths
        self.logoutDelayMs = options.logoutDelayMs
        self.stopping = stopping
        self.trickleInterval = .milliseconds(max(1, options.trickleIntervalMs))
    }

    func respond(to request: Request) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: Self.maxBodyBytes)
        let apiRequest = APIRequest(
            method: request.method.rawValue,
            path: request.uri.path,
            rawQuery: request.uri.query ?? "",
            body: Array(buffer.readableBytesView),
            authorization: request.headers[.authorization]
        )
        if latencyMs > 0 {
            _ = await stopping.pause(.milliseconds(latencyMs))
        }
        if hangPaths.contains(where: { PathPattern.matches($0, path: apiRequest.path) }) {
            await emulator.recordUnanswered(apiRequest)
            await stopping.wait()
            throw HTTPError(.serviceUnavailable)
        }
        if logoutDelayMs > 0, apiRequest.method == "DELETE", PathPattern.matches("logout", path: apiRequest.path) {
            _ = await stopping.pause(.milliseconds(logoutDelayMs))
        }
        let answer = await emulator.handle(apiRequest)
        var headers = HTTPFields()
        if let contentType = answer.contentType {
            headers[.contentType] = contentType
        }
        if let seconds = answer.retryAfter {
            headers[.retryAfter] = String(seconds)
        }
        if !answer.body.isEmpty, tricklePaths.contains(where: { PathPattern.matches($0, path: apiRequest.path) }) {
            return Response(status: .init(code: answer.status), headers: headers, body: trickle(answer.body))
        }
        let body = answer.body.isEmpty ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body))
        return Response(status: .init(code: answer.status), headers: headers, body: body)
    }

    /// The whole length announced, then one byte a second (by default); a client that hangs up or a stopping
    /// sandbox ends it (the connection is dropped, the body stays short).
    private func trickle(_ bytes: [UInt8]) -> ResponseBody {
        let (stopping, interval) = (self.stopping, trickleInterval)
        return ResponseBody(contentLength: bytes.count) { writer in
            for (index, byte) in bytes.enumerated() {
                if index > 0, !(await stopping.pause(interval)) {
                    throw CancellationError()
                }
                try await writer.write(ByteBuffer(bytes: [byte]))
            }
            try await writer.finish(nil)
        }
    }
}

/// Path patterns of faults and timing knobs: `/`-separated segments, `*` matching exactly one; a
/// pattern without the `/api/4.0` prefix matches paths relative to it.
enum PathPattern {
    static func matches(_ pattern: String, path: String) -> Bool {
        let pattern = pattern.split(separator: "/")
        let segments = path.split(separator: "/")
        let relative = segments.count >= 2 && segments[0] == "api" && segments[1] == "4.0" ? Array(segments.dropFirst(2)) : nil
        return same(pattern, segments[...]) || relative.map { same(pattern, $0[...]) } == true
    }

    private static func same(_ pattern: [Substring], _ path: ArraySlice<Substring>) -> Bool {
        pattern.count == path.count && zip(pattern, path).allSatisfy { $0 == "*" || $0 == $1 }
    }
}
