import LookerAPI
import Sandbox

/// A sandbox and a client logged into it, for tests: started with `options`, then the client
/// shut down and the sandbox stopped whatever `body` does (returns or throws).
public enum SandboxRun {
    public static func with<T>(_ options: SandboxOptions, client makeClient: (Sandbox) -> LookerClient,
                               _ body: (Sandbox, LookerClient) async throws -> T) async throws -> T {
        let sandbox = try await Sandbox.start(options)
        let client = makeClient(sandbox)
        do {
            let result = try await body(sandbox, client)
            await client.shutdown()
            await sandbox.stop()
            return result
        } catch {
            await client.shutdown()
            await sandbox.stop()
            throw error
        }
    }
}
