using ERaport.Read.Grading;
using ERaport.Read.ReadModel;
using ERaport.Write.Common;
using ERaport.Write.ReportCards;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.ReportCards;

public enum VerificationVerdict
{
    /// <summary>Asli dan sesuai catatan: the record still says what the card printed.</summary>
    Genuine,

    /// <summary>Asli, tetapi dikoreksi setelah dicetak.</summary>
    CorrectedLater,

    /// <summary>Tidak dikenal: whatever the reason, the same answer.</summary>
    Unknown,
}

/// <summary>The printed card as the holder can compare it with the paper: nothing beyond what it printed.</summary>
public sealed record VerifiedCard(
    string School, string StudentName, string ClassName, string SchoolYear, int Semester, DateTimeOffset PrintedAt,
    IReadOnlyList<(string Subject, int? FinalGrade)> Grades);

/// <summary>A change of this student's card after the print: <see cref="Part"/> the subject or section; <see cref="What"/> what of
/// it changed in the app's own words, all that is told without sign-in; <see cref="Score"/> for a grade, NA or description (who
/// changed it left out), else <see cref="Detail"/> what the homeroom section became; <see cref="GradebookId"/> the subject's
/// gradebook, for its score history.</summary>
public sealed record LaterChange(DateTimeOffset At, string Part, string What, ScoreChange? Score, string? Detail, Guid? GradebookId = null)
{
    /// <summary>What a homeroom section's change is told as: what the wali kelas wrote is the school's to tell.</summary>
    public const string SectionChanged = "Isinya diubah";

    /// <summary>What a subject's change is told as: its grades (a score, the NA) or its description (a text or a TP's tercapai
    /// mark, which writes it) changed, with no value, text or reason.</summary>
    public static string WhatOf(string assessment, ScoreChangeKind kind) =>
        assessment == ScoreChangeRow.Description || kind is ScoreChangeKind.Marked or ScoreChangeKind.DescriptionEdited or ScoreChangeKind.DescriptionReset
            ? "Deskripsi capaian diubah"
            : "Nilai diubah";
}

/// <summary>A change as the page tells it without sign-in: the school's day, the part of the card and what of it changed.</summary>
public sealed record ToldChange(DateOnly Day, string Part, string What);

/// <summary>Whose card the code is, for a signed-in reader who may see it (the page's links on): never shown as such.</summary>
public sealed record VerifiedPrint(string SchoolId, Guid TermId, Guid ClassId, Guid StudentId, string Nisn, long Sequence);

public sealed record ReportCardVerification(
    VerificationVerdict Verdict, VerifiedCard? Card, IReadOnlyList<LaterChange> Changes, DateTimeOffset? NewerPrintAt, VerifiedPrint? Print)
{
    public static readonly ReportCardVerification Unknown = new(VerificationVerdict.Unknown, null, [], null, null);

    /// <summary>The changes as anyone holding the code is told them: whether the paper still stands and which parts of it changed when,
    /// so one line for the score, NA and description a correction writes together; why, to what and by whom stay behind sign-in.</summary>
    public IReadOnlyList<ToldChange> Told => [.. Changes.Select(c => new ToldChange(SchoolTime.DateOf(c.At), c.Part, c.What)).Distinct()];

    /// <summary>Genuine when the card built from the record now has the digest printed; a card that cannot be
    /// built any more (the student left the class) is no longer what was printed.</summary>
    public static VerificationVerdict VerdictOf(string printedDigest, string? currentDigest) =>
        currentDigest == printedDigest ? VerificationVerdict.Genuine : VerificationVerdict.CorrectedLater;
}

/// <summary>The public verification page's one question: what does the record say about the card printed with
/// this code? Looked up by the full code only, so a wrong or mistyped code finds nothing and says nothing.</summary>
public static class ReportCardVerificationQuery
{
    public static async Task<ReportCardVerification> VerifyAsync(ReadModelDb db, string? typedCode, CancellationToken ct)
    {
        // A code that cannot be one is looked up all the same (as nothing): every unknown takes the same path.
        var code = VerificationCode.Normalize(typedCode) ?? "";
        var print = await db.ReportCardPrints.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, ct);
        if (print is null)
            return ReportCardVerification.Unknown;

        var current = await ReportCardQuery.LoadAsync(db, print.SchoolId, print.ClassId, ct, print.StudentId);
        var card = current?.Cards.FirstOrDefault();
        var verdict = ReportCardVerification.VerdictOf(print.Digest, card is null ? null : ReportCardDigest.Of(card));
        var school = await db.Schools.Where(s => s.SchoolId == print.SchoolId).Select(s => s.Name).FirstOrDefaultAsync(ct) ?? "";
        var term = await db.Terms.FirstAsync(t => t.TermId == print.TermId, ct);
        var grades = await db.PrintedGrades.Where(g => g.Code == print.Code).OrderBy(g => g.Position)
            .Select(g => new { g.SubjectId, g.Subject, g.FinalGrade }).ToListAsync(ct);
        var nisn = await db.Students.Where(s => s.StudentId == print.StudentId).Select(s => s.Nisn).FirstOrDefaultAsync(ct) ?? "";
        var newer = await db.ReportCardPrints
            .Where(p => p.SchoolId == print.SchoolId && p.TermId == print.TermId && p.StudentId == print.StudentId && p.Sequence > print.Sequence)
            .OrderByDescending(p => p.Sequence).Select(p => (DateTimeOffset?)p.PrintedAt).FirstOrDefaultAsync(ct);
        return new ReportCardVerification(verdict,
            new VerifiedCard(school, print.StudentName, print.ClassName, term.SchoolYear, term.Semester, print.PrintedAt,
                [.. grades.Select(g => (g.Subject, g.FinalGrade))]),
            verdict == VerificationVerdict.CorrectedLater
                ?
                [
                    .. (await RenamedAfterAsync(db, print, grades.Select(g => (g.SubjectId, g.Subject)), card, ct))
                        .Concat(await ChangesAfterAsync(db, print, term.ReportDate, ct)).OrderBy(c => c.At),
                ]
                : [],
            newer, new VerifiedPrint(print.SchoolId, print.TermId, print.ClassId, print.StudentId, nisn, print.Sequence));
    }

    /// <summary>The subjects the card now names otherwise than the paper: renamed after the print, before its rapor's report date
    /// (a rename after it leaves the card as printed). When: the save that gave the name the card now has.</summary>
    private static async Task<List<LaterChange>> RenamedAfterAsync(ReadModelDb db, ReportCardPrintRow print, IEnumerable<(Guid SubjectId, string Name)> printed,
        StudentReportCard? card, CancellationToken ct)
    {
        var renamed = printed.Join(card?.Subjects ?? [], p => p.SubjectId, s => s.SubjectId, (p, s) => (p.SubjectId, Printed: p.Name, Now: s.Name))
            .Where(x => x.Printed != x.Now).ToList();
        var ids = renamed.Select(x => x.SubjectId).ToList();
        var versions = await db.SubjectVersions.Where(v => ids.Contains(v.SubjectId) && v.Sequence > print.Sequence).ToListAsync(ct);
        return
        [
            .. renamed.Select(x => new LaterChange(
                versions.Where(v => v.SubjectId == x.SubjectId && v.Name == x.Now).Select(v => v.Since).DefaultIfEmpty(print.PrintedAt).Min(),
                x.Now, $"Nama mata pelajaran diubah (tercetak: {x.Printed})", null, null)),
        ];
    }

    /// <summary>This student's grade and report-card changes after the print, oldest first; locks, correction
    /// requests and denials are not changes of the card (the correction itself is, with its reason). Subjects are named as the
    /// card printed them (on the term's report date).</summary>
    private static async Task<List<LaterChange>> ChangesAfterAsync(ReadModelDb db, ReportCardPrintRow print, DateOnly? reportDate, CancellationToken ct)
    {
        var markers = ScoreChangeRow.Markers;
        var grading = await (
            from h in db.ScoreChanges
            where h.SchoolId == print.SchoolId && h.StudentId == print.StudentId && h.Sequence > print.Sequence && !markers.Contains(h.Kind)
            join g in db.Gradebooks on h.GradebookId equals g.GradebookId
            where g.TermId == print.TermId
            join s in db.Subjects on g.SubjectId equals s.SubjectId
            join a in db.Assessments on new { h.GradebookId, Key = h.Assessment } equals new { a.GradebookId, a.Key } into labels
            from a in labels.DefaultIfEmpty()
            select new { h, Subject = s, Label = a == null ? null : a.Label }).ToListAsync(ct);
        var asPrinted = await ReportCardQuery.SubjectsOnReportDateAsync(db, grading.Select(x => x.Subject.SubjectId), reportDate, ct);
        var homeroom = await db.ReportCardChanges
            .Where(r => r.SchoolId == print.SchoolId && r.TermId == print.TermId && r.StudentId == print.StudentId && r.Sequence > print.Sequence
                && r.Section != ReportCardProjector.Sections.Lock && r.Section != ReportCardProjector.Sections.Print
                && !r.Detail.StartsWith(LockingProjector.CardRequested) && !r.Detail.StartsWith(LockingProjector.CardDenied))
            .ToListAsync(ct);
        return
        [
            .. grading.Select(x => (x.h.Sequence, x.h.Position, Change: new LaterChange(x.h.ChangedAt, asPrinted.GetValueOrDefault(x.Subject.SubjectId)?.Name ?? x.Subject.Name,
                LaterChange.WhatOf(x.h.Assessment, x.h.Kind),
                new ScoreChange(x.h.Sequence, x.h.Assessment, x.Label ?? ScoreHistoryQuery.Label(x.h.Assessment), x.h.Kind, x.h.Before, x.h.After,
                    "", "", x.h.ChangedAt, x.h.Reason, "", x.h.Detail), null, x.h.GradebookId)))
                .Concat(homeroom.Select(r => (r.Sequence, Position: 0, Change: new LaterChange(r.ChangedAt, r.Section, LaterChange.SectionChanged, null, r.Detail))))
                .OrderBy(x => x.Sequence).ThenBy(x => x.Position).Select(x => x.Change),
        ];
    }
}
