/// Splits condition text into tokens, remembering where each one starts.
struct ConditionLexer {
  enum Kind: Equatable {
    case word(String)
    case number(Double)
    case string(String)
    case comparison(Comparison)
    case open, close, comma
    case end
  }

  struct Token: Equatable {
    var kind: Kind
    var offset: Int
  }

  static func tokens(_ text: String) -> Result<[Token], ConditionProblem> {
    let scalars = Array(text.unicodeScalars)
    var tokens: [Token] = []
    var i = 0
    func isWordScalar(_ c: Unicode.Scalar) -> Bool {
      ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_"
        || c == "-" || c == "."
    }
    while i < scalars.count {
      let c = scalars[i]
      let start = i
      switch c {
      case " ", "\t", "\n", "\r":
        i += 1
      case "(":
        tokens.append(Token(kind: .open, offset: start))
        i += 1
      case ")":
        tokens.append(Token(kind: .close, offset: start))
        i += 1
      case ",":
        tokens.append(Token(kind: .comma, offset: start))
        i += 1
      case "=", "!", "<", ">":
        let next = i + 1 < scalars.count ? scalars[i + 1] : " "
        let pair = String(c) + String(next)
        let op: Comparison?
        switch pair {
        case "==": op = .equal
        case "!=": op = .notEqual
        case "<=": op = .lessOrEqual
        case ">=": op = .greaterOrEqual
        default:
          op = c == "=" ? .equal : c == "<" ? .less : c == ">" ? .greater : nil
        }
        guard let op else {
          return .failure(ConditionProblem(offset: start, message: "`!` must be followed by `=`; use `not` to negate"))
        }
        i += pair == "==" || op.rawValue.count == 2 ? 2 : 1
        tokens.append(Token(kind: .comparison(op), offset: start))
      case "\"", "'":
        var j = i + 1
        while j < scalars.count, scalars[j] != c { j += 1 }
        guard j < scalars.count else {
          return .failure(ConditionProblem(offset: start, message: "the quoted text is never closed"))
        }
        let value = String(String.UnicodeScalarView(scalars[(i + 1)..<j]))
        tokens.append(Token(kind: .string(value), offset: start))
        i = j + 1
      default:
        guard isWordScalar(c) else {
          return .failure(ConditionProblem(offset: start, message: "unexpected character `\(c)`"))
        }
        var j = i
        while j < scalars.count, isWordScalar(scalars[j]) { j += 1 }
        let word = String(String.UnicodeScalarView(scalars[i..<j]))
        let startsLikeNumber = ("0"..."9").contains(c) || (c == "-" && word.count > 1)
        if startsLikeNumber {
          guard let value = Double(word), value.isFinite else {
            return .failure(ConditionProblem(offset: start, message: "`\(word)` is not a number"))
          }
          tokens.append(Token(kind: .number(value), offset: start))
        } else {
          tokens.append(Token(kind: .word(word), offset: start))
        }
        i = j
      }
    }
    tokens.append(Token(kind: .end, offset: scalars.count))
    return .success(tokens)
  }
}
