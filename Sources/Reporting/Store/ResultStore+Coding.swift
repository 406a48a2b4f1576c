import Foundation

extension ResultStore {
    /// Only the version, read first so a newer file gets a clear message instead of a decoding error.
    private struct SchemaHeader: Decodable {
        var schemaVersion: Int
    }

    /// Compact JSON with sorted keys, so the same result always gives the same bytes.
    func encode(_ file: ResultFile) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            var data = try encoder.encode(file)
            data.append(0x0A)
            return data
        } catch {
            throw ReportingError(
                .writeFailed,
                "cannot encode the results of suite \(file.suite) (\(Self.describe(error))); a metric is probably NaN or infinite"
            )
        }
    }

    static func decode(_ data: Data, path: String, detail: ScanDetail = .full) throws -> ResultFile {
        let decoder = JSONDecoder()
        let header: SchemaHeader
        do {
            header = try decoder.decode(SchemaHeader.self, from: data)
        } catch {
            throw ReportingError.corruptFile(path, reason: describe(error))
        }
        guard header.schemaVersion <= ResultFile.currentSchemaVersion else {
            throw ReportingError.newerSchema(path, version: header.schemaVersion)
        }
        guard header.schemaVersion >= 1 else {
            throw ReportingError.corruptFile(path, reason: "schema version \(header.schemaVersion) is not one scalebench ever wrote")
        }
        do {
            switch detail {
            case .full: return try decoder.decode(ResultFile.self, from: data)
            case .metricsOnly: return try decoder.decode(MetricsOnlyResultFile.self, from: data).resultFile
            }
        } catch {
            throw ReportingError.corruptFile(path, reason: describe(error))
        }
    }

    /// A short reason for a coding error: truncated JSON, a missing key, a wrong type.
    static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else {
            if let encoding = error as? EncodingError, case .invalidValue(let value, _) = encoding {
                return "invalid value \(value)"
            }
            return String(describing: error)
        }
        switch decoding {
        case .dataCorrupted:
            return "not valid JSON: truncated or corrupted"
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)'\(at(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "unexpected value\(at(context))"
        @unknown default:
            return "cannot decode it"
        }
    }

    private static func at(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        return path.isEmpty ? "" : " at \(path)"
    }
}
