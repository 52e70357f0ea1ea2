import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LookerAPI
import RosterServices
import RosterCore
import ScreenKit

/// Gets the raw JSON of user pages exactly as the server sends them, for the decode benchmark.
struct RawPages {
    let endpoint: Endpoint

    func token() async throws -> String {
        var request = URLRequest(url: URL(string: endpoint.baseURL + "/api/4.0/login")!)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let id = endpoint.clientID.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        let secret = endpoint.clientSecret.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        request.httpBody = Data("client_id=\(id)&client_secret=\(secret)".utf8)
        let (data, _) = try await URLSession.shared.data(for: request)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let token = object["access_token"] as? String else { throw BenchError.http("login failed") }
        return token
    }

    /// `count` pages of `pageSize` users from offset 0, with `fields` (nil: every field).
    func fetch(count: Int, pageSize: Int, fields: String?) async throws -> [Data] {
        let token = try await token()
        var pages: [Data] = []
        for page in 0..<count {
            var components = URLComponents(string: endpoint.baseURL + "/api/4.0/users")!
            var items = [URLQueryItem(name: "limit", value: String(pageSize)),
                         URLQueryItem(name: "offset", value: String(page * pageSize)),
                         URLQueryItem(name: "sorts", value: "id")]
            if let fields { items.append(URLQueryItem(name: "fields", value: fields)) }
            components.queryItems = items
            var request = URLRequest(url: components.url!)
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            let (data, response) = try await URLSession.shared.data(for: request)
            guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw BenchError.http("GET /users answered \(response)") }
            pages.append(data)
        }
        return pages
    }
}

/// Loads every user through the client, page by page, into a `UserList`, as the app does.
func loadList(_ endpoint: Endpoint, pageSize: Int = 1000, fields: String = LookerClient.listFields) async throws -> (list: UserList, ms: Double, firstPageMs: Double) {
    let client = LookerClient(config: endpoint.config, readOnly: true)
    var list = UserList()
    var firstPageMs = 0.0
    let start = nowNanos()
    do {
        for try await page in client.users(pageSize: pageSize, fields: fields) {
            if firstPageMs == 0 { firstPageMs = Double(nowNanos() - start) / 1e6 }
            list.add(page.map(Mapping.row))
        }
    } catch {
        await client.shutdown()
        throw error
    }
    await client.shutdown()
    list.progress = .complete
    return (list, Double(nowNanos() - start) / 1e6, firstPageMs)
}
