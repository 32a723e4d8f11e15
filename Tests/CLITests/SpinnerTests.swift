@testable import CLI
import Testing

@Suite("Job spinner")
struct SpinnerTests {
    struct Broken: Error {}

    @Test func drawsOnATerminalAndErasesItself() async throws {
        let captured = CapturedTerminal()
        var terminal = captured.terminal
        terminal.stderrIsTerminal = true
        let answer = try await Spinner.showing(jobId: "job-1", terminal: terminal) { spinner in
            spinner?.polled(2)
            try await Task.sleep(for: .milliseconds(250))
            return 7
        }
        #expect(answer == 7)
        #expect(captured.err.contains("waiting for job job-1: "))
        #expect(captured.err.contains("2 polls"))
        #expect(captured.err.hasSuffix("\r\u{1B}[2K"))
        #expect(captured.out == "")
    }

    @Test func erasesItselfWhenTheWaitFails() async throws {
        let captured = CapturedTerminal()
        var terminal = captured.terminal
        terminal.stderrIsTerminal = true
        await #expect(throws: Broken.self) {
            try await Spinner.showing(jobId: "job-1", terminal: terminal) { _ in
                try await Task.sleep(for: .milliseconds(150))
                throw Broken()
            }
        }
        #expect(captured.err.contains("waiting for job job-1: "))
        #expect(captured.err.hasSuffix("\r\u{1B}[2K"))
    }

    @Test func staysSilentWhenStderrIsNotATerminal() async throws {
        let captured = CapturedTerminal()
        let answer = try await Spinner.showing(jobId: "job-1", terminal: captured.terminal) { spinner in
            #expect(spinner == nil)
            return 1
        }
        #expect(answer == 1)
        #expect(captured.err == "")
    }
}
