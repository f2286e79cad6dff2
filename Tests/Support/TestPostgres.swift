import Foundation

/// A PostgreSQL server for the tests: `DXREADY_TEST_POSTGRES_URL` when given, else a throwaway
/// cluster made here (`initdb`, `pg_ctl` on a socket in a temporary folder, as the `postgres`
/// user when the tests run as root) and stopped when the tests end.
public enum TestPostgres {
  public struct Server: Sendable {
    /// How to reach the server, without a database name.
    public var base: String
    public func url(_ database: String) -> String { base.replacingOccurrences(of: "{db}", with: database) }
  }

  public static let server: Result<Server, TestPostgresError> = {
    if let given = ProcessInfo.processInfo.environment["DXREADY_TEST_POSTGRES_URL"], !given.isEmpty {
      // postgresql://user@host:port/db → the same with each test's database.
      guard var parts = URLComponents(string: given) else { return .failure(TestPostgresError("bad URL \(given)")) }
      parts.path = "/{db}"
      return .success(Server(base: parts.string!.replacingOccurrences(of: "%7Bdb%7D", with: "{db}")))
    }
    return startCluster()
  }()

  private static let counter = Counter()

  /// A new database on the server, named for this process and a counter.
  public static func newDatabase() throws -> String {
    let server = try server.get()
    let name = "dxready_test_\(getpid())_\(counter.next())"
    guard run(["/usr/bin/psql", "-q", server.url("postgres"), "-c", "CREATE DATABASE \(name)"]) == 0 else {
      throw TestPostgresError("psql could not create the database \(name)")
    }
    return server.url(name)
  }

  private static func startCluster() -> Result<Server, TestPostgresError> {
    do {
      let cluster = try Cluster()
      shared = cluster
      atexit { TestPostgres.shared?.remove() }
      return .success(Server(base: cluster.url("{db}")))
    } catch let error as TestPostgresError {
      return .failure(error)
    } catch {
      return .failure(TestPostgresError("\(error)"))
    }
  }

  nonisolated(unsafe) static var shared: Cluster?

  /// A throwaway PostgreSQL cluster in a temporary folder, reached through a socket there:
  /// started when made, stopped (and started again) by the tests that need a server going away.
  public final class Cluster: @unchecked Sendable {
    let folder: String
    let bin: String
    let port: Int
    let asRoot = getuid() == 0
    private static let ports = Counter()

    public init() throws {
      let candidates =
        ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
        .sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
      guard let bin = candidates.first(where: { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }) else {
        throw TestPostgresError("no initdb under /usr/lib/postgresql/*/bin")
      }
      self.bin = bin
      var template = Array("/tmp/dxready-pg-XXXXXX".utf8CString)
      guard let made = mkdtemp(&template) else { throw TestPostgresError("mkdtemp failed") }
      folder = String(cString: made)
      port = 20000 + Int(getpid() % 20000) + Self.ports.next()
      if asRoot {
        guard TestPostgres.run(["/bin/chown", "postgres:postgres", folder]) == 0 else {
          throw TestPostgresError("cannot hand \(folder) to the postgres user (is there one?)")
        }
      }
      guard
        asServer([
          "\(bin)/initdb", "-D", "\(folder)/data", "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
          "-N",
        ]) == 0
      else { throw TestPostgresError("initdb failed in \(folder)") }
      try start()
    }

    private func asServer(_ arguments: [String]) -> Int32 {
      TestPostgres.run(asRoot ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + arguments : arguments)
    }

    /// Starts the server (again).
    public func start() throws {
      let options = "-p \(port) -k \(folder) -c listen_addresses='' -c fsync=off -c max_connections=200"
      // Up to three minutes, once more after a failure: on two cores busy with the other
      // tests, a start has been seen to take longer than pg_ctl's own minute.
      for attempt in 1...2 {
        if asServer([
          "\(bin)/pg_ctl", "-D", "\(folder)/data", "-l", "\(folder)/log", "-w", "-t", "180", "-o", options, "start",
        ]) == 0 {
          return
        }
        if attempt == 1 { _ = asServer(["\(bin)/pg_ctl", "-D", "\(folder)/data", "-m", "immediate", "stop"]) }
      }
      // The log goes with the folder: what it says is kept in the message.
      let log = (try? String(contentsOfFile: "\(folder)/log", encoding: .utf8)) ?? ""
      throw TestPostgresError(
        "pg_ctl could not start the server; its log ends:\n"
          + log.split(separator: "\n").suffix(8).joined(separator: "\n"))
    }

    /// Stops the server at once, as a crash or a pulled cable would: open connections break.
    public func stop() {
      _ = asServer(["\(bin)/pg_ctl", "-D", "\(folder)/data", "-m", "immediate", "stop"])
    }

    /// Stops the server and removes its folder.
    public func remove() {
      stop()
      try? FileManager.default.removeItem(atPath: folder)
    }

    /// A database's URL on this server.
    public func url(_ database: String) -> String {
      let host = folder.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? folder
      return "postgresql://postgres@/\(database)?host=\(host)&port=\(port)"
    }
  }

  /// Runs a program to its end, its output discarded; its exit status. (posix_spawn and
  /// waitpid: Foundation's Process can miss the end of a child started from a static's
  /// initialiser.)
  @discardableResult
  public static func run(_ arguments: [String]) -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    // Nothing else of the test process's is inherited: the server would keep every pipe and
    // socket open at that moment (other tests' children's output among them), and with
    // hundreds open it refused to start ("insufficient file descriptors").
    // (glibc ignores a close action on a descriptor closed meanwhile.)
    let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    for fd in open.compactMap({ Int32($0) }) where fd > 2 {
      posix_spawn_file_actions_addclose(&actions, fd)
    }
    var argv = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ) == 0 else { return -1 }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
  }
}

public struct TestPostgresError: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

final class Counter: @unchecked Sendable {
  private var value = 0
  private let lock = NSLock()
  func next() -> Int {
    lock.lock()
    defer { lock.unlock() }
    value += 1
    return value
  }
}
