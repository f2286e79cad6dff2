/// One answer to one question.
public enum AnswerValue: Sendable, Hashable {
  /// The chosen option of a single-choice, ladder or yes/no question.
  case option(OptionID)
  /// The chosen options of a multiple-choice question, in the order given.
  case options([OptionID])
  case number(Double)
  case text(String)
  /// "Not applicable": left out of the score altogether.
  case notApplicable
  /// "Don't know": scores 0.
  case dontKnow

  /// How "not applicable" is written in answers files and conditions.
  public static let notApplicableKeyword = "not_applicable"
  /// How "don't know" is written in answers files and conditions.
  public static let dontKnowKeyword = "dont_know"
}

extension AnswerValue: CustomStringConvertible {
  /// The answer as written in an answers file.
  public var description: String {
    switch self {
    case .option(let id): id.rawValue
    case .options(let ids): "[" + ids.map(\.rawValue).joined(separator: ", ") + "]"
    case .number(let value): formatNumber(value)
    case .text(let text): "\"\(text)\""
    case .notApplicable: Self.notApplicableKeyword
    case .dontKnow: Self.dontKnowKeyword
    }
  }
}

extension AnswerValue: Codable {
  /// Answers are stored as they are written: an option id, a list of ids, a number, a text
  /// (`{text: …}` so that it can never be mistaken for an option), or a keyword.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    // The commonest form first (an option id): every form tried in vain costs a thrown error.
    if let word = try? container.decode(String.self) {
      switch word {
      case Self.notApplicableKeyword: self = .notApplicable
      case Self.dontKnowKeyword: self = .dontKnow
      default: self = .option(OptionID(word))
      }
    } else if let ids = try? container.decode([String].self) {
      self = .options(ids.map { OptionID($0) })
    } else if let number = try? container.decode(Double.self) {
      self = .number(number)
    } else {
      let wrapped = try container.decode([String: String].self)
      guard let text = wrapped["text"] else {
        throw DecodingError.dataCorruptedError(
          in: container, debugDescription: "an answer is an option id, a list of them, a number or {text: …}")
      }
      self = .text(text)
    }
  }

  /// The answer as JSON, as answers files write it.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .option(let id): try container.encode(id.rawValue)
    case .options(let ids): try container.encode(ids.map(\.rawValue))
    case .number(let value): try container.encode(value)
    case .text(let text): try container.encode(["text": text])
    case .notApplicable: try container.encode(Self.notApplicableKeyword)
    case .dontKnow: try container.encode(Self.dontKnowKeyword)
    }
  }
}
