import ArgumentParser

extension ScaleBenchCommand {
    /// Parses `arguments` after `joiningNegativeValues`, so `--duration -1s` is read as a value
    /// the option can reject ("not positive") rather than as an unknown short option.
    public static func parseAsRootJoiningNegativeValues(_ arguments: [String]) throws -> any ParsableCommand {
        try parseAsRoot(joiningNegativeValues(arguments))
    }

    /// `--name -1s` becomes `--name=-1s`: no option of scalebench is a dash and a digit, so such
    /// an argument after a long option can only be a (negative) value for it.
    static func joiningNegativeValues(_ arguments: [String]) -> [String] {
        var joined: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                joined += arguments[index...]
                break
            }
            if argument.hasPrefix("--"), !argument.contains("="), index + 1 < arguments.count, isNegativeNumber(arguments[index + 1]) {
                joined.append("\(argument)=\(arguments[index + 1])")
                index += 2
                continue
            }
            joined.append(argument)
            index += 1
        }
        return joined
    }

    private static func isNegativeNumber(_ text: String) -> Bool {
        let characters = Array(text)
        guard characters.count >= 2, characters[0] == "-" else { return false }
        return characters[1].isNumber || (characters[1] == "." && characters.count >= 3 && characters[2].isNumber)
    }
}
