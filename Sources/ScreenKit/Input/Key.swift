/// A key press, decoded by the terminal backend. The core never sees raw escape sequences.
public enum Key: Equatable, Hashable, Sendable {
    case char(Character)          // a printable character (any script)
    case ctrl(Character)          // Ctrl + a letter, lower-case ("s" for Ctrl-S)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, tab, backTab, escape, backspace, delete
    case function(Int)
}
