using ERaport.Write.Common;
using ERaport.Write.Grading;
using Marten;

namespace ERaport.Write.ReportCards;

/// <summary>A subject line as printed: what the verification page shows the holder to compare with the paper.</summary>
public sealed record PrintedGrade(Guid SubjectId, string Subject, int? FinalGrade);

/// <summary>One student's card in a print: its fresh verification code, the digest of what the card says
/// (ReportCardDigest) and the names and NA as printed.</summary>
public sealed record PrintedCard(Guid StudentId, string Code, string Digest, string StudentName, IReadOnlyList<PrintedGrade> Grades);

/// <summary>What a print made. Stored as its number, so a value never changes its meaning.</summary>
public enum PrintKind
{
    StudentPdf = 1,
    ClassPdf = 2,
    ClassZip = 3,
}

public static class PrintKinds
{
    /// <summary>The kind as the print history names it; a print stored before prints said their kind is just a "Rapor".</summary>
    public static string Label(PrintKind? kind) => kind switch
    {
        PrintKind.StudentPdf => "PDF siswa",
        PrintKind.ClassPdf => "PDF kelas",
        PrintKind.ClassZip => "ZIP kelas",
        _ => "Rapor",
    };
}

/// <summary>Report cards were printed (one student's PDF, the class PDF or ZIP, as <see cref="Kind"/> says): a fact on each
/// printed card, all in one transaction. Allowed while the class is locked: printing is what a lock is for.
/// <see cref="Cards"/> are what the server rendered for this print (codes, digests).</summary>
public sealed record PrintReportCards(
    Guid CommandId, Guid ClassId, [property: ServerMade] IReadOnlyList<PrintedCard> Cards, PrintKind Kind, Actor By, EntrySource Source) : ICommand;

/// <summary><see cref="Code"/> opens the public verification page; <see cref="Digest"/> is what the card said then.
/// <see cref="Kind"/> is null in events stored before prints said their kind.</summary>
public sealed record ReportCardPrinted(string Code, string Digest, Guid ClassId, string ClassName, string StudentName, IReadOnlyList<PrintedGrade> Grades,
    PrintKind? Kind = null);

public static class PrintReportCardsHandler
{
    public static readonly DomainError NotAllowed =
        new("report_card.print_not_allowed", "Hanya wali kelas ini, kepala sekolah, atau admin yang dapat mencetak rapor kelas ini.");

    public static MultiDecision Decide(HomeroomState s, PrintReportCards c)
    {
        if (s.Class is not { } schoolClass || s.Term is null)
            return MultiDecision.Reject(OutcomeStatus.NotFound, HomeroomRules.ClassNotFound);
        if (!ClassLock.MayLock(s.By, schoolClass) && !ClassLock.IsPrincipal(s.By, schoolClass.TermId))
            return MultiDecision.Reject(OutcomeStatus.Forbidden, NotAllowed);
        if (c.Cards is not { Count: > 0 } || c.Cards.Any(card => card is null))
            return MultiDecision.Reject(OutcomeStatus.Invalid, new DomainError("report_card.print_empty", "Tidak ada rapor yang dicetak."));
        if (!Enum.IsDefined(c.Kind))
            return MultiDecision.Reject(OutcomeStatus.Invalid, new DomainError("report_card.print_kind", "Jenis cetakan rapor tidak dikenal."));

        var errors = new List<DomainError>();
        foreach (var card in c.Cards)
        {
            var details = new Dictionary<string, object?> { ["studentId"] = card.StudentId };
            if (!schoolClass.StudentIds.Contains(card.StudentId))
                errors.Add(new DomainError("student.not_in_class", "Peserta didik ini tidak terdaftar di kelas ini.", details));
            if (!VerificationCode.IsWellFormed(card.Code) || !IsDigest(card.Digest))
                errors.Add(new DomainError("report_card.print_invalid", "Kode verifikasi atau sidik rapor tidak sah.", details));
        }
        if (c.Cards.GroupBy(card => card.StudentId).Any(g => g.Count() > 1) || c.Cards.GroupBy(card => card.Code).Any(g => g.Count() > 1))
            errors.Add(new DomainError("report_card.print_duplicate", "Satu peserta didik atau satu kode verifikasi muncul lebih dari sekali."));
        if (errors.Count > 0)
            return MultiDecision.Reject(OutcomeStatus.Invalid, errors);

        // No lock check: a locked card is exactly the one that gets printed.
        return MultiDecision.Append(c.Cards.Count, [.. c.Cards.Select(card => HomeroomRules.Events(s, card.StudentId,
            [new ReportCardPrinted(card.Code, card.Digest, schoolClass.ClassId, schoolClass.Name, card.StudentName, card.Grades ?? [], c.Kind)]))]);
    }

    private static bool IsDigest(string? digest) => digest is { Length: 64 } && digest.All(char.IsAsciiHexDigitLower);

    public static Task<CommandOutcome> Handle(PrintReportCards c, IDocumentSession session, CancellationToken ct) =>
        HomeroomRules.Execute(session, c, c.ClassId, (c.Cards ?? []).Where(card => card is not null).Select(card => card.StudentId),
            s => Decide(s, c), ct);
}
