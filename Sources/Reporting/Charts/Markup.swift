import Foundation

/// Escaping and number formatting for hand-written XHTML and SVG.
enum Markup {
    /// Escapes text for element content and double-quoted attributes (XML-safe, no named HTML entities).
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            // Control characters are not allowed in XML 1.0 at all.
            case _ where scalar.value < 0x20 && scalar != "\n" && scalar != "\t": escaped += " "
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// A coordinate with one decimal; never `nan` or `inf` (those would make the SVG invalid).
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        return String(format: "%.1f", value)
    }
}
