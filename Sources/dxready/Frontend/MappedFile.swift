import Foundation

/// A file mapped into memory read-only, whose pages can be given back once read: `bundle
/// import` reads a bundle's unpacked assessments (about 1.7 KB each, 160 MB for 100,000)
/// line by line and returns each stretch it has finished with, so that the mapped pages do not
/// add up in the process's memory.
final class MappedFile: @unchecked Sendable {
  let bytes: UnsafeRawBufferPointer
  private static let page = Int(sysconf(Int32(_SC_PAGESIZE)))

  /// Maps `path`; `nil` when it cannot be opened or mapped (the reason in `errno`).
  init?(path: String) {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { return nil }
    let size = Int(status.st_size)
    guard size > 0 else {
      bytes = UnsafeRawBufferPointer(start: nil, count: 0)
      return
    }
    guard let start = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), start != MAP_FAILED else {
      return nil
    }
    bytes = UnsafeRawBufferPointer(start: start, count: size)
  }

  deinit {
    if let start = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: start), bytes.count) }
  }

  /// A copy of the bytes in `range`.
  subscript(range: Range<Int>) -> [UInt8] { Array(bytes[range]) }

  /// Gives back the pages wholly before `offset`: they are read again from the file if touched.
  func release(before offset: Int) {
    guard let start = bytes.baseAddress else { return }
    let length = min(offset, bytes.count) / Self.page * Self.page
    if length > 0 { madvise(UnsafeMutableRawPointer(mutating: start), length, Int32(MADV_DONTNEED)) }
  }
}
