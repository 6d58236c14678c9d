import ArgumentParser

@main
struct Cachectl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cachectl",
        abstract: "Explain BuildKit inline cache: what an image's cache covers and why builds miss it.",
        version: "0.1.0",
        subcommands: [Inspect.self, Diff.self]
    )
}
