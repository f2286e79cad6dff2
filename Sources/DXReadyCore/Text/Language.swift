/// A language dxready speaks. Vietnamese is the default everywhere.
public enum Language: String, Sendable, Hashable, Codable, CaseIterable {
  case vi
  case en
}
