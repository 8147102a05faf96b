using ERaport.Read.Grading;
using ERaport.Read.ReadModel;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.ReportCards;

/// <summary>A subject whose final grades some of the class's cards still lack.</summary>
public sealed record SubjectBehind(string Subject, int Students);

/// <summary>How far a wali kelas's class is, for their home page in the last days of the semester: the cards complete (as the
/// class rapor page counts them), the written parts still empty, the subjects still behind, the cards changed since their paper
/// was handed out, and their correction requests waiting or decided lately. <see cref="Locked"/>: an empty part is filled through
/// a correction request.</summary>
public sealed record HomeroomSummary(
    ReportClass Class, int Complete, int Students, IReadOnlyList<MissingHomeroomPart> EmptyParts, IReadOnlyList<SubjectBehind> SubjectsBehind,
    int ChangedSincePrint, bool Locked, int CorrectionsWaiting, int CorrectionsDecided)
{
    /// <summary>Decisions this recent are news on the home page.</summary>
    public static readonly TimeSpan DecidedLately = TimeSpan.FromDays(7);

    /// <summary>The summary of each of <paramref name="classIds"/> in the school's newest term (usually one): a class of an earlier
    /// term is no longer the wali kelas's to chase. The cards come from the cache the rapor pages fill.</summary>
    public static async Task<List<HomeroomSummary>> OfNewestTermAsync(ReadModelDb db, ReportCardCache reportCards, string schoolId,
        IReadOnlyCollection<Guid> classIds, DateTimeOffset now, CancellationToken ct)
    {
        var summaries = new List<HomeroomSummary>();
        if (classIds.Count == 0)
            return summaries;
        foreach (var classId in await HomeroomClassQuery.OfNewestTermAsync(db, schoolId, classIds, ct))
        {
            if (await reportCards.LoadAsync(schoolId, classId, ct) is not { } cards)
                continue;
            var prints = await PrintedCardsQuery.PrintsAsync(db, schoolId, cards, ct);
            var locked = await ReportCardLocks.AnyLockedAsync(db, schoolId, cards.Term.TermId, [.. cards.Cards.Select(c => c.Student.StudentId)], ct);
            var corrections = await LockingQuery.HomeroomCorrectionsAsync(db, schoolId, [], [classId], pendingOnly: false, ct);
            var order = cards.SubjectOrder.Index().ToDictionary(x => x.Item, x => x.Index);
            summaries.Add(new HomeroomSummary(cards.Class, cards.Cards.Count(c => c.Complete), cards.Cards.Count, HomeroomCompleteness.Of(cards),
                [.. cards.Cards.SelectMany(c => c.Subjects).Where(s => s.FinalGrade is null).GroupBy(s => s.SubjectId)
                    .OrderBy(g => order.GetValueOrDefault(g.Key, int.MaxValue)).Select(g => new SubjectBehind(g.First().Name, g.Count()))],
                PrintedCardsQuery.ChangedSinceHandedOut(cards, prints), locked,
                corrections.Count(r => r.State == CorrectionState.Pending),
                corrections.Count(r => r.DecidedAt >= now - DecidedLately)));
        }
        return summaries;
    }
}
