import Foundation
import NIOCore
import NIOFoundationCompat

/// Says which field of which record broke decoding: `user #1012 (record 17): field "id": expected a
/// string or a whole number`, instead of "unexpected answer" with the body's first line.
///
/// Runs only on the failure path, so reading the body a second time (to find the record's id and
/// what the field held) costs nothing in the common case.
enum DecodingText {
    /// The description of `error`, or nil when the body was not JSON at all (the caller then shows
    /// the body's first line, which is usually an HTML error page's heading).
    static func describe(_ error: DecodingError, body: ByteBuffer, noun: String) -> String? {
        let (context, problem): (DecodingError.Context, String) = switch error {
        case .typeMismatch(let type, let c): (c, "expected \(name(of: type))")
        case .valueNotFound(let type, let c): (c, "expected \(name(of: type)), found null")
        case .keyNotFound(let key, let c): (c, "field \"\(key.stringValue)\" is missing")
        case .dataCorrupted(let c): (c, c.debugDescription)
        @unknown default: (DecodingError.Context(codingPath: [], debugDescription: ""), "")
        }
        var path = context.codingPath
        guard !path.isEmpty else { return nil }
        let json = try? JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed])
        var parts: [String] = []
        var record: Any? = json
        if let index = path.first?.intValue {
            path.removeFirst()
            record = (json as? [Any]).flatMap { index < $0.count ? $0[index] : nil }
            let id = (record as? [String: Any])?["id"].flatMap(shown)
            parts.append(id.map { "\(noun) #\($0) (record \(index))" } ?? "\(noun) (record \(index))")
        }
        if !path.isEmpty {
            let field = path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
            var text = "field \"\(field)\": \(problem)"
            if case .typeMismatch = error, let found = value(at: path, in: record).map(kind) { text += ", found \(found)" }
            if case .dataCorrupted = error, let found = value(at: path, in: record).flatMap(shown) { text += " (found \(found))" }
            parts.append(text)
        } else {
            parts.append(problem)
        }
        return parts.joined(separator: ": ")
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is Double.Type, is Int32.Type: "a number"
        case is [String: Any].Type, is [String: Bool].Type, is [String: String].Type: "an object"
        default: String(describing: type).hasPrefix("Array") ? "a list" : "an object"
        }
    }

    private static func value(at path: [any CodingKey], in root: Any?) -> Any? {
        var current = root
        for key in path {
            if let i = key.intValue { current = (current as? [Any]).flatMap { i < $0.count ? $0[i] : nil } }
            else { current = (current as? [String: Any])?[key.stringValue] }
            if current == nil { return nil }
        }
        return current
    }

    /// A scalar as text (at most 40 characters); nil for objects, lists and null.
    private static func shown(_ value: Any) -> String? {
        let text: String
        if let s = value as? String { text = s }
        else if let n = value as? NSNumber { text = String(cString: n.objCType) == "c" ? String(n.boolValue) : n.description }
        else { return nil }
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }

    private static func kind(_ value: Any) -> String {
        switch value {
        case is String: "a string"
        case is [Any]: "a list"
        case is [String: Any]: "an object"
        case is NSNull: "null"
        case let n as NSNumber: String(cString: n.objCType) == "c" ? "true or false" : "a number"
        default: "something else"
        }
    }
}
