using System.IO.Compression;
using ERaport.Read.ReadModel;
using ERaport.Read.ReportCards;
using ERaport.Web.Accounts;
using ERaport.Web.Documents;
using ERaport.Web.Hosting;
using ERaport.Write.Common;
using ERaport.Write.ReportCards;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wolverine;

namespace ERaport.Web.ReportCards;

/// <summary>Report cards and the leger as files: one student's PDF, the class as one PDF or as a ZIP of PDFs,
/// the leger as xlsx. Refusals are plain statuses, which the status pages explain in Bahasa Indonesia.</summary>
public static class ReportCardDownloads
{
    public const string PdfType = "application/pdf";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapReportCardDownloads(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("").RequireAuthorization().WithTags("Rapor");

        // Every PDF is a print: recorded first, then each card's footer carries its verification code and QR.
        files.MapGet("/rapor/{classId:guid}/{studentId:guid}/pdf", (Guid classId, Guid studentId, HttpContext http, ReportCardCache reportCards,
                ReadConsistency consistency, IMessageBus bus, IOptions<VerificationOptions> options, CancellationToken ct) =>
            WithPrintedCards(http, reportCards, consistency, bus, options.Value, classId, studentId, PrintKind.StudentPdf, ct, (cards, footer) => cards.Cards.Count == 0
                ? Results.NotFound()
                : Results.File(ReportCardPdf.Render(cards.Cards, footer), PdfType, FileName($"Rapor {cards.Cards[0].Student.Name} {cards.Class.Name}", "pdf"))))
            .WithSummary("Rapor satu peserta didik (PDF); mencatat pencetakan dan kode verifikasinya.");

        files.MapGet("/rapor/{classId:guid}/pdf", (Guid classId, HttpContext http, ReportCardCache reportCards, ReadConsistency consistency,
                IMessageBus bus, IOptions<VerificationOptions> options, ReadModelStore readModel, CancellationToken ct,
                [FromQuery(Name = "berubah")] bool changedOnly = false, [FromQuery(Name = "bolakbalik")] bool bothSides = false) =>
            WithPrintedCards(http, reportCards, consistency, bus, options.Value, classId, null, PrintKind.ClassPdf, ct, (cards, footer) => cards.Cards.Count == 0
                ? Results.NotFound()
                : Results.File(ReportCardPdf.Render(cards.Cards, footer, bothSides), PdfType,
                    FileName($"Rapor {cards.Class.Name} {cards.Term.SchoolYear} semester {cards.Term.Semester}{(changedOnly ? " cetak ulang" : "")}{(bothSides ? " (bolak-balik)" : "")}", "pdf")),
                changedOnly ? cards => ChangedSincePrintAsync(http, readModel, cards, ct) : null))
            .WithSummary("Rapor satu kelas dalam satu PDF, satu rapor per peserta didik (?berubah=true: hanya yang berubah sejak terakhir dicetak; ?bolakbalik=true: setiap rapor mulai di halaman depan kertas); mencatat pencetakan dan kode verifikasinya.");

        files.MapGet("/rapor/{classId:guid}/zip", (Guid classId, HttpContext http, ReportCardCache reportCards, ReadConsistency consistency,
                IMessageBus bus, IOptions<VerificationOptions> options, TimeProvider clock, CancellationToken ct) =>
            WithPrintedCards(http, reportCards, consistency, bus, options.Value, classId, null, PrintKind.ClassZip, ct, (cards, footer) =>
                Results.File(Zip(cards, footer, SchoolTime.Now(clock)), "application/zip", FileName($"Rapor {cards.Class.Name} {cards.Term.SchoolYear} semester {cards.Term.Semester}", "zip"))))
            .WithSummary("Rapor satu kelas sebagai ZIP berisi satu PDF per peserta didik (nama berkas: NIS dan nama); mencatat pencetakan.");

        // The identity page shows no grade: not a print of the rapor, nothing recorded.
        files.MapGet("/rapor/{classId:guid}/identitas/pdf", (Guid classId, HttpContext http, ReportCardCache reportCards, ReadConsistency consistency,
                ReadModelStore readModel, CancellationToken ct) =>
            WithIdentities(http, reportCards, consistency, readModel, classId, null, ct))
            .WithSummary("Halaman identitas peserta didik satu kelas (PDF, satu halaman per peserta didik).");

        files.MapGet("/rapor/{classId:guid}/{studentId:guid}/identitas/pdf", (Guid classId, Guid studentId, HttpContext http, ReportCardCache reportCards,
                ReadConsistency consistency, ReadModelStore readModel, CancellationToken ct) =>
            WithIdentities(http, reportCards, consistency, readModel, classId, studentId, ct))
            .WithSummary("Halaman identitas satu peserta didik (PDF).");

        files.MapGet("/leger/{classId:guid}/xlsx", (Guid classId, HttpContext http, ReportCardCache reportCards, ReadConsistency consistency,
                CancellationToken ct) =>
            WithCards(http, reportCards, consistency, classId, null, ct, cards =>
                Results.File(LegerXlsx.Write(Leger.Of(cards), cards.Cards.FirstOrDefault()?.School.Name ?? ""), XlsxType,
                    FileName($"Leger {cards.Class.Name} {cards.Term.SchoolYear} semester {cards.Term.Semester}", "xlsx"))))
            .WithSummary("Leger nilai kelas (xlsx).");
    }

    private static Task<IResult> WithCards(HttpContext http, ReportCardCache reportCards, ReadConsistency consistency, Guid classId, Guid? studentId,
        CancellationToken ct, Func<ClassReportCards, IResult> answer) =>
        WithCards(http, reportCards, consistency, classId, studentId, ct, cards => Task.FromResult(answer(cards)));

    private static async Task<IResult> WithCards(HttpContext http, ReportCardCache reportCards, ReadConsistency consistency, Guid classId, Guid? studentId,
        CancellationToken ct, Func<ClassReportCards, Task<IResult>> answer)
    {
        await consistency.WaitAsync(ct);
        var cards = await reportCards.LoadAsync(http.User.SchoolId(), classId, ct, studentId);
        return cards is null ? Results.NotFound()
            : !http.User.CanSeeReportCards(classId, cards.Term.TermId) ? Results.StatusCode(StatusCodes.Status403Forbidden)
            : await answer(cards);
    }

    private static Task<IResult> WithIdentities(HttpContext http, ReportCardCache reportCards, ReadConsistency consistency, ReadModelStore readModel,
        Guid classId, Guid? studentId, CancellationToken ct) =>
        WithCards(http, reportCards, consistency, classId, studentId, ct, async cards =>
        {
            if (cards.Cards.Count == 0)
                return Results.NotFound();
            var ids = cards.Cards.Select(c => c.Student.StudentId).ToList();
            await using var db = readModel.CreateDbContext();
            var students = await db.Students.Where(s => ids.Contains(s.StudentId)).ToDictionaryAsync(s => s.StudentId, ct);
            var name = studentId is null ? $"Identitas peserta didik {cards.Class.Name}" : $"Identitas {cards.Cards[0].Student.Name} {cards.Class.Name}";
            return Results.File(StudentIdentityPdf.Render(cards, students), PdfType, FileName(name, "pdf"));
        });

    /// <summary>A print shows every committed change, not only the printer's own: a teacher's save of a second ago is
    /// on the paper, and the recorded digest never differs from the events it was printed after. While the read model
    /// is behind by more than a short wait, the print is refused (503, "try again") rather than made from old values.</summary>
    /// <summary><paramref name="only"/>: which of the class's cards to print, all when null.</summary>
    private static async Task<IResult> WithPrintedCards(HttpContext http, ReportCardCache reportCards, ReadConsistency consistency, IMessageBus bus,
        VerificationOptions options, Guid classId, Guid? studentId, PrintKind kind, CancellationToken ct,
        Func<ClassReportCards, Func<StudentReportCard, ReportVerification?>, IResult> answer, Func<ClassReportCards, Task<ClassReportCards>>? only = null) =>
        !await consistency.WaitForEveryoneAsync(ct)
            ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable)
            : await WithCards(http, reportCards, consistency, classId, studentId, ct, async cards =>
            {
                cards = only is null ? cards : await only(cards);
                var (refusal, footer) = await ReportCardPrinting.RecordAsync(http, bus, consistency, options, cards, kind, ct);
                return refusal ?? answer(cards, footer);
            });

    /// <summary>The cards whose paper handed out (the wali kelas's latest print) no longer says what the record says: after a
    /// correction, the ones to print again.</summary>
    private static async Task<ClassReportCards> ChangedSincePrintAsync(HttpContext http, ReadModelStore readModel, ClassReportCards cards, CancellationToken ct)
    {
        await using var db = readModel.CreateDbContext();
        var prints = await PrintedCardsQuery.PrintsAsync(db, http.User.SchoolId(), cards, ct);
        return cards with { Cards = [.. cards.Cards.Where(c => PrintedCardsQuery.HandedOut(prints[c.Student.StudentId]) is { ChangedSince: true })] };
    }

    /// <summary>One PDF per student, named "{NIS} {Nama}.pdf" (the NIS keeps names unique and sorted as the school files them),
    /// dated <paramref name="printedAt"/>: a zip's times carry no zone and unzip as they are, so they are the school's clock time.</summary>
    private static byte[] Zip(ClassReportCards cards, Func<StudentReportCard, ReportVerification?> footer, DateTimeOffset printedAt)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var card in cards.Cards)
            {
                var name = FileName($"{card.Student.Nis} {card.Student.Name}", "pdf");
                for (var n = 2; !used.Add(name); n++)
                    name = FileName($"{card.Student.Nis} {card.Student.Name} {n}", "pdf");
                var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
                entry.LastWriteTime = printedAt;
                using var stream = entry.Open();
                stream.Write(ReportCardPdf.Render([card], footer));
            }
        }
        return output.ToArray();
    }

    /// <summary>A file name any system accepts: no path or reserved characters ("2026/2027" becomes "2026-2027").</summary>
    public static string FileName(string name, string extension)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat(['/', '\\', ':', '*', '?', '"', '<', '>', '|']).ToHashSet();
        var clean = new string(name.Select(c => invalid.Contains(c) || char.IsControl(c) ? '-' : c).ToArray()).Trim();
        return $"{clean}.{extension}";
    }
}
