import ScaleSupport
extension NemesisSchedule {
    /// Parses a compact schedule; events are separated by ";" or ",".
    ///
    ///     event     := action "@" time ["+" duration]      time and duration like "1s", "500ms"
    ///     action    := "down:" nodes | "up:" nodes
    ///                | "partition:" nodes "|" nodes ["|" nodes ...]   symmetric
    ///                | "partition:" nodes ">" nodes                   one-way: left→right dropped
    ///                | "heal" [":" partition] | "reset"
    ///                | "loss:" probability                            "0.1" or "10%"
    ///                | "slow:" nodes ":" duration                      extra delay to/from the nodes
    ///                | "random-down:" every ":" downtime              needs "+window"
    ///                | "random-partition:" every ":" length           needs "+window"
    ///     nodes     := node ("," node)*                    node := number | "client"
    ///
    /// "+duration" undoes the action after that long (down→up, partition→heal, loss/slow→off).
    /// Example: "down:2@3s+2s; partition:0,1|2@1s+500ms; loss:10%@2s+2s".
    /// `nodes` are the network's nodes (for checking numbers and for random events); `seed` drives
    /// the random events.
    public init(parsing text: String, nodes: [NodeID], seed: UInt64 = 0) throws(NetworkConfigError) {
        var events: [NemesisEvent] = []
        for (index, eventText) in NemesisText.splitEvents(text).enumerated() {
            let parser = NemesisEventParser(text: eventText, nodes: nodes, seed: seed &+ UInt64(index))
            events += try parser.parse()
        }
        self.init(events)
    }
}

/// Reading and writing the pieces of the schedule syntax.
enum NemesisText {
    static let actionNames = ["down", "up", "partition", "heal", "reset", "loss", "slow", "random-down", "random-partition"]

    /// The node as written in schedules: "2" or "client".
    static func node(_ node: NodeID) -> String { node.isClient ? "client" : String(node.rawValue) }

    /// Splits on ";" always and on "," only where a word other than "client" follows (node lists use ",").
    static func splitEvents(_ text: String) -> [String] {
        var events: [String] = []
        for chunk in text.split(separator: ";") {
            for (index, piece) in chunk.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
                let trimmed = NetworkDurationText.trimmed(piece)
                if index > 0, let last = events.last, !startsEvent(trimmed) {
                    events[events.count - 1] = last + "," + trimmed
                } else {
                    events.append(trimmed)
                }
            }
        }
        return events.filter { !$0.isEmpty }
    }

    private static func startsEvent(_ piece: String) -> Bool {
        let name = piece.prefix { $0.isLetter || $0 == "-" }
        let next = piece.dropFirst(name.count).first
        // Any word but "client" starts an event, so a misspelt action is reported as unknown.
        return !name.isEmpty && name != "client" && (next == nil || next == ":" || next == "@")
    }
}

/// Parses one event ("down:2@3s+2s") into one or more timed actions.
struct NemesisEventParser {
    let text: String
    let nodes: [NodeID]
    let seed: UInt64

    func parse() throws(NetworkConfigError) -> [NemesisEvent] {
        let halves = text.split(separator: "@", omittingEmptySubsequences: false)
        guard halves.count == 2 else {
            throw fail("it needs one \"@time\"; write e.g. \"down:2@3s+2s\"")
        }
        let timing = halves[1].split(separator: "+", omittingEmptySubsequences: false)
        guard timing.count <= 2 else { throw fail("it has more than one \"+duration\"; write e.g. \"down:2@3s+2s\"") }
        let startNanos = try duration(String(timing[0]), "start time")
        let durationNanos = timing.count == 2 ? try duration(String(timing[1]), "duration") : nil
        let actionText = String(halves[0])
        let name = String(actionText.prefix { $0 != ":" })
        let argument = actionText.count > name.count ? String(actionText.dropFirst(name.count + 1)) : nil

        switch name {
        case "random-down", "random-partition":
            return try randomEvents(name, argument, startNanos: startNanos, durationNanos: durationNanos)
        default:
            let action = try self.action(name, argument)
            if durationNanos != nil && action.undo == nil {
                throw fail("\"\(name)\" cannot be undone after a \"+duration\"; drop the \"+...\"")
            }
            return NemesisSchedule.window(action, startNanos: startNanos, durationNanos: durationNanos)
        }
    }

    private func action(_ name: String, _ argument: String?) throws(NetworkConfigError) -> NetworkFaultAction {
        switch name {
        case "down": return .down(try nodeList(required(argument, "down:2")))
        case "up": return .up(try nodeList(required(argument, "up:2")))
        case "partition": return .partition(try partition(required(argument, "partition:0,1|2")))
        case "heal": return try argument.map { arg throws(NetworkConfigError) in .heal(try partition(arg)) } ?? .healAll
        case "reset":
            guard argument == nil else { throw fail("\"reset\" takes no argument; write \"reset@5s\"") }
            return .reset
        case "loss": return .loss(probability: try probability(required(argument, "loss:0.1")))
        case "slow":
            let parts = try required(argument, "slow:2:5ms").split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw fail("slow needs nodes and an extra delay; write e.g. \"slow:2:5ms@1s+2s\"") }
            return .slow(try nodeList(String(parts[0])), extraNanos: try duration(String(parts[1]), "extra delay"))
        default:
            throw fail("unknown action \"\(name)\"; use one of \(NemesisText.actionNames.joined(separator: ", "))")
        }
    }

    private func randomEvents(
        _ name: String, _ argument: String?, startNanos: UInt64, durationNanos: UInt64?
    ) throws(NetworkConfigError) -> [NemesisEvent] {
        let example = "\(name):2s:500ms@1s+10s"
        let parts = try required(argument, example).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw fail("\(name) needs a period and a length; write e.g. \"\(example)\"") }
        guard let durationNanos else { throw fail("\(name) needs a window \"+duration\"; write e.g. \"\(example)\"") }
        let everyNanos = try duration(String(parts[0]), "period")
        let lengthNanos = try duration(String(parts[1]), "length")
        guard everyNanos > 0 else { throw fail("the period must be above 0; write e.g. \"\(example)\"") }
        if name == "random-down" {
            return NemesisSchedule.randomCrashes(
                nodes: nodes, seed: seed, startNanos: startNanos, durationNanos: durationNanos,
                everyNanos: everyNanos, downNanos: lengthNanos
            ).events
        }
        return NemesisSchedule.randomPartitions(
            nodes: nodes, seed: seed, startNanos: startNanos, durationNanos: durationNanos,
            everyNanos: everyNanos, partitionNanos: lengthNanos
        ).events
    }

    private func partition(_ text: String) throws(NetworkConfigError) -> Partition {
        if text.contains(">") {
            let sides = text.split(separator: ">", omittingEmptySubsequences: false)
            guard sides.count == 2 else { throw fail("a one-way partition has two sides; write e.g. \"partition:0,1>2\"") }
            return .oneWay(from: try nodeList(String(sides[0])), to: try nodeList(String(sides[1])))
        }
        let groups = text.split(separator: "|", omittingEmptySubsequences: false)
        guard groups.count >= 2 else {
            throw fail("a partition needs groups separated by \"|\" (or \">\" for one-way); write e.g. \"partition:0,1|2\"")
        }
        var lists: [[NodeID]] = []
        for group in groups { lists.append(try nodeList(String(group))) }
        return .symmetric(lists)
    }

    private func nodeList(_ text: String) throws(NetworkConfigError) -> [NodeID] {
        var list: [NodeID] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            let word = NetworkDurationText.trimmed(piece)
            if word == "client" {
                list.append(.client)
                continue
            }
            guard let number = Int(word), number >= 0 else {
                throw fail("\"\(word)\" is not a node; write node numbers or \"client\", e.g. \"0,1\"")
            }
            guard nodes.contains(NodeID(number)) else {
                throw fail("node \(number) does not exist; use one of \(nodes.map(NemesisText.node).joined(separator: ","))")
            }
            list.append(NodeID(number))
        }
        return list
    }

    private func probability(_ text: String) throws(NetworkConfigError) -> Double {
        let isPercent = text.hasSuffix("%")
        guard let value = Double(isPercent ? String(text.dropLast()) : text), value.isFinite else {
            throw fail("loss \"\(text)\" is not a probability; write e.g. \"loss:0.1\" or \"loss:10%\"")
        }
        let probability = isPercent ? value / 100 : value
        guard probability >= 0 && probability <= 1 else {
            throw fail("loss \"\(text)\" is outside 0...1; write e.g. \"loss:0.1\" or \"loss:10%\"")
        }
        return probability
    }

    private func duration(_ text: String, _ what: String) throws(NetworkConfigError) -> UInt64 {
        do {
            return try NetworkDurationText.nanos(parsing: text, what: what)
        } catch {
            throw fail(error.message)
        }
    }

    private func required(_ argument: String?, _ example: String) throws(NetworkConfigError) -> String {
        guard let argument, !argument.isEmpty else { throw fail("it needs an argument; write e.g. \"\(example)@1s\"") }
        return argument
    }

    private func fail(_ problem: String) -> NetworkConfigError {
        NetworkConfigError(.invalidSchedule, "bad nemesis event \"\(text)\": \(problem)")
    }
}
