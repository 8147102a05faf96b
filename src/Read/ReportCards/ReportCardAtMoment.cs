using ERaport.Read.Grading;
using ERaport.Read.ReadModel;
using ERaport.Write.Common;
using JasperFx.Events;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.ReportCards;

/// <summary>A student's report card as it was at a moment, and the changes that came after another moment.</summary>
public sealed record PastReportCard(CardMoment Moment, StudentReportCard Card, IReadOnlyList<CardCause> Causes);

/// <summary>Rebuilds one student's report card as it stood at a moment from the event store: the events up to that
/// sequence of the streams the card reads are applied by the read model's own projectors into a throwaway
/// in-memory read model, and <see cref="ReportCardQuery"/> runs on it, so a past card is computed exactly like
/// today's.
/// <para>Which streams: the school, the term, the student, their report card in the term, every class of the term
/// the student was ever in and those classes' gradebooks, subjects and correction requests, then the homeroom
/// teacher the class had at that moment. Today's read model only proposes candidates (classes, gradebooks and
/// requests are never deleted and never change class or term, so today's set contains every past one); the
/// events up to the moment decide which of them existed and which class held the student.</para></summary>
public static class ReportCardAtMoment
{
    /// <summary>Null when the student was in no class of the class's term at that moment (or the class is not
    /// the school's). With <paramref name="causesAfter"/>, the card also lists what changed it after that sequence.</summary>
    public static async Task<PastReportCard?> LoadAsync(Marten.IQuerySession events, ReadModelDb today, string schoolId, Guid classId, Guid studentId,
        CardMoment moment, CancellationToken ct, long? causesAfter = null)
    {
        var routeClass = await today.Classes.FirstOrDefaultAsync(c => c.SchoolId == schoolId && c.ClassId == classId, ct);
        if (routeClass is null)
            return null;
        var termId = routeClass.TermId;
        var termClasses = await today.Classes.Where(c => c.SchoolId == schoolId && c.TermId == termId).Select(c => c.ClassId).ToListAsync(ct);
        var everIn = (await today.StudentChanges.Where(h => h.SchoolId == schoolId && h.StudentId == studentId)
            .Select(h => new { h.ClassId, h.OtherClassId }).ToListAsync(ct)).SelectMany(h => new[] { h.ClassId, h.OtherClassId });
        var current = await today.Enrollments.Where(e => e.StudentId == studentId).Select(e => e.ClassId).ToListAsync(ct);
        var classIds = everIn.OfType<Guid>().Concat(current).Append(classId).Where(termClasses.Contains).Distinct().ToList();
        var gradebooks = await today.Gradebooks.Where(g => classIds.Contains(g.ClassId) && g.TermId == termId)
            .Select(g => new { g.GradebookId, g.SubjectId }).ToListAsync(ct);
        var gradebookIds = gradebooks.Select(g => g.GradebookId).ToList();
        var requests = await today.CorrectionRequests.Where(r => r.StudentId == studentId && gradebookIds.Contains(r.GradebookId))
            .Select(r => r.RequestId).ToListAsync(ct);

        string[] keys =
        [
            StreamKeys.School(schoolId), StreamKeys.Term(schoolId, termId), StreamKeys.Student(schoolId, studentId),
            StreamKeys.ReportCard(schoolId, termId, studentId),
            .. classIds.Select(id => StreamKeys.Class(schoolId, id)),
            .. gradebooks.Select(g => StreamKeys.Gradebook(schoolId, g.GradebookId)),
            .. gradebooks.Select(g => g.SubjectId).Distinct().Select(id => StreamKeys.Subject(schoolId, id)),
            .. requests.Select(id => StreamKeys.CorrectionRequest(schoolId, id)),
        ];
        await using var past = await PastReadModel.CreateAsync(ct);
        var loaded = (await PastEvents.OfStreamsAsync(events, keys, moment.Sequence, ct)).ToList();
        past.Apply(loaded);

        var classAt = await past.Db.Enrollments.Where(e => e.StudentId == studentId).Select(e => e.ClassId).ToListAsync(ct);
        var heldBy = classIds.FirstOrDefault(classAt.Contains);
        if (heldBy == Guid.Empty)
            return null;
        // The homeroom teacher named on the card is the one the class had then; only then is it known.
        if (await past.Db.Classes.Where(c => c.ClassId == heldBy).Select(c => c.HomeroomTeacherId).FirstOrDefaultAsync(ct) is { } teacherId)
        {
            var teacher = await PastEvents.OfStreamsAsync(events, [StreamKeys.User(schoolId, teacherId)], moment.Sequence, ct);
            past.Apply(teacher);
            loaded.AddRange(teacher);
        }

        var cards = await ReportCardQuery.LoadAsync(past.Db, schoolId, heldBy, ct, studentId);
        if (cards is not { Cards: [var card] })
            return null;
        IReadOnlyList<CardCause> causes = [];
        if (causesAfter is { } after)
        {
            // A wali kelas's requests change nothing on the card; read only for who asked and why an approval of one changed it
            // (asked maybe before the span), as a teacher's requests, among the loaded streams, say for theirs.
            var homeroomRequests = await today.HomeroomCorrectionRequests
                .Where(r => r.SchoolId == schoolId && r.TermId == termId && r.StudentId == studentId).Select(r => r.RequestId).ToListAsync(ct);
            var requestEvents = await PastEvents.OfStreamsAsync(events,
                [.. homeroomRequests.Select(id => StreamKeys.CorrectionRequest(schoolId, id))], moment.Sequence, ct);
            causes = await CausesAsync(past.Db, today, loaded.Where(e => e.Sequence > after),
                loaded.Where(e => e.Data is ERaport.Write.Grading.CorrectionRequested or ERaport.Write.Grading.CorrectionApproved).Concat(requestEvents)
                    .OrderBy(e => e.Sequence), studentId, ct);
        }
        return new PastReportCard(moment, card, causes);
    }

    /// <summary>The cards at two moments and what changed between them, each change with the events that made it.</summary>
    public static async Task<ReportCardDifference?> CompareAsync(Marten.IQuerySession events, ReadModelDb today, string schoolId, Guid classId, Guid studentId,
        CardMoment from, CardMoment to, CancellationToken ct)
    {
        var before = await LoadAsync(events, today, schoolId, classId, studentId, from, ct);
        var after = await LoadAsync(events, today, schoolId, classId, studentId, to, ct, causesAfter: from.Sequence);
        return after is null ? null : ReportCardDiff.Attach(from, before?.Card, to, after.Card, after.Causes);
    }

    private static async Task<IReadOnlyList<CardCause>> CausesAsync(ReadModelDb past, ReadModelDb today, IEnumerable<IEvent> events,
        IEnumerable<IEvent> requests, Guid studentId, CancellationToken ct)
    {
        var subjects = await past.Gradebooks.ToDictionaryAsync(g => g.GradebookId, g => g.SubjectId, ct);
        var labels = await past.Assessments.ToDictionaryAsync(a => (a.GradebookId, a.Key), a => a.Label, ct);
        var names = await today.Users.ToDictionaryAsync(u => u.UserName, u => u.DisplayName, ct);
        var approvals = ReportCardDiff.Approvals(requests, names);
        return [.. events.SelectMany(e => ReportCardDiff.CausesOf(e, studentId, subjects, labels, names, approvals))];
    }
}

/// <summary>A read model in memory for one question, filled by the same projectors and row writer as the real one.</summary>
internal sealed class PastReadModel : IAsyncDisposable
{
    private readonly SqliteConnection _connection;

    private PastReadModel(SqliteConnection connection, ReadModelDb db) => (_connection, Db) = (connection, db);

    public ReadModelDb Db { get; }

    public static async Task<PastReadModel> CreateAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync(ct);
        var db = new ReadModelDb(new DbContextOptionsBuilder<ReadModelDb>().UseSqlite(connection)
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking).Options);
        await db.Database.EnsureCreatedAsync(ct);
        return new PastReadModel(connection, db);
    }

    /// <summary>Rows of different streams never overlap, so streams may be applied one after another; an event
    /// the projectors cannot handle is skipped, as the live read model skips it.</summary>
    public void Apply(IEnumerable<IEvent> events)
    {
        using var tx = _connection.BeginTransaction();
        using (var writer = new RowWriter(_connection))
        {
            foreach (var e in events)
            {
                List<RowChange> changes;
                try
                {
                    changes = [.. Projector.Project(e)];
                }
                catch (Exception)
                {
                    continue;
                }
                foreach (var change in changes)
                    writer.Write(change);
            }
        }
        tx.Commit();
    }

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
