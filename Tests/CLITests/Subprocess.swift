import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The built `cachectl` binary, run as a child process from the repository root, the way a user
/// or a CI job runs it: standard input is /dev/null, standard output and error are pipes (so
/// never a terminal, which is what turns colour off), and relative paths such as
/// `oci:fixtures/images` keep the output free of the checkout's location.
enum Cachectl {
    /// The repository root (this file is Tests/CLITests/Subprocess.swift).
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The directory SwiftPM builds products into. On Linux the test runner is itself an
    /// executable in that directory; on macOS it is a `.xctest` bundle in it.
    static let productsDirectory: URL = {
        #if os(macOS)
            for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
                return bundle.bundleURL.deletingLastPathComponent()
            }
            fatalError("no .xctest bundle among the loaded bundles: cannot find the products directory")
        #else
            return Bundle.main.bundleURL
        #endif
    }()

    static let executable = productsDirectory.appendingPathComponent("cachectl").path

    /// The child's environment: the test's own, with the variables that change cachectl's output
    /// pinned. NO_COLOR is removed so that "no colour when piped" is tested, not assumed;
    /// COLUMNS fixes the width the argument parser wraps help text at.
    static let environment: [String] = {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        env["LINES"] = nil
        env["TERM"] = "xterm-256color"
        env["COLUMNS"] = "80"
        return env.map { "\($0.key)=\($0.value)" }
    }()

    enum Output: Equatable {
        /// A pipe the test reads.
        case pipe
        /// Descriptor 1 closed before the program starts.
        case closed
        /// A path opened for writing (e.g. /dev/full).
        case file(String)
    }

    struct Result {
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
        var out: String { String(decoding: stdout, as: UTF8.self) }
        var err: String { String(decoding: stderr, as: UTF8.self) }
        /// Standard output then standard error, as `2>&1` into one capture would mostly show them.
        var combined: String { out + err }
    }

    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `cachectl arguments…` and waits for it.
    static func run(_ arguments: [String], stdout: Output = .pipe) throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw SpawnError(
                description: "no cachectl binary at \(executable); `swift test` builds it (CLITests depends on the cachectl target)")
        }
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard pipe(&errPipe) == 0 else { throw SpawnError(description: "pipe: errno \(errno)") }
        if stdout == .pipe { guard pipe(&outPipe) == 0 else { throw SpawnError(description: "pipe: errno \(errno)") } }
        defer { for fd in outPipe + errPipe where fd >= 0 { close(fd) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        switch stdout {
        case .pipe: posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        case .closed: posix_spawn_file_actions_addclose(&actions, 1)
        case let .file(path): posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in outPipe + errPipe where fd >= 0 { posix_spawn_file_actions_addclose(&actions, fd) }
        guard addChdir(&actions, root) == 0 else { throw SpawnError(description: "posix_spawn_file_actions_addchdir_np failed") }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { for p in argv + envp { free(p) } }
        var pid = pid_t()
        let rc = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard rc == 0 else { throw SpawnError(description: "posix_spawn \(executable): errno \(rc)") }
        for i in [1] {
            if outPipe[i] >= 0 { close(outPipe[i]); outPipe[i] = -1 }
            close(errPipe[i]); errPipe[i] = -1
        }
        let (out, err) = drain(outPipe[0], errPipe[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, spelled out (the C macros are not imported).
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: code, stdout: out, stderr: err)
    }

    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29, macOS 10.15), looked up at run time
    /// because the C module does not declare it: the child starts in the repository root
    /// without the test process changing its own directory under tests running in parallel.
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private static let addChdir: AddChdir = {
        #if os(macOS)
            let handle = UnsafeMutableRawPointer(bitPattern: -2)  // RTLD_DEFAULT
        #else
            let handle: UnsafeMutableRawPointer? = nil  // RTLD_DEFAULT
        #endif
        guard let symbol = dlsym(handle, "posix_spawn_file_actions_addchdir_np") else {
            fatalError("the C library has no posix_spawn_file_actions_addchdir_np")
        }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    /// Reads both pipes to their end at once, so a child that fills one never blocks on it.
    private static func drain(_ a: Int32, _ b: Int32) -> ([UInt8], [UInt8]) {
        var buffers: [[UInt8]] = [[], []]
        var fds = [pollfd(fd: a, events: Int16(POLLIN), revents: 0), pollfd(fd: b, events: Int16(POLLIN), revents: 0)]
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while fds.contains(where: { $0.fd >= 0 }) {
            if poll(&fds, nfds_t(fds.count), -1) < 0 { if errno == EINTR { continue } else { break } }
            for i in fds.indices where fds[i].fd >= 0 && fds[i].revents != 0 {
                let n = read(fds[i].fd, &chunk, chunk.count)
                if n > 0 { buffers[i] += chunk[0..<n] } else if n == 0 || errno != EINTR { fds[i].fd = -1 }
            }
        }
        return (buffers[0], buffers[1])
    }
}
