@testable import CLI
import Testing

@Suite("Job spinner")
struct SpinnerTests {
    @Test func drawsOnATerminalAndErasesItself() async throws {
        let captured = CapturedTerminal()
        var terminal = captured.terminal
        terminal.stderrIsTerminal = true
        let spinner = try #require(Spinner.start(jobId: "job-1", terminal: terminal))
        spinner.polled(2)
        try await Task.sleep(for: .milliseconds(250))
        await spinner.stop()
        #expect(captured.err.contains("waiting for job job-1: "))
        #expect(captured.err.contains("2 polls"))
        #expect(captured.err.hasSuffix("\r\u{1B}[2K"))
        #expect(captured.out == "")
    }

    @Test func staysSilentWhenStderrIsNotATerminal() {
        #expect(Spinner.start(jobId: "job-1", terminal: CapturedTerminal().terminal) == nil)
    }
}
