import LookerAPI
import Sandbox

/// A sandbox and a client for it, for tests: started with `options`, then the client shut down and
/// the sandbox stopped whatever `body` does (returns or throws).
public enum SandboxRun {
    /// With any client: `shutdown` ends it.
    public static func with<Client, T>(_ options: SandboxOptions, client makeClient: (Sandbox) -> Client,
                                       shutdown: (Client) async -> Void,
                                       _ body: (Sandbox, Client) async throws -> T) async throws -> T {
        let sandbox = try await Sandbox.start(options)
        let client = makeClient(sandbox)
        do {
            let result = try await body(sandbox, client)
            await shutdown(client)
            await sandbox.stop()
            return result
        } catch {
            await shutdown(client)
            await sandbox.stop()
            throw error
        }
    }

    /// With a Looker client logged into it.
    public static func with<T>(_ options: SandboxOptions, client makeClient: (Sandbox) -> LookerClient,
                               _ body: (Sandbox, LookerClient) async throws -> T) async throws -> T {
        try await with(options, client: makeClient, shutdown: { await $0.shutdown() }, body)
    }
}

extension Sandbox {
    /// A client for this sandbox with its own keys. `retry` defaults to one that never waits (tests
    /// that look at retries pass their own).
    public func client(readOnly: Bool = false, timeoutSeconds: Int = 10,
                       retry: RetryPolicy = RetryPolicy(sleep: { _ in }),
                       onEvent: @escaping @Sendable (ClientEvent) -> Void = { _ in }) -> LookerClient {
        LookerClient(config: LookerConfig(baseURL: baseURL, clientID: clientID, clientSecret: clientSecret,
                                          timeoutSeconds: timeoutSeconds),
                     readOnly: readOnly, retry: retry, onEvent: onEvent)
    }
}
