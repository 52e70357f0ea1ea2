/// A request reduced to what the emulator needs; built by the HTTP layer, so the emulator never sees NIO.
struct APIRequest: Sendable {
    let method: String
    /// Path as sent, still percent-encoded.
    let path: String
    /// Query string as sent, without `?`.
    let rawQuery: String
    let body: [UInt8]
    let authorization: String?

    /// Decoded query parameters; the last occurrence of a name wins.
    let query: [String: String]

    init(method: String, path: String, rawQuery: String, body: [UInt8], authorization: String?) {
        self.method = method.uppercased()
        self.path = path
        self.rawQuery = rawQuery
        self.body = body
        self.authorization = authorization
        self.query = FormEncoding.dictionary(rawQuery)
    }

    /// Decoded path segments below `/api/4.0`, or nil for a path outside the API.
    var apiSegments: [String]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard segments.count >= 2, segments[0] == "api", segments[1] == "4.0" else { return nil }
        return segments.dropFirst(2).map { FormEncoding.decode($0, plusIsSpace: false) }
    }

    var bodyText: String? {
        body.isEmpty ? nil : String(decoding: body, as: UTF8.self)
    }
}

/// An answer: status, body bytes and the few headers the sandbox sets.
struct APIResponse: Sendable {
    var status: Int
    var contentType: String?
    var body: [UInt8]
    var retryAfter: Int?

    static func json(_ status: Int, _ writer: JSONWriter) -> APIResponse {
        APIResponse(status: status, contentType: "application/json", body: writer.bytes, retryAfter: nil)
    }

    static let noContent = APIResponse(status: 204, contentType: nil, body: [], retryAfter: nil)

    /// An `Error` body: `{"message", "documentation_url"}`.
    static func error(_ status: Int, _ message: String, route: RouteName) -> APIResponse {
        var writer = JSONWriter(capacity: 160)
        writer.beginObject()
        writer.key("message")
        writer.string(message)
        writer.key("documentation_url")
        writer.string(route.documentationURL(status: status))
        writer.endObject()
        return json(status, writer)
    }

    static func notFound(_ route: RouteName) -> APIResponse {
        error(404, "Not found", route: route)
    }

    static func badRequest(_ message: String, _ route: RouteName) -> APIResponse {
        error(400, message, route: route)
    }
}

/// The method and path template of a request (`patch`, `users/:user_id/credentials_email`), used to build
/// `documentation_url` the way Looker's error redirector spells it.
struct RouteName: Sendable {
    let method: String
    let template: String

    func documentationURL(status: Int) -> String {
        "https://cloud.google.com/looker/docs/r/err/4.0/\(status)/\(method.lowercased())/\(template)"
    }
}
