import Crypto
import Foundation

extension Questionnaire {
  /// The canonical form: the parsed questionnaire as JSON with sorted keys.
  ///
  /// Comments, key order, quoting and spacing in the file do not change it; any change to a
  /// text, score, weight, threshold or condition does.
  public func canonicalJSON() -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // Every value in the model encodes; a failure here would be a programming error.
    return (try? encoder.encode(self)) ?? Data()
  }

  /// `sha256:` and the hex digest of ``canonicalJSON()``.
  public func computeHash() -> String {
    let digest = SHA256.hash(data: canonicalJSON())
    return "sha256:" + hexadecimal(digest)
  }
}
