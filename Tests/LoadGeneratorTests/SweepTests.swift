import Testing
@testable import LoadGenerator

@Suite struct SweepTests {
    @Test func gridExpandsFirstParameterSlowest() throws {
        let grid = try ParameterGrid([
            SweepParameter(name: "clients", values: ["1", "8", "64"]),
            SweepParameter(name: "dist", values: ["uniform", "zipfian"]),
        ])
        #expect(grid.cellCount == 6)
        #expect(grid.cells.map(\.label) == [
            "clients=1 dist=uniform", "clients=1 dist=zipfian",
            "clients=8 dist=uniform", "clients=8 dist=zipfian",
            "clients=64 dist=uniform", "clients=64 dist=zipfian",
        ])
        let cell = grid.cell(at: 3)
        #expect(cell["clients"] == "8" && cell["dist"] == "zipfian" && cell["shards"] == nil)
        #expect(cell.dictionary == ["clients": "8", "dist": "zipfian"])
        #expect(cell.assignments.map(\.name) == ["clients", "dist"])
    }

    @Test func threeParametersCountAndOrder() throws {
        let grid = try ParameterGrid(["a=1,2", "b=x,y,z", "c=p,q"].map(SweepParameter.parse))
        #expect(grid.cellCount == 12)
        #expect(grid.cells.count == 12)
        #expect(grid.cells.first?.label == "a=1 b=x c=p")
        #expect(grid.cells[1].label == "a=1 b=x c=q")
        #expect(grid.cells[2].label == "a=1 b=y c=p")
        #expect(grid.cells.last?.label == "a=2 b=z c=q")
        #expect(Set(grid.cells).count == 12)
    }

    @Test func emptyGridHasOneDefaultCell() throws {
        let grid = try ParameterGrid([])
        #expect(grid.cells == [SweepCell(assignments: [])])
    }

    @Test func badSweepsAreRejected() {
        expectParseError(.invalidAssignment) { try ParameterGrid([SweepParameter(name: "a", values: ["1"]), SweepParameter(name: "a", values: ["2"])]) }
        expectParseError(.invalidList) { try ParameterGrid([SweepParameter(name: "a", values: [])]) }
        expectParseError(.invalidAssignment) { try ParameterGrid([SweepParameter(name: "", values: ["1"])]) }
        expectParseError(.invalidList) { try SweepParameter.parse("clients=1,,8") }
        expectParseError(.invalidAssignment) { try SweepParameter.parse("clients") }
    }
}
