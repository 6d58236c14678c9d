#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Small POSIX helpers so the credential code needs no Foundation.
enum POSIX {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// The whole file, or nil when it does not exist. Throws when it exists but cannot be read or is too big.
    static func readFile(_ path: String, limit: Int) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw Failure(description: errnoText())
        }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(description: errnoText())
            }
            if n == 0 { break }
            out.append(contentsOf: buffer[0..<n])
            if out.count > limit { throw Failure(description: "larger than \(limit) bytes") }
        }
        return out
    }

    static func isExecutable(_ path: String) -> Bool {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }

    static func processEnvironment() -> [String: String] {
        var env: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") {
                env[String(s[..<eq])] = String(s[s.index(after: eq)...])
            }
            p += 1
        }
        return env
    }

    static func homeDirectory(_ env: [String: String]) -> String? {
        if let h = env["HOME"], !h.isEmpty { return h }
        guard let pw = getpwuid(getuid()), let dir = pw.pointee.pw_dir else { return nil }
        return String(cString: dir)
    }

    /// Finds `name` on `PATH` (from `env`).
    static func which(_ name: String, env: [String: String]) -> String? {
        let path = env["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = dir.hasSuffix("/") ? "\(dir)\(name)" : "\(dir)/\(name)"
            if isExecutable(candidate) { return candidate }
        }
        return nil
    }

    struct ProcessResult {
        let status: Int32
        let stdout: [UInt8]
        let stderr: [UInt8]
    }

    /// Runs `path args…` with `env`, feeds `input` on stdin, collects stdout and stderr
    /// (each capped at `outputLimit`), and waits for it to exit.
    static func run(path: String, arguments: [String], env: [String: String], input: [UInt8], outputLimit: Int = 1 << 20) throws -> ProcessResult {
        signal(SIGPIPE, SIG_IGN) // a helper that exits early must not kill us while we write its stdin
        var inPipe: [Int32] = [0, 0], outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        guard pipe(&inPipe) == 0, pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw Failure(description: "pipe: \(errnoText())") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in inPipe + outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv { free(p) }; for p in envp { free(p) } }
        var pid = pid_t()
        let rc = posix_spawn(&pid, path, &actions, nil, argv, envp)
        close(inPipe[0]); close(outPipe[1]); close(errPipe[1])
        guard rc == 0 else {
            close(inPipe[1]); close(outPipe[0]); close(errPipe[0])
            throw Failure(description: "cannot start \(path): \(errnoText(rc))")
        }
        // Input is small (a server URL): write it all, then close so the helper sees EOF.
        var offset = 0
        while offset < input.count {
            let n = input[offset...].withUnsafeBytes { write(inPipe[1], $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; break }
            offset += n
        }
        close(inPipe[1])
        var out: [UInt8] = [], err: [UInt8] = []
        var fds = [pollfd(fd: outPipe[0], events: Int16(POLLIN), revents: 0), pollfd(fd: errPipe[0], events: Int16(POLLIN), revents: 0)]
        var open = 2
        var buffer = [UInt8](repeating: 0, count: 16384)
        while open > 0 {
            let p = poll(&fds, nfds_t(fds.count), 30_000)
            if p < 0 { if errno == EINTR { continue }; break }
            if p == 0 { kill(pid, SIGKILL); break } // a helper that hangs for 30 s is killed
            for k in 0..<fds.count where fds[k].fd >= 0 && fds[k].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(fds[k].fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    if k == 0 { if out.count < outputLimit { out.append(contentsOf: buffer[0..<n]) } }
                    else { if err.count < outputLimit { err.append(contentsOf: buffer[0..<n]) } }
                } else if n == 0 || errno != EINTR {
                    close(fds[k].fd); fds[k].fd = -1; open -= 1
                }
            }
        }
        for f in fds where f.fd >= 0 { close(f.fd) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = (status & 0x7f) == 0
        let code: Int32 = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ProcessResult(status: code, stdout: out, stderr: err)
    }
}

/// Writes to file descriptor 2, unbuffered.
func writeStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes[offset...].withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
        if n <= 0 { if n < 0 && errno == EINTR { continue }; return }
        offset += n
    }
}
