using System.Globalization;
using System.Text;
using ERaport.Read.Audit;
using ERaport.Read.ReadModel;
using ERaport.Web.Accounts;
using ERaport.Web.Components;
using ERaport.Web.Grading;
using ERaport.Web.Hosting;
using ERaport.Write.Common;

namespace ERaport.Web.Api;

/// <summary>The history explorer's filters as query parameters, shared by the page, the API and the CSV export.</summary>
public sealed record HistoryQuery(
    Guid? ClassId, Guid? SubjectId, Guid? StudentId, string? Nisn, string? ChangedBy, DateOnly? From, DateOnly? To, int? MinSwing, bool? Flagged,
    string? After, bool? AfterLock = null, ChangeFlag? Flag = null, string? StudentName = null, ChangeGroup? Kind = null, string? Before = null)
{
    /// <summary>The filter; a flag or kind given as a number no choice has (the framework binds any number to an enum) is the
    /// client's 400, as any other value that does not parse.</summary>
    public HistoryFilter ToFilter() =>
        (Flag is { } flag && !Enum.IsDefined(flag)) || (Kind is { } kind && !Enum.IsDefined(kind))
            ? throw new BadHttpRequestException($"No such flag or kind: {Flag?.ToString() ?? Kind.ToString()}.", StatusCodes.Status400BadRequest)
            : new(ClassId, SubjectId, StudentId, string.IsNullOrWhiteSpace(Nisn) ? null : Nisn.Trim(), string.IsNullOrWhiteSpace(ChangedBy) ? null : ChangedBy.Trim(), From, To,
            MinSwing is > 0 ? MinSwing : null, Flagged == true, HistoryCursor.Parse(After),
            Flag: Flag ?? (AfterLock == true ? ChangeFlag.AfterLock : null),
            StudentName: string.IsNullOrWhiteSpace(StudentName) ? null : StudentName.Trim(), Kind: Kind, Before: HistoryCursor.Parse(Before));
}

public static class AuditApi
{
    public static void MapERaportAudit(this IEndpointRouteBuilder app)
    {
        // Principals see every class of the terms they lead, teachers their own teaching assignments, homeroom teachers their class.
        // An admin alone reads no grades: told so, as the page tells them, instead of an empty list, count or CSV.
        var api = app.MapGroup("/api/audit").RequireAuthorization().WithTags("Audit")
            .AddEndpointFilter(async (context, next) => context.HttpContext.User.ReadsGrades()
                ? await next(context)
                : Problems.Single(StatusCodes.Status403Forbidden, GradebookAccess.HistoryRefusedCode, GradebookAccess.HistoryRefusal));
        api.MapGet("/changes", async ([AsParameters] HistoryQuery query, HttpContext http, ReadModelStore readModel, ReadConsistency consistency,
                FlagTallies tallies, AuditRules rules, CancellationToken ct) =>
            {
                await consistency.WaitAsync(ct);
                await using var db = readModel.CreateDbContext();
                return await HistoryExplorer.LoadAsync(db, http.User.SchoolId(), http.User.VisibleGradebooks(), query.ToFilter(), rules, ct, tallies);
            })
            .WithSummary("Semua perubahan nilai, terbaru dulu, dengan filter dan penanda (termasuk kunci, permintaan koreksi dan keputusannya); halaman berikutnya lewat 'after', sebelumnya lewat 'before'; afterLock=true hanya perubahan setelah dikunci; kind satu jenis perubahan (Recorded, Corrected, FinalGradeOverride, FinalGradeCalculated, Achievement, Description, Lock, CorrectionRequest, Teacher, Scheme).");
        api.MapGet("/flags", async (HttpContext http, ReadModelStore readModel, ReadConsistency consistency, FlagTallies tallies, AuditRules rules,
                CancellationToken ct) =>
            {
                await consistency.WaitAsync(ct);
                await using var db = readModel.CreateDbContext();
                return await tallies.CountAsync(db, http.User.SchoolId(), http.User.VisibleGradebooks(), rules, ct);
            })
            .WithSummary("Jumlah perubahan per penanda: setelah tanggal rapor, bukan oleh guru pengampu, perubahan besar, setelah dikunci.");
        api.MapGet("/changes.csv", async ([AsParameters] HistoryQuery query, HttpContext http, ReadModelStore readModel, FlagTallies tallies,
                AuditRules rules, TimeProvider clock, CancellationToken ct) =>
            {
                var filter = query.ToFilter(); // refused before the file starts
                http.Response.ContentType = "text/csv; charset=utf-8";
                // Named by the school's clock, as its lines are: the server's UTC made a morning's download read as last night's.
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"riwayat-nilai-{SchoolTime.Now(clock):yyyyMMdd-HHmm}.csv\"";
                await using var db = readModel.CreateDbContext();
                await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
                await writer.WriteLineAsync(Csv("Waktu", "Kelas", "Mata pelajaran", "Nama", "NISN", "Penilaian", "Jenis", "Sebelum", "Sesudah",
                    "Oleh", "Alasan", "Sumber", "Penanda", "Nomor perubahan", "Rincian", "Rincian sebelumnya", "Semester"));
                await foreach (var e in HistoryExplorer.AllAsync(db, http.User.SchoolId(), http.User.VisibleGradebooks(),
                                   filter, rules, tallies, ct))
                    await writer.WriteLineAsync(Csv(Format.Time(e.ChangedAt), e.ClassName, e.SubjectName, e.StudentName, e.Nisn, e.AssessmentLabel,
                        ERaport.Web.Components.Grading.GradingFormat.Kind(e.Kind), e.Before?.ToString(CultureInfo.InvariantCulture), e.After?.ToString(CultureInfo.InvariantCulture),
                        e.ChangedByName, e.Reason, Format.Source(e.Source), string.Join(", ", e.Flags.Select(Format.Flag)),
                        e.Sequence.ToString(CultureInfo.InvariantCulture), e.Detail, e.DetailBefore, e.Term));
            })
            .WithSummary("Ekspor CSV (pemisah titik koma, UTF-8) dengan filter yang sama.");
    }

    /// <summary>Semicolons, as spreadsheets in an Indonesian locale expect; quotes where needed. A leading
    /// =, +, - or @ is neutralised so that a reason cannot become a spreadsheet formula.</summary>
    private static string Csv(params string?[] values) => string.Join(';', values.Select(v =>
    {
        var text = v ?? "";
        if (text.Length > 0 && "=+-@".Contains(text[0]) && !decimal.TryParse(text, CultureInfo.InvariantCulture, out _))
            text = "'" + text;
        return text.IndexOfAny([';', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
    }));
}
