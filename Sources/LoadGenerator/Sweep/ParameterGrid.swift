/// One named sweep parameter and the values it takes, e.g. `clients=[1, 8, 64]`.
public struct SweepParameter: Sendable, Hashable, Codable {
    /// The parameter name, e.g. `clients`.
    public var name: String
    /// The values, in sweep order.
    public var values: [String]

    /// A parameter taking `values` in order.
    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }

    /// Parses `name=v1,v2,...` (e.g. `clients=1,8,64`).
    public static func parse(_ text: String) throws -> SweepParameter {
        let (name, valueList) = try ParameterParsing.assignment(text)
        return SweepParameter(name: name, values: try ParameterParsing.list(valueList))
    }
}

/// One cell of a sweep: a value for every parameter, in the grid's parameter order.
public struct SweepCell: Sendable, Hashable, Codable {
    /// One parameter's value in this cell.
    public struct Assignment: Sendable, Hashable, Codable {
        /// The parameter name.
        public var name: String
        /// The value this cell gives it.
        public var value: String
        /// Parameter `name` set to `value`.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// One assignment per grid parameter, in the grid's parameter order.
    public var assignments: [Assignment]

    /// A cell from its assignments.
    public init(assignments: [Assignment]) { self.assignments = assignments }

    /// The value of parameter `name`, nil when the grid has no such parameter.
    public subscript(name: String) -> String? {
        assignments.first { $0.name == name }?.value
    }

    /// The cell as a dictionary (parameter order is lost).
    public var dictionary: [String: String] {
        Dictionary(assignments.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// `clients=8 dist=zipfian`, for labels and file names.
    public var label: String {
        assignments.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
    }
}

/// The cartesian product of sweep parameters, in stable order: the first parameter varies
/// slowest, the last fastest (like nested loops written in parameter order).
public struct ParameterGrid: Sendable, Hashable, Codable {
    /// The parameters, slowest-varying first.
    public let parameters: [SweepParameter]

    /// Throws when a name is empty or repeated, or a parameter has no values.
    public init(_ parameters: [SweepParameter]) throws {
        var names = Set<String>()
        for parameter in parameters {
            guard !parameter.name.isEmpty else {
                throw LoadGeneratorError(.invalidAssignment, "a sweep parameter has an empty name; write name=v1,v2")
            }
            guard names.insert(parameter.name).inserted else {
                throw LoadGeneratorError(.invalidAssignment, "sweep parameter '\(parameter.name)' is given twice; list all its values once: \(parameter.name)=v1,v2")
            }
            guard !parameter.values.isEmpty else {
                throw LoadGeneratorError(.invalidList, "sweep parameter '\(parameter.name)' has no values; write \(parameter.name)=v1,v2")
            }
        }
        self.parameters = parameters
    }

    /// Number of cells (1 for a grid without parameters: the single default run).
    public var cellCount: Int {
        parameters.reduce(1) { $0 * $1.values.count }
    }

    /// All cells, first parameter slowest.
    public var cells: [SweepCell] {
        (0..<cellCount).map(cell(at:))
    }

    /// Cell number `index` in `0..<cellCount`.
    public func cell(at index: Int) -> SweepCell {
        precondition(index >= 0 && index < cellCount, "sweep cell index \(index) out of range")
        var remainder = index
        var assignments = [SweepCell.Assignment]()
        assignments.reserveCapacity(parameters.count)
        for parameter in parameters.reversed() {
            let valueIndex = remainder % parameter.values.count
            remainder /= parameter.values.count
            assignments.append(SweepCell.Assignment(name: parameter.name, value: parameter.values[valueIndex]))
        }
        return SweepCell(assignments: assignments.reversed())
    }
}
