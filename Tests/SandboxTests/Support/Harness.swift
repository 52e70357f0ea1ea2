import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Sandbox
import TestSupport

/// An HTTP answer as the tests look at it.
struct Reply: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let bytes: [UInt8]

    var text: String { String(decoding: bytes, as: UTF8.self) }

    func json() throws -> JSON { try JSON.parse(bytes) }
}

/// A running sandbox plus an HTTP client pointed at it, with the access token of the last login.
final class Harness: @unchecked Sendable {
    // Mutated only from the single test task that owns the harness.
    let sandbox: Sandbox
    let client: HTTPClient
    var token: String?

    init(sandbox: Sandbox, client: HTTPClient) {
        self.sandbox = sandbox
        self.client = client
    }

    /// Starts a sandbox with the given options, runs `body`, then shuts the client and the sandbox down,
    /// also when `body` throws.
    static func run(
        _ configure: (inout SandboxOptions) -> Void = { _ in },
        _ body: (Harness) async throws -> Void
    ) async throws {
        var options = SandboxOptions()
        options.users = 200
        configure(&options)
        try await SandboxRun.with(options, client: { _ in HTTPClient(eventLoopGroupProvider: .singleton) },
                                  shutdown: { try? await $0.shutdown() }) { sandbox, client in
            try await body(Harness(sandbox: sandbox, client: client))
        }
    }

    /// Logs in with the sandbox's own keys and keeps the token for later requests.
    @discardableResult
    func login() async throws -> String {
        let body = "client_id=" + Self.formEncode(sandbox.clientID) + "&client_secret=" + Self.formEncode(sandbox.clientSecret)
        let reply = try await send("POST", "/login", body: body, contentType: "application/x-www-form-urlencoded", authorized: false)
        guard reply.status == 200, let token = try reply.json()["access_token"]?.string else {
            throw HarnessError.loginFailed(reply.status, reply.text)
        }
        self.token = token
        return token
    }

    func get(_ path: String, _ query: String? = nil) async throws -> Reply {
        try await send("GET", path, query: query)
    }

    /// Sends a request to `/api/4.0` + `path`; `authorized` adds `Authorization: Bearer <token>`.
    func send(
        _ method: String,
        _ path: String,
        query: String? = nil,
        body: String? = nil,
        contentType: String = "application/json",
        authorized: Bool = true,
        authorization: String? = nil
    ) async throws -> Reply {
        var url = sandbox.baseURL + "/api/4.0" + path
        if let query { url += "?" + query }
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        if let authorization {
            request.headers.add(name: "Authorization", value: authorization)
        } else if authorized, let token {
            request.headers.add(name: "Authorization", value: "Bearer " + token)
        }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(60))
        let buffer = try await response.body.collect(upTo: 256 * 1_024 * 1_024)
        return Reply(status: Int(response.status.code), headers: response.headers, bytes: Array(buffer.readableBytesView))
    }

    /// Every user, fetched in pages, with the given `fields`.
    func allUsers(fields: String, sorts: String = "id", pageSize: Int = 1_000) async throws -> [JSON] {
        var users: [JSON] = []
        while true {
            let reply = try await get("/users", "fields=\(fields)&sorts=\(Self.queryEncode(sorts))&limit=\(pageSize)&offset=\(users.count)")
            guard reply.status == 200, let page = try reply.json().array else { throw HarnessError.unexpected(reply.status, reply.text) }
            users += page
            if page.count < pageSize { return users }
        }
    }

    static func formEncode(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func queryEncode(_ text: String) -> String {
        formEncode(text)
    }
}

enum HarnessError: Error {
    case loginFailed(Int, String)
    case unexpected(Int, String)
}
