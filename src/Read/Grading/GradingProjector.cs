using ERaport.Read.ReadModel;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using JasperFx.Events;

namespace ERaport.Read.Grading;

public static class GradingProjector
{
    public static IEnumerable<RowChange> Project(IEvent e, string schoolId) => e.Data switch
    {
        GradebookOpened x => Opened(x, schoolId),
        ScoresRecorded x => Recorded(e, x, schoolId),
        ScoreCorrected x => Corrected(e, x, schoolId),
        _ => [],
    };

    private static IEnumerable<RowChange> Opened(GradebookOpened x, string schoolId) =>
    [
        new Upsert(new GradebookRow(x.GradebookId, schoolId, x.TermId, x.ClassId, x.SubjectId, x.TeacherId)),
        .. Assessment.For(x.LearningObjectives).Select((a, i) => new Upsert(new AssessmentRow(x.GradebookId, a.Key, a.Label, a.Description, i))),
    ];

    private static IEnumerable<RowChange> Recorded(IEvent e, ScoresRecorded x, string schoolId)
    {
        var gradebookId = GradebookId(e);
        foreach (var (s, i) in x.Scores.Select((s, i) => (s, i)))
        {
            yield return new Upsert(new ScoreRow(gradebookId, s.StudentId, s.Assessment, s.Value, By(e), e.Timestamp));
            yield return new Insert(new ScoreChangeRow(e.Sequence, i, schoolId, gradebookId, s.StudentId, s.Assessment,
                ScoreChangeKind.Recorded, null, s.Value, By(e), e.Timestamp, null, Source(e)));
        }
    }

    private static IEnumerable<RowChange> Corrected(IEvent e, ScoreCorrected x, string schoolId)
    {
        var gradebookId = GradebookId(e);
        yield return x.After is { } value
            ? new Upsert(new ScoreRow(gradebookId, x.StudentId, x.Assessment, value, By(e), e.Timestamp))
            : Delete.Of<ScoreRow>(gradebookId, x.StudentId, x.Assessment);
        yield return new Insert(new ScoreChangeRow(e.Sequence, 0, schoolId, gradebookId, x.StudentId, x.Assessment,
            x.After is null ? ScoreChangeKind.Removed : ScoreChangeKind.Corrected, x.Before, x.After, By(e), e.Timestamp, x.Reason, Source(e)));
    }

    private static Guid GradebookId(IEvent e) => StreamKeys.Parse(e.StreamKey!).EntityId!.Value;

    private static string By(IEvent e) => e.UserName ?? "";

    private static string Source(IEvent e) => e.GetHeader(CommandPipeline.SourceHeader)?.ToString() ?? "";
}
