using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.ReportCards;

/// <summary>The kenaikan kelas / kelulusan decision of one or more students, semester 2 only. <see
/// cref="PromotionEntry.Kind"/> is one of <see cref="PromotionKinds"/>; blank withdraws the decision. <see
/// cref="PromotionEntry.Seen"/> is the kind the sender last saw (blank or null: none decided yet): a decision
/// changed since is a conflict, never overwritten.</summary>
public sealed record PromotionEntry(Guid StudentId, string? Kind, string? Seen = null);

public sealed record DecidePromotions(Guid CommandId, Guid ClassId, IReadOnlyList<PromotionEntry> Entries, Actor By, EntrySource Source) : ICommand;

public static class PromotionKinds
{
    public const string Promoted = "promoted";
    public const string Retained = "retained";
    public const string Graduated = "graduated";
    public const string NotGraduated = "not_graduated";

    /// <summary>The last year of SD (6), SMP (9) and SMA/SMK (<paramref name="lastLevel"/>: the school's, <see
    /// cref="SchoolProfileData.LastLevel"/>, XII or XIII of a four-year SMK): its students graduate instead of moving up.</summary>
    public static bool IsFinal(int level, int lastLevel) => level is 6 or 9 || level >= lastLevel;

    public static IReadOnlyList<string> For(int level, int lastLevel) => IsFinal(level, lastLevel) ? [Graduated, NotGraduated] : [Promoted, Retained];

    /// <summary>As the report prints it; class levels in Roman numerals ("Naik ke kelas XI").</summary>
    public static string Wording(string kind, int level) => kind switch
    {
        Promoted => $"Naik ke kelas {Roman(level + 1)}",
        Retained => $"Tinggal di kelas {Roman(level)}",
        Graduated => "Lulus",
        NotGraduated => "Tidak Lulus",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Roman(int n)
    {
        var digits = new[] { (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I") };
        var result = "";
        foreach (var (value, numeral) in digits)
            for (; n >= value; n -= value)
                result += numeral;
        return result;
    }
}

public static class DecidePromotionsHandler
{
    public static MultiDecision Decide(HomeroomState s, DecidePromotions c)
    {
        if (HomeroomRules.GuardEntries(s, c.Entries, e => e.StudentId, new DomainError("promotion.empty", "Tidak ada keputusan yang dikirim.")) is { } refused)
            return refused;
        if (s.Term!.Semester != 2)
            return MultiDecision.Reject(OutcomeStatus.Invalid, new DomainError("promotion.semester_2_only",
                "Keputusan naik kelas atau kelulusan hanya diisi di semester 2 (Genap)."));

        var level = s.Class!.Level;
        var allowed = PromotionKinds.For(level, s.LastLevel);
        var label = PromotionKinds.IsFinal(level, s.LastLevel) ? "Keputusan kelulusan" : "Keputusan kenaikan kelas";
        string Shown(string kind) => kind.Length == 0 ? "belum diputuskan" : allowed.Contains(kind) ? $"\"{PromotionKinds.Wording(kind, level)}\"" : kind;
        var errors = new List<DomainError>();
        var stale = new List<DomainError>();
        var streams = new List<StreamEvents>();
        foreach (var e in c.Entries)
        {
            var kind = (e.Kind ?? "").Trim();
            var current = s.Card(e.StudentId)?.Promotion;
            var currentKind = current?.Kind ?? "";
            bool Fresh()
            {
                var seen = (e.Seen ?? "").Trim();
                if (seen == currentKind)
                    return true;
                stale.Add(HomeroomRules.Stale(HomeroomRules.PromotionStale, label, e.StudentId, null, seen, currentKind, Shown,
                    s.Card(e.StudentId)?.PromotionChanged));
                return false;
            }
            if (kind.Length == 0)
            {
                if (current is not null && Fresh())
                    streams.Add(HomeroomRules.Events(s, e.StudentId, [new PromotionCleared(current)]));
                continue;
            }
            if (!allowed.Contains(kind))
            {
                errors.Add(new DomainError("promotion.kind_invalid", PromotionKinds.IsFinal(level, s.LastLevel)
                        ? "Kelas akhir: pilih Lulus atau Tidak Lulus."
                        : "Pilih naik kelas atau tinggal di kelas.",
                    new Dictionary<string, object?> { ["studentId"] = e.StudentId, ["value"] = e.Kind, ["allowed"] = allowed }));
                continue;
            }
            var decided = new Promotion(kind, PromotionKinds.Wording(kind, level));
            if (decided != current && Fresh())
                streams.Add(HomeroomRules.Events(s, e.StudentId, [new PromotionDecided(decided.Kind, decided.Wording, current)]));
        }
        return HomeroomRules.Outcome(errors, stale, streams.Count, streams);
    }

    public static Task<CommandOutcome> Handle(DecidePromotions c, IDocumentSession session, CancellationToken ct) =>
        HomeroomRules.Execute(session, c, c.ClassId, (c.Entries ?? []).Where(e => e is not null).Select(e => e.StudentId),
            s => Decide(s, c), ct);
}
