import Directions
import Foundation
import TensorCore
import TestSupport
import XCTest

final class BoundaryInputErrorTests: XCTestCase {
    func testMismatchedLengthsNameBothSizes() {
        let data = AuthoringFixtures.planted(n: 100, d: 4)
        XCTAssertThrowsError(try BoundaryTraining.train(codes: data.codes, scores: Array(data.scores.prefix(90)),
                                                        codesFile: "c.npy", scoresFile: "s.npy")) { error in
            XCTAssertEqual(error as? AuthoringError, .lengthMismatch(codesFile: "c.npy", codes: 100, scoresFile: "s.npy", scores: 90))
            XCTAssertTrue("\(error)".contains("100") && "\(error)".contains("90"), "\(error)")
        }
    }

    func testRatioAndSplitRanges() {
        let scores = (0..<1000).map(Float.init)
        for bad in [0, -0.1, 0.51, .nan] {
            XCTAssertThrowsError(try BoundaryTraining.select(scores: scores, options: .init(ratio: bad))) { error in
                guard case .invalidRatio = error as? AuthoringError else { return XCTFail("\(error)") }
            }
        }
        XCTAssertEqual(try BoundaryTraining.select(scores: scores, options: .init(ratio: 0.5)).perClass, 500)
        XCTAssertThrowsError(try BoundaryTraining.select(scores: scores, options: .init(trainSplit: 1))) { error in
            XCTAssertEqual(error as? AuthoringError, .invalidTrainSplit(1))
        }
    }

    func testTooFewSamplesPerClass() {
        // 0.02 · 400 = 8 < 10.
        XCTAssertThrowsError(try BoundaryTraining.select(scores: (0..<400).map(Float.init), options: .init())) { error in
            XCTAssertEqual(error as? AuthoringError, .tooFewSamples(perClass: 8, minimum: 10, valid: 400, ratio: 0.02))
        }
        XCTAssertEqual(try BoundaryTraining.select(scores: (0..<500).map(Float.init), options: .init()).perClass, 10)
    }

    func testNaNScoresDroppedAndCountedUpToThreshold() throws {
        var scores = (0..<1000).map(Float.init)
        for i in stride(from: 0, to: 1000, by: 20) { scores[i] = .nan }       // 50 = 5%
        let selection = try BoundaryTraining.select(scores: scores, options: .init())
        XCTAssertEqual(selection.droppedNaN, 50)
        XCTAssertEqual(selection.validCount, 950)
        XCTAssertEqual(selection.perClass, 19)
        let chosen = selection.trainPositive + selection.validationPositive + selection.trainNegative + selection.validationNegative
        XCTAssertTrue(chosen.allSatisfy { scores[$0].isFinite })
        for i in stride(from: 1, to: 1000, by: 10) { scores[i] = .nan }       // +100 → 15%
        XCTAssertThrowsError(try BoundaryTraining.select(scores: scores, options: .init(), scoresFile: "s.csv")) { error in
            XCTAssertEqual(error as? AuthoringError, .tooManyNaNScores(file: "s.csv", nanCount: 150, total: 1000, maxFraction: 0.1))
        }
    }

    func testBadCodesAndConditionShapes() {
        XCTAssertThrowsError(try BoundaryTraining.train(codes: Tensor(shape: [4], values: [1, 2, 3, 4]), scores: [1, 2, 3, 4])) { error in
            XCTAssertEqual(error as? AuthoringError, .codesShape(file: "codes", shape: [4]))
        }
        let data = AuthoringFixtures.planted(n: 1000, d: 8)
        XCTAssertThrowsError(try BoundaryTraining.train(codes: data.codes, scores: data.scores,
                                                        conditions: [("age", Tensor(zeros: [1, 9]))])) { error in
            guard case .conditionMismatch(let name, _) = error as? AuthoringError else { return XCTFail("\(error)") }
            XCTAssertEqual(name, "age")
        }
    }

    func testScoreFilesNPYAndCSV() throws {
        let dir = try DirectionFixtures.temporaryDirectory(self, "scores")
        let npy = dir.appendingPathComponent("s.npy")
        try DirectionFixtures.writeNPY(npy, shape: [3, 1], values: [1, 2, 3])
        XCTAssertEqual(try AuthoringInput.scores(npy), [1, 2, 3])
        try DirectionFixtures.writeNPY(npy, shape: [3, 2], values: [1, 2, 3, 4, 5, 6])
        XCTAssertThrowsError(try AuthoringInput.scores(npy)) { XCTAssertTrue("\($0)".contains("[3, 2]"), "\($0)") }

        let plain = dir.appendingPathComponent("s.txt")
        try "0.5\n-1\nnan\n\n2e1\n".write(to: plain, atomically: true, encoding: .utf8)
        let withBlank = try AuthoringInput.scores(plain)               // a blank line is a missing score (NaN)
        XCTAssertEqual(withBlank.count, 5); XCTAssertTrue(withBlank[3].isNaN); XCTAssertEqual(withBlank[4], 20)
        let clean = dir.appendingPathComponent("t.txt")
        try "0.5\n-1\nnan\n2e1\n".write(to: clean, atomically: true, encoding: .utf8)
        let values = try AuthoringInput.scores(clean)
        XCTAssertEqual(values.count, 4)
        XCTAssertEqual(values[0], 0.5); XCTAssertEqual(values[1], -1); XCTAssertTrue(values[2].isNaN); XCTAssertEqual(values[3], 20)

        let csv = dir.appendingPathComponent("s.csv")
        try "file,smile,age\na.png,0.9,30\nb.png,,41\n".write(to: csv, atomically: true, encoding: .utf8)
        let smile = try AuthoringInput.scores(csv, column: "smile")
        XCTAssertEqual(smile.count, 2); XCTAssertEqual(smile[0], 0.9); XCTAssertTrue(smile[1].isNaN)
        XCTAssertEqual(try AuthoringInput.scores(csv, column: "2"), [30, 41])
        XCTAssertThrowsError(try AuthoringInput.scores(csv)) { XCTAssertTrue("\($0)".contains("--score-column"), "\($0)") }
        XCTAssertThrowsError(try AuthoringInput.scores(csv, column: "file")) { XCTAssertTrue("\($0)".contains("a.png"), "\($0)") }
    }
}

final class CodesDirectoryTests: XCTestCase {
    /// A directory of per-sample codes (as `generate --codes-only` writes) stacks in file-name order.
    func testDirectoryOfCodesStacksByName() throws {
        let dir = try DirectionFixtures.temporaryDirectory(self, "codes")
        try DirectionFixtures.writeNPY(dir.appendingPathComponent("seed0001.npy"), shape: [2, 3], values: [7, 8, 9, 10, 11, 12])
        try DirectionFixtures.writeNPY(dir.appendingPathComponent("seed0000.npy"), shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        try "x".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let codes = try AuthoringInput.codes(dir)
        XCTAssertEqual(codes.shape, [2, 2, 3])
        XCTAssertEqual(codes.scalars, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
        try DirectionFixtures.writeNPY(dir.appendingPathComponent("seed0002.npy"), shape: [3, 3])
        XCTAssertThrowsError(try AuthoringInput.codes(dir)) { error in
            XCTAssertTrue("\(error)".contains("seed0002.npy") && "\(error)".contains("[2, 3]"), "\(error)")
        }
        let flat = try DirectionFixtures.temporaryDirectory(self, "codes-w")
        try DirectionFixtures.writeNPY(flat.appendingPathComponent("a.npy"), shape: [1, 4], values: [1, 2, 3, 4])
        try DirectionFixtures.writeNPY(flat.appendingPathComponent("b.npy"), shape: [4], values: [5, 6, 7, 8])
        XCTAssertEqual(try AuthoringInput.codes(flat).shape, [2, 4])
    }
}
