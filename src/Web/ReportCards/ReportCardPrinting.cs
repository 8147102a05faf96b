using ERaport.Read.ReportCards;
using ERaport.Web.Accounts;
using ERaport.Web.Documents;
using ERaport.Web.Hosting;
using ERaport.Write.Common;
using ERaport.Write.ReportCards;
using QRCoder;
using Wolverine;

namespace ERaport.Web.ReportCards;

/// <summary>The "Verification" configuration section: where the public verification page is reached
/// (Verification__PublicBaseUrl, e.g. https://rapor.sekolah.sch.id; default: the request's own scheme and
/// host, as the proxy forwards them) and how many lookups one client may make per minute.</summary>
public sealed class VerificationOptions
{
    public const string Section = "Verification";

    public string? PublicBaseUrl { get; set; }

    public int LookupsPerMinute { get; set; } = 20;
}

/// <summary>Printing a report card records it first (<see cref="PrintReportCards"/>: a fresh verification code and
/// the digest of what each card says), then the PDF footer carries that code, its address and a QR image of it.</summary>
public static class ReportCardPrinting
{
    public const string PagePath = "/verifikasi";

    /// <summary>Null when the print was refused (the answer then says why, as a status).</summary>
    public static async Task<(IResult? Refusal, Func<StudentReportCard, ReportVerification?> Footer)> RecordAsync(
        HttpContext http, IMessageBus bus, ReadConsistency consistency, VerificationOptions options, ClassReportCards cards, PrintKind kind, CancellationToken ct)
    {
        if (cards.Cards.Count == 0)
            return (null, _ => null);
        var printed = cards.Cards.Select(card => new PrintedCard(card.Student.StudentId, VerificationCode.New(), ReportCardDigest.Of(card), card.Student.Name,
            [.. card.Subjects.Select(s => new PrintedGrade(s.SubjectId, s.Name, s.FinalGrade))])).ToList();
        var outcome = await bus.InvokeAsync<CommandOutcome>(
            new PrintReportCards(Guid.NewGuid(), cards.Class.ClassId, printed, kind, http.User.ToActor(), EntrySource.Form), ct);
        if (!outcome.IsAccepted)
            return (Results.StatusCode(Api.Problems.StatusOf(outcome.Status)), _ => null);
        consistency.Remember(outcome.Sequence);

        // The print's own moment, as the print history and the score history show it: the paper names the same minute.
        await using var session = http.RequestServices.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        var printedAt = (await PastEvents.MomentOfAsync(session, outcome.Sequence, ct)).At;
        var baseUrl = BaseUrl(http, options);
        var footers = printed.ToDictionary(p => p.StudentId, p => Footer(p.Code, baseUrl) with { PrintedAt = printedAt });
        return (null, card => footers.GetValueOrDefault(card.Student.StudentId));
    }

    /// <summary>The code, the page that checks it and a QR image of that address.</summary>
    public static ReportVerification Footer(string code, string baseUrl)
    {
        var url = $"{baseUrl}{PagePath}/{code}";
        return new ReportVerification(code, url, BitmapByteQRCodeHelper.GetQRCode(url, QRCodeGenerator.ECCLevel.M, 4));
    }

    /// <summary>The configured public address, else the one this request came in on (behind nginx its scheme is
    /// the forwarded one, see ProxySetup).</summary>
    public static string BaseUrl(HttpContext http, VerificationOptions options) =>
        options.PublicBaseUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
}
