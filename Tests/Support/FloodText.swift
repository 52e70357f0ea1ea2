/// Text like a pasted document, for flood tests at every level: words without q (so the paste
/// itself does not quit), spaces, newlines, now and then a slash.
public enum FloodText {
    public static func make(bytes: Int) -> String {
        let words = ["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do", "eiusmod",
                     "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliba", "jk", "gG", "/path/to"]
        var text = ""
        text.reserveCapacity(bytes + 16)
        var i = 0
        while text.utf8.count < bytes {
            text += words[(i * 7 + i / 3) % words.count]
            text += i % 11 == 10 ? "\n" : " "
            i += 1
        }
        return text
    }
}
