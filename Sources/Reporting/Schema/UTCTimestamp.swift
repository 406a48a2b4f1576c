import Foundation

/// UTC timestamps for result files: ISO 8601 inside the file, a compact form in its name.
public enum UTCTimestamp {
    /// `2025-05-01T12:00:00Z` (whole seconds).
    public static func iso8601(_ date: Date) -> String {
        let fields = utcFields(date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ",
            fields.year, fields.month, fields.day, fields.hour, fields.minute, fields.second
        )
    }

    /// `20250501T120000Z`, sortable and safe in file names.
    public static func compact(_ date: Date) -> String {
        let fields = utcFields(date)
        return String(
            format: "%04d%02d%02dT%02d%02d%02dZ",
            fields.year, fields.month, fields.day, fields.hour, fields.minute, fields.second
        )
    }

    /// Turns an ISO 8601 stamp back into the compact file-name form (`unknown-time` if malformed).
    static func compact(fromISO8601 stamp: String) -> String {
        let digits = stamp.filter(\.isNumber)
        guard digits.count >= 14 else { return "unknown-time" }
        let chars = Array(digits)
        return String(chars[0..<8]) + "T" + String(chars[8..<14]) + "Z"
    }

    private static func utcFields(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return (parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }
}
