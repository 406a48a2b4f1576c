import ScaleSupport
/// Quoting for SQL identifiers (table and column names), which cannot be bound as parameters.
public enum SQLIdentifier {
    /// `name` in double quotes with embedded quotes doubled: safe to splice into SQL as a name.
    public static func quote(_ name: String) -> String {
        var quoted = "\""
        for character in name {
            quoted.append(character)
            if character == "\"" { quoted.append("\"") }
        }
        quoted.append("\"")
        return quoted
    }

    /// Names quoted and joined with ", ".
    public static func list(_ names: [String]) -> String {
        names.map(quote).joined(separator: ", ")
    }
}
