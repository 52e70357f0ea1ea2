import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
@testable import LookerAPI
import Sandbox
import TestSupport

/// Failures in plain words: network errors name the server and say what happened; a record that
/// does not decode names its field, its place in the page and its id.
@Suite struct PlainErrorsTests {
    static func makeClient(_ baseURL: String, timeout: Int = 5) -> LookerClient {
        Harness.makeClient(baseURL: baseURL, clientID: "id", clientSecret: "secret-value", readOnly: true,
                           timeoutSeconds: timeout, sleeps: Recorder(), events: Recorder())
    }

    @Test func aRefusedPortSaysConnectionRefusedWithHostAndPort() async throws {
        var options = SandboxOptions()
        options.users = 2
        let sandbox = try await Sandbox.start(options)
        let baseURL = sandbox.baseURL
        await sandbox.stop()
        let client = Self.makeClient(baseURL)
        let error = await failure { try await client.me() }
        await client.shutdown()
        let server = baseURL.dropFirst("http://".count)
        #expect(error == .transport("cannot connect to \(server): connection refused"))
        #expect(error?.summary == "network error: cannot connect to \(server): connection refused")
    }

    @Test func anUnknownHostSaysCannotResolve() async throws {
        // .invalid never resolves (RFC 6761); without any resolver the lookup fails as well.
        let client = Self.makeClient("http://roster-test.invalid:8080", timeout: 10)
        let error = await failure { try await client.me() }
        await client.shutdown()
        #expect(error == .transport("cannot resolve roster-test.invalid"))
    }

    @Test func tlsToAPlainServerIsATLSFailure() async throws {
        var options = SandboxOptions()
        options.users = 2
        let sandbox = try await Sandbox.start(options)
        let tlsURL = sandbox.baseURL.replacingOccurrences(of: "http://", with: "https://")
        let client = Self.makeClient(tlsURL)
        let error = await failure { try await client.me() }
        await client.shutdown()
        await sandbox.stop()
        let server = tlsURL.dropFirst("https://".count)
        guard case .transport(let what)? = error else {
            Issue.record("expected .transport, got \(String(describing: error))")
            return
        }
        #expect(what.hasPrefix("\(server): TLS: "), "\(what)")
    }

    /// A real TLS server with a self-signed certificate (openssl s_server): not trusted.
    @Test func aSelfSignedCertificateIsNotTrusted() async throws {
        let temporary = try TemporaryDirectory("roster-tls")
        defer { temporary.remove() }
        let dir = temporary.path
        let openssl = try #require(["/usr/bin/openssl", "/usr/local/bin/openssl", "/opt/homebrew/bin/openssl"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }, "openssl is needed for a TLS server")
        let make = try Process.run(URL(fileURLWithPath: openssl),
                                   arguments: ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1",
                                               "-keyout", dir + "/key.pem", "-out", dir + "/cert.pem"])
        try #require(make.exitStatus(within: 30) == 0, "openssl made a certificate")
        // A free port: the one a sandbox was given, released again.
        var options = SandboxOptions()
        options.users = 1
        let probe = try await Sandbox.start(options)
        let port = try #require(URLComponents(string: probe.baseURL)?.port)
        await probe.stop()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: openssl)
        server.arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", dir + "/cert.pem", "-key", dir + "/key.pem", "-www", "-quiet"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        // s_server may outlive SIGTERM; SIGKILL, then reap it with a bounded wait.
        defer {
            kill(server.processIdentifier, SIGKILL)
            _ = server.exitStatus(within: 5)
        }
        let client = Self.makeClient("https://localhost:\(port)")
        // Until the server listens the port refuses; poll for the TLS answer, bounded.
        var error: LookerError?
        try await Wait.until(within: .seconds(15), interval: .milliseconds(100)) {
            error = await failure { try await client.me() }
            if case .transport(let what)? = error, what.contains("refused") { return false }
            return true
        }
        await client.shutdown()
        #expect(error == .transport("localhost:\(port): TLS: certificate not trusted (verify_ssl=false accepts self-signed certificates)"))
    }

    @Test func transportWordsForEachKindOfFailure() {
        let text = TransportText(baseURL: "https://acme.looker.com", connectTimeout: .seconds(30))
        #expect(text.describe(Exchange.Expired.deadline(.seconds(5))) == "acme.looker.com: timed out after 5 s")
        #expect(text.describe(Exchange.Expired.stalled(.seconds(10))) == "acme.looker.com: the answer stalled (no data for 10 s)")
        #expect(text.describe(IOError(errnoCode: ECONNRESET, reason: "read")) == "acme.looker.com: connection reset")
        #expect(text.describe(IOError(errnoCode: ECONNREFUSED, reason: "connect")) == "cannot connect to acme.looker.com: connection refused")
        #expect(text.describe(HTTPClientError.connectTimeout) == "cannot connect to acme.looker.com: timed out after 30 s")
        #expect(text.describe(HTTPClientError.remoteConnectionClosed) == "acme.looker.com: the server closed the connection")
        #expect(text.describe(CancellationError()) == "cancelled")
        let ported = TransportText(baseURL: "http://[::1]:9999", connectTimeout: .seconds(1))
        #expect(ported.describe(IOError(errnoCode: ECONNREFUSED, reason: "connect")) == "cannot connect to [::1]:9999: connection refused")
    }

    /// A page of `count` users with ids "1"…; `bad` replaces the record at `index`.
    static func page(count: Int, bad: String, at index: Int) -> String {
        let records = (0..<count).map { $0 == index ? bad : #"{"id":"\#($0 + 1)","first_name":"U\#($0)"}"# }
        return "[" + records.joined(separator: ",") + "]"
    }

    static func listingError(_ body: String) async throws -> LookerError? {
        var result: LookerError?
        try await Harness.run(users: 5) { h in
            await h.sandbox.inject(Fault(method: "GET", pathPattern: "users", status: 200, body: body, contentType: "application/json"))
            result = await failure { try await h.client.usersPage(search: nil, limit: 100, offset: 0, fields: nil, sorts: "id") }
        }
        return result
    }

    @Test func aHugeNumericIdNamesTheFieldAndTheRecord() async throws {
        let error = try await Self.listingError(Self.page(count: 20, bad: #"{"id":1e29,"first_name":"Huge"}"#, at: 17))
        #expect(error == .undecodable(status: 200,
                                      firstLine: #"user #1e+29 (record 17): field "id": expected a string or a whole number (found 1e+29)"#))
    }

    @Test func aWrongTypedFieldNamesTheUsersId() async throws {
        let error = try await Self.listingError(Self.page(count: 20, bad: #"{"id":"1012","first_name":42}"#, at: 17))
        #expect(error == .undecodable(status: 200, firstLine: #"user #1012 (record 17): field "first_name": expected a string, found a number"#))
        #expect(error?.summary == #"200: unexpected answer: user #1012 (record 17): field "first_name": expected a string, found a number"#)
    }

    @Test func aNestedFieldIsNamedByItsPath() async throws {
        let bad = #"{"id":"7","credentials_email":{"email":["a","b"]}}"#
        let error = try await Self.listingError(Self.page(count: 3, bad: bad, at: 0))
        #expect(error == .undecodable(status: 200, firstLine: #"user #7 (record 0): field "credentials_email.email": expected a string, found a list"#))
    }

    @Test func aSingleObjectNamesTheField() async throws {
        try await Harness.run(users: 5) { h in
            await h.sandbox.inject(Fault(method: "GET", pathPattern: "user", status: 200,
                                         body: #"{"id":"1","is_disabled":"no"}"#, contentType: "application/json"))
            let error = await failure { try await h.client.me() }
            #expect(error == .undecodable(status: 200, firstLine: #"field "is_disabled": expected true or false, found a string"#))
        }
    }
}
