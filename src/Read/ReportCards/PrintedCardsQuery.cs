using ERaport.Read.ReadModel;
using ERaport.Write.Accounts;
using ERaport.Write.ReportCards;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.ReportCards;

/// <summary>One print of a student's card: when, by whom (display name, else the user name), in which class, of which kind, the event
/// <see cref="Sequence"/> (the card at that sequence is the paper), whether the card says something else now, whether
/// the class's wali kelas printed it, and the verification <see cref="Code"/> on the paper's footer (which print a parent holds).</summary>
public sealed record CardPrint(long Sequence, DateTimeOffset PrintedAt, string PrintedByName, string ClassName, PrintKind? Kind, bool ChangedSince,
    bool ByHomeroomTeacher, string Code);

/// <summary>One subject as a print of the student's card printed it: <see cref="OnCard"/> false when the card printed no such subject;
/// <see cref="FinalGrade"/> null when it printed the grade as incomplete.</summary>
public sealed record SubjectPrint(long Sequence, DateTimeOffset PrintedAt, string PrintedByName, PrintKind? Kind, string Code, Guid ClassId,
    bool OnCard, int? FinalGrade);

/// <summary>What was printed of a class's cards, for the wali kelas who hands them out and the principal settling a
/// dispute about one: a paper printed before a later correction no longer says what the record says.</summary>
public static class PrintedCardsQuery
{
    /// <summary>Every print of the given cards in their term, newest first per student, each compared (by digest, as
    /// the verification page compares) with the card as it is now.</summary>
    public static async Task<ILookup<Guid, CardPrint>> PrintsAsync(ReadModelDb db, string schoolId, ClassReportCards cards, CancellationToken ct)
    {
        var now = cards.Cards.ToDictionary(c => c.Student.StudentId, ReportCardDigest.Of);
        var ids = now.Keys.ToList();
        // Who may act as the class's wali kelas is who holds the role for it (as for every homeroom page).
        var homeroom = (await (from r in db.UserRoles
                               where r.SchoolId == schoolId && r.Role == Role.HomeroomTeacher && r.ClassId == cards.Class.ClassId
                               join u in db.Users on r.UserId equals u.UserId
                               select u.UserName).ToListAsync(ct)).ToHashSet();
        var prints = await (
            from p in db.ReportCardPrints
            where p.SchoolId == schoolId && p.TermId == cards.Term.TermId && ids.Contains(p.StudentId)
            join u in db.Users on p.PrintedBy equals u.UserName into users
            from u in users.DefaultIfEmpty()
            select new { p.StudentId, p.Sequence, p.PrintedAt, p.PrintedBy, By = u == null ? p.PrintedBy : u.DisplayName, p.ClassName, p.Kind, p.Digest, p.Code })
            .ToListAsync(ct);
        return prints.OrderByDescending(p => p.Sequence)
            .ToLookup(p => p.StudentId, p => new CardPrint(p.Sequence, p.PrintedAt, p.By, p.ClassName, p.Kind, p.Digest != now[p.StudentId],
                homeroom.Contains(p.PrintedBy), p.Code));
    }

    /// <summary>Every print of the student's card in the term with what it printed for one subject, newest first: on the subject's
    /// score history, where the paper a parent holds (its code) meets the changes before and after it.</summary>
    public static async Task<List<SubjectPrint>> OfSubjectAsync(ReadModelDb db, string schoolId, Guid termId, Guid studentId, Guid subjectId,
        CancellationToken ct)
    {
        var prints = await (
            from p in db.ReportCardPrints
            where p.SchoolId == schoolId && p.TermId == termId && p.StudentId == studentId
            join g in db.PrintedGrades.Where(g => g.SubjectId == subjectId) on p.Code equals g.Code into grades
            from g in grades.DefaultIfEmpty()
            join u in db.Users on p.PrintedBy equals u.UserName into users
            from u in users.DefaultIfEmpty()
            select new SubjectPrint(p.Sequence, p.PrintedAt, u == null ? p.PrintedBy : u.DisplayName, p.Kind, p.Code, p.ClassId,
                g != null, g == null ? null : g.FinalGrade)).ToListAsync(ct);
        return [.. prints.OrderByDescending(p => p.Sequence)];
    }

    /// <summary>The cards whose paper handed out (<see cref="HandedOut"/>) no longer says what the card says: to print again.</summary>
    public static int ChangedSinceHandedOut(ClassReportCards cards, ILookup<Guid, CardPrint> prints) =>
        cards.Cards.Count(c => HandedOut(prints[c.Student.StudentId]) is { ChangedSince: true });

    /// <summary>The paper that was handed out: the wali kelas's latest print, else (cards only others printed, an operator
    /// printing for the school) the latest. The principal opening a card to settle a dispute prints it too, but that
    /// copy does not replace the one the student took home.</summary>
    public static CardPrint? HandedOut(IEnumerable<CardPrint> prints)
    {
        var newestFirst = prints.ToList();
        return newestFirst.FirstOrDefault(p => p.ByHomeroomTeacher) ?? newestFirst.FirstOrDefault();
    }
}
