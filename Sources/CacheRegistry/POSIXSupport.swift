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
        /// Set when the file is over the limit: its size (from fstat), or nil when it grew while read.
        var tooLarge: Int?? = nil
        /// Set when the path is not a regular file: what it is ("a FIFO", "a directory"…).
        var notRegular: String? = nil
    }

    static func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// What a non-regular file is, for messages.
    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a FIFO"
        case S_IFDIR: return "a directory"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "not a regular file"
        }
    }

    /// The whole file, or nil when it does not exist. Throws when it exists but cannot be read,
    /// is not a regular file, or is over `limit` bytes.
    ///
    /// Opened non-blocking (a FIFO must not hang us), then checked with fstat on what was opened
    /// (so a symlink cannot point the size check at one file and the read at another), and read
    /// at most `limit + 1` bytes whatever the size said.
    static func readFile(_ path: String, limit: Int) throws -> [UInt8]? {
        var out: [UInt8] = []
        let found = try readChunks(path, limit: limit, sizeHint: { out.reserveCapacity($0) }) { out.append(contentsOf: $0) }
        return found ? out : nil
    }

    /// `readFile`'s checks, with the bytes handed to `body` 64 KiB at a time instead of kept.
    /// False when there is no such file. `sizeHint` gets the file's size before the first read.
    @discardableResult
    static func readChunks(
        _ path: String, limit: Int, sizeHint: (Int) -> Void = { _ in },
        _ body: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        if fd < 0 {
            if errno == ENOENT || errno == ENOTDIR { return false }
            throw Failure(description: errnoText())
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Failure(description: errnoText()) }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            let k = kind(of: st.st_mode)
            throw Failure(description: "it is \(k), not a regular file", notRegular: k)
        }
        if Int(st.st_size) > limit {
            throw Failure(description: "it is \(st.st_size) bytes, larger than \(limit) bytes", tooLarge: .some(Int(st.st_size)))
        }
        sizeHint(Int(st.st_size))
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 65536)
        while total <= limit {
            let want = min(buffer.count, limit + 1 - total)
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, want) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(description: errnoText())
            }
            if n == 0 { break }
            total += n
            if total > limit { break }
            try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<n])) }
        }
        if total > limit { throw Failure(description: "larger than \(limit) bytes", tooLarge: .some(nil)) }
        return true
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

    /// Runs `path args…` with `env` in a process group of its own, feeds `input` on stdin and
    /// collects stdout and stderr. Bounded: after `timeout` seconds in all, or when either output
    /// passes `outputLimit` bytes, the whole group is killed and `Failure` is thrown. A helper
    /// that exits while a background child still holds its pipes is not waited for beyond a
    /// short grace period (the group is killed, what was read is kept).
    static func run(
        path: String, arguments: [String], env: [String: String], input: [UInt8],
        timeout: Double = 30, outputLimit: Int = 1 << 20
    ) throws -> ProcessResult {
        // A helper that exits early must not kill us while we write its stdin.
        let oldPipe = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, oldPipe) }
        var inPipe: [Int32] = [0, 0], outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        // Close-on-exec, so that a helper started at the same time by another task does not inherit
        // this one's pipes (and hold them open); dup2 onto 0, 1 and 2 clears the flag for this child.
        guard pipe(&inPipe) == 0, pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw Failure(description: "pipe: \(errnoText())") }
        for fd in inPipe + outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        for fd in [inPipe[1], outPipe[0], errPipe[0]] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in inPipe + outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attr, 0)

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv { free(p) }; for p in envp { free(p) } }
        var pid = pid_t()
        // ETXTBSY: the helper's file is still open for writing somewhere (being installed, or held
        // by a process that inherited the descriptor); it clears within moments, so retry briefly.
        var rc = posix_spawn(&pid, path, &actions, &attr, argv, envp)
        for attempt in 0..<6 where rc == ETXTBSY {
            usleep(UInt32(10_000 << attempt))
            rc = posix_spawn(&pid, path, &actions, &attr, argv, envp)
        }
        close(inPipe[0]); close(outPipe[1]); close(errPipe[1])
        guard rc == 0 else {
            close(inPipe[1]); close(outPipe[0]); close(errPipe[0])
            throw Failure(description: "cannot start \(path): \(errnoText(rc))")
        }
        let started = monotonicSeconds()
        let deadline = started + (timeout.isFinite ? max(0.01, timeout) : 30)
        var status: Int32 = 0
        var exited = false
        func reap(block: Bool) {
            guard !exited else { return }
            while true {
                let r = waitpid(pid, &status, block ? 0 : WNOHANG)
                if r < 0 && errno == EINTR { continue }
                if r == pid || r < 0 { exited = true }
                return
            }
        }
        func killGroup() {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
        }
        // Input is small (a server URL): write it all, non-blocking, then close so the helper sees EOF.
        _ = fcntl(inPipe[1], F_SETFL, fcntl(inPipe[1], F_GETFL) | O_NONBLOCK)
        var offset = 0
        while offset < input.count {
            let n = input[offset...].withUnsafeBytes { write(inPipe[1], $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN && monotonicSeconds() < deadline { usleep(1000); continue }
                break
            }
            offset += n
        }
        close(inPipe[1])
        var out: [UInt8] = [], err: [UInt8] = []
        var fds = [pollfd(fd: outPipe[0], events: Int16(POLLIN), revents: 0), pollfd(fd: errPipe[0], events: Int16(POLLIN), revents: 0)]
        defer { for f in fds where f.fd >= 0 { close(f.fd) } }
        var open = 2
        var buffer = [UInt8](repeating: 0, count: 16384)
        var failure: Failure?
        var exitedAt: Double?
        while open > 0 {
            let now = monotonicSeconds()
            if now >= deadline {
                failure = Failure(description: "it did not finish within \(Self.seconds(timeout)) s (the --timeout); it was killed")
                break
            }
            reap(block: false)
            if exited {
                // The helper is done; a background child may still hold the pipes. Drain briefly.
                if exitedAt == nil { exitedAt = now }
                if now - exitedAt! > 0.25 { break }
            }
            let slice = Int32(max(1, min(100, (deadline - now) * 1000)))
            let p = poll(&fds, nfds_t(fds.count), slice)
            if p < 0 { if errno == EINTR { continue }; break }
            if p == 0 { continue }
            for k in 0..<fds.count where fds[k].fd >= 0 && fds[k].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(fds[k].fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    if k == 0 { out.append(contentsOf: buffer[0..<n]) } else { err.append(contentsOf: buffer[0..<n]) }
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    close(fds[k].fd); fds[k].fd = -1; open -= 1
                }
            }
            if out.count > outputLimit || err.count > outputLimit {
                failure = Failure(description: "it printed more than \(outputLimit) bytes; it was killed")
                break
            }
        }
        // Pipes closed (or given up on): wait for the exit, within what is left of the deadline.
        while failure == nil && !exited {
            reap(block: false)
            if exited { break }
            if monotonicSeconds() >= deadline {
                failure = Failure(description: "it did not finish within \(Self.seconds(timeout)) s (the --timeout); it was killed")
                break
            }
            usleep(5000)
        }
        // Whatever is left of the group (stragglers holding pipes, or the helper itself) goes.
        killGroup()
        reap(block: true)
        if let failure { throw failure }
        let normal = (status & 0x7f) == 0
        let code: Int32 = normal ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ProcessResult(status: code, stdout: out, stderr: err)
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func seconds(_ s: Double) -> String { s == s.rounded() && s.isFinite && abs(s) < 1e9 ? String(Int(s)) : String(s) }
}

/// Reads files that are named on the command line (a Dockerfile, say): regular files only,
/// opened without blocking, at most `limit` bytes.
public enum LocalFile {
    public struct ReadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The file's bytes; a missing file is an error too.
    public static func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        do {
            guard let bytes = try POSIX.readFile(path, limit: limit) else { throw ReadError(description: "no such file") }
            return bytes
        } catch let e as ReadError {
            throw e
        } catch {
            throw ReadError(description: "\(error)")
        }
    }
}

/// Writes to file descriptor 2, unbuffered.
public func writeStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes[offset...].withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
        if n <= 0 { if n < 0 && errno == EINTR { continue }; return }
        offset += n
    }
}
