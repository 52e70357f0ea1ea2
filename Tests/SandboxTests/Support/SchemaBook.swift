import Foundation
import Testing

/// The facts `Fixtures/derive-schemas.py` took from the Looker 4.0 spec, and a checker for JSON against them.
struct SchemaBook {
    let schemas: [String: JSON]

    static func load() throws -> SchemaBook {
        let url = try #require(Bundle.module.url(forResource: "schemas", withExtension: "json", subdirectory: "Fixtures"))
        let json = try JSON.parse(Array(try Data(contentsOf: url)))
        return SchemaBook(schemas: try #require(json["schemas"]?.object))
    }

    func properties(_ schema: String) -> [String: JSON] {
        schemas[schema]?["properties"]?.object ?? [:]
    }

    /// Every key `value` carries must be a property of `schema` with the right JSON type, recursively.
    /// Returns the problems found, as readable paths.
    func problems(_ value: JSON, against schema: String, at path: String = "$") -> [String] {
        guard let fields = value.object else { return ["\(path): expected an object for \(schema)"] }
        let properties = properties(schema)
        guard !properties.isEmpty else { return ["\(path): unknown schema \(schema)"] }
        var problems: [String] = []
        for (key, field) in fields {
            guard let fact = properties[key] else {
                problems.append("\(path).\(key): not a property of \(schema)")
                continue
            }
            problems += check(field, fact, at: "\(path).\(key)")
        }
        return problems
    }

    private func check(_ value: JSON, _ fact: JSON, at path: String) -> [String] {
        if value.isNull {
            // The OAS conversion dropped `nullable` next to `$ref`s; the Swagger spec marks those nullable.
            return fact["nullable"] == .bool(true) || fact["ref"] != nil ? [] : ["\(path): null but not nullable"]
        }
        if let ref = fact["ref"]?.string {
            return problems(value, against: ref, at: path)
        }
        let type = fact["type"]?.string ?? "?"
        switch (type, value) {
        case ("string", .string), ("boolean", .bool), ("number", .number):
            return []
        case ("integer", .number(let number)):
            return number == number.rounded() ? [] : ["\(path): \(number) is not an integer"]
        case ("array", .array(let items)):
            guard let itemFact = fact["items"] else { return [] }
            return items.enumerated().flatMap { check($1, itemFact, at: "\(path)[\($0)]") }
        case ("object", .object(let entries)):
            guard let valueType = fact["values"]?.string else { return [] }
            return entries.flatMap { check($1, .object(["type": .string(valueType)]), at: "\(path).\($0)") }
        default:
            return ["\(path): expected \(type), got \(value)"]
        }
    }
}
