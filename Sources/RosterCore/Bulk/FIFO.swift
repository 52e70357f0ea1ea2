/// A first-in first-out queue that frees what it has handed out (an array with a moving head,
/// compacted as it goes), so a 10,000-row run, or a pacer's recent successes, never holds more
/// than what is left.
public struct FIFO<Element> {
    private var items: [Element] = []
    private var head = 0

    public init(_ values: [Element] = []) { items = values }

    public var isEmpty: Bool { head == items.count }
    public var count: Int { items.count - head }
    public var first: Element? { isEmpty ? nil : items[head] }

    public mutating func append(_ value: Element) { items.append(value) }

    @discardableResult
    public mutating func removeFirst() -> Element {
        let value = items[head]
        head += 1
        if head > 64 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return value
    }
}

extension FIFO: Equatable where Element: Equatable {}
extension FIFO: Sendable where Element: Sendable {}
