import Foundation
import ImageCodecs
import Studies
import TestSupport
import XCTest

/// The report renders in a real browser: headless Chromium screenshots it (skipped where `chromium` is absent).
final class ReportScreenshotTests: XCTestCase {
    private func chromium() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let url = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        return nil
    }

    func testHeadlessChromiumRendersTheReport() throws {
        guard let browser = chromium() else { throw XCTSkip("chromium is not installed") }
        let fixture = try StudyFixture()
        defer { fixture.remove() }
        let spec = try StudySpec(contentsOf: try fixture.write(fixture.standardStudy()))
        try StudyRunner(spec: spec).run()
        let shot = fixture.dir.appendingPathComponent("shot.png")
        let process = Process()
        process.executableURL = browser
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--screenshot=\(shot.path)",
                             "--window-size=1200,1600", spec.output.appendingPathComponent("report.html").absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(90)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
        if process.isRunning { process.terminate(); XCTFail("chromium did not finish in 90 s"); return }
        let image = try ImageFile.decode(contentsOf: shot)
        XCTAssertEqual(image.width, 1200)
        XCTAssertEqual(image.height, 1600)
        // Not blank: many distinct colours (text, table borders, coloured plot lines, the face grid).
        var colours = Set<UInt32>()
        for i in stride(from: 0, to: image.pixels.count, by: 3) {
            colours.insert(UInt32(image.pixels[i]) << 16 | UInt32(image.pixels[i + 1]) << 8 | UInt32(image.pixels[i + 2]))
        }
        XCTAssertGreaterThan(colours.count, 50)
        // The plots' series colours (#1f77b4) appear.
        XCTAssertTrue(colours.contains(0x1F77B4), "no plot line colour in the screenshot")
    }
}
