/// Roster's version: `roster --version` prints it and the User-Agent of every request carries it.
public enum RosterVersion {
    public static let string = "0.1.0"
}
