/// One entry of a 422 `ValidationError.errors`.
struct FieldProblem: Sendable, Equatable {
    let field: String
    let code: String
    let message: String
}

extension APIResponse {
    /// A 422 `ValidationError`: a generic top-level message, the details per field.
    static func validationFailed(_ problems: [FieldProblem], route: RouteName) -> APIResponse {
        let documentation = route.documentationURL(status: 422)
        var writer = JSONWriter(capacity: 512)
        writer.beginObject()
        writer.key("message")
        writer.string("Validation Failed")
        writer.key("errors")
        writer.beginArray()
        for problem in problems {
            writer.beginObject()
            writer.key("field")
            writer.string(problem.field)
            writer.key("code")
            writer.string(problem.code)
            writer.key("message")
            writer.string(problem.message)
            writer.key("documentation_url")
            writer.string(documentation)
            writer.endObject()
        }
        writer.endArray()
        writer.key("documentation_url")
        writer.string(documentation)
        writer.endObject()
        return .json(422, writer)
    }
}

/// Checks on values a client writes. Each returns the problem to report, or nil when the value is fine.
enum Validation {
    /// An email-login address: present, not blank, well formed, and not used by another user's email login.
    static func email(_ value: JSONValue?, isTakenByOther: (String) -> Bool) -> FieldProblem? {
        guard let value, value != .null else {
            return FieldProblem(field: "email", code: "blank", message: "Email can't be blank")
        }
        guard case .string(let email) = value else {
            return FieldProblem(field: "email", code: "invalid", message: "Email must be a string, not \(value.typeName)")
        }
        if email.trimmingSpaces().isEmpty {
            return FieldProblem(field: "email", code: "blank", message: "Email can't be blank")
        }
        if !isWellFormed(email) {
            return FieldProblem(field: "email", code: "invalid", message: "'\(email)' is not a valid email address")
        }
        if isTakenByOther(email) {
            return FieldProblem(field: "email", code: "duplicate", message: "'\(email)' is already in use by another user")
        }
        return nil
    }

    /// A boolean field that may not be null.
    static func boolean(_ name: String, _ value: JSONValue) -> FieldProblem? {
        if case .bool = value { return nil }
        return FieldProblem(field: name, code: "invalid", message: "\(name) must be true or false, not \(value.typeName)")
    }

    /// A boolean field that may be null.
    static func optionalBoolean(_ name: String, _ value: JSONValue) -> FieldProblem? {
        value == .null ? nil : boolean(name, value)
    }

    /// A string field that may be null.
    static func optionalString(_ name: String, _ value: JSONValue) -> FieldProblem? {
        switch value {
        case .null, .string: nil
        default: FieldProblem(field: name, code: "invalid", message: "\(name) must be a string, not \(value.typeName)")
        }
    }

    /// A string-to-string map such as `ui_state`, or null.
    static func optionalStringMap(_ name: String, _ value: JSONValue) -> FieldProblem? {
        switch value {
        case .null: return nil
        case .object(let entries) where entries.values.allSatisfy({ if case .string = $0 { true } else { false } }):
            return nil
        default:
            return FieldProblem(field: name, code: "invalid", message: "\(name) must be an object of strings")
        }
    }

    /// `local@domain.tld` with no spaces or control characters, one `@`, and a dotted domain.
    static func isWellFormed(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
              let tld = labels.last, tld.count >= 2, tld.allSatisfy(\.isLetter) else { return false }
        let forbidden: Set<Character> = [" ", "\t", "(", ")", "<", ">", ",", ";", ":", "\\", "\"", "[", "]"]
        return !email.contains { forbidden.contains($0) || $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true }
            && !parts[0].hasPrefix(".") && !parts[0].hasSuffix(".") && !parts[0].contains("..")
    }
}
