import CacheAnalysis
import CacheReports
import Testing

struct StepTextShortTests {
    /// A step quoted in a report is cut at 60 characters after escaping: the cut never splits
    /// an escape (it printed `\u{2…`, which reads as a different character).
    @Test func shortStepNeverEndsInsideAnEscape() {
        let a = String(repeating: "a", count: 53)
        #expect(StepText.short("RUN " + a + "\u{202e}evil # buildkit") == "`RUN " + a + "…`")
        #expect(StepText.short("RUN " + a + "xy\u{1b}[31m") == "`RUN " + a + "xy…`")
        #expect(StepText.short("RUN \u{1b}[31m") == "`RUN \\u{1b}[31m`")
    }
}
