/// The fixed words of dxready's own output, in each language.
public enum Phrase {
  public static let overall = LocalizedText(vi: "Tổng điểm", en: "Overall score")
  public static let level = LocalizedText(vi: "Mức", en: "Level")
  public static let dimension = LocalizedText(vi: "Trụ cột", en: "Dimension")
  public static let score = LocalizedText(vi: "Điểm", en: "Score")
  public static let coverage = LocalizedText(vi: "Độ phủ", en: "Coverage")
  public static let dontKnowCount = LocalizedText(vi: "Không biết", en: "Don't know")
  public static let weakest = LocalizedText(vi: "Trụ cột yếu nhất", en: "Weakest dimension")
  public static let business = LocalizedText(vi: "Doanh nghiệp", en: "Business")
  public static let insufficientData = LocalizedText(vi: "không đủ dữ liệu", en: "insufficient data")
  public static let overallInsufficient = LocalizedText(
    vi: "Chưa tính được tổng điểm vì có trụ cột không đủ dữ liệu.",
    en: "No overall score: a dimension has insufficient data.")
  public static let notApplicable = LocalizedText(vi: "không áp dụng", en: "not applicable")
  public static let dontKnow = LocalizedText(vi: "không biết", en: "don't know")
  public static let unanswered = LocalizedText(vi: "chưa trả lời", en: "unanswered")
  public static let notScored = LocalizedText(vi: "không tính điểm", en: "not scored")
  public static let method = LocalizedText(vi: "Phương pháp", en: "Method")
  public static let of = LocalizedText(vi: "trên", en: "of")
  public static let points = LocalizedText(vi: "điểm", en: "points")
  public static let excludedNA = LocalizedText(
    vi: "câu “không áp dụng” không tính vào tử số lẫn mẫu số",
    en: "“not applicable” answers are left out of both sums")
  public static let tooManyNA = LocalizedText(
    vi: "quá nhiều câu “không áp dụng”", en: "too many “not applicable” answers")
  public static let noCountedAnswers = LocalizedText(
    vi: "không có câu trả lời nào được tính điểm", en: "no answer that counts")
}
