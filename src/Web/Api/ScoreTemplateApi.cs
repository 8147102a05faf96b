using ERaport.Read.Grading;
using ERaport.Read.ReadModel;
using ERaport.Read.School;
using ERaport.Web.Accounts;
using ERaport.Web.Documents;
using ERaport.Web.Grading;
using ERaport.Web.Hosting;
using Marten;
using Wolverine;

namespace ERaport.Web.Api;

/// <summary>An accepted template upload: the read-your-writes token, the cells saved, and the student rows read.</summary>
public sealed record TemplateUploadAccepted(long Sequence, int Changes, int Rows);

/// <summary>The score template of a gradebook: download it (teacher of record, principal), fill it offline,
/// upload it (teacher of record) as one all-or-nothing save.</summary>
public static class ScoreTemplateApi
{
    public static void MapScoreTemplateApi(this RouteGroupBuilder api)
    {
        api.MapGet("/{gradebookId:guid}/template", async (Guid gradebookId, HttpContext http, ReadModelStore readModel,
                ReadConsistency consistency, TimeProvider clock, CancellationToken ct) =>
            {
                await consistency.WaitAsync(ct);
                await using var db = readModel.CreateDbContext();
                var sheet = await GradeSheetQuery.LoadAsync(db, http.User.SchoolId(), gradebookId, ct);
                if (sheet is null)
                    return GradingApi.NotFound();
                if (!http.User.CanDownloadTemplate(sheet.Gradebook))
                    return Problems.Single(StatusCodes.Status403Forbidden, "template.forbidden",
                        "Hanya guru pengampu dan kepala sekolah yang dapat mengunduh templat nilai ini.");
                var school = await MasterDataQuery.SchoolAsync(db, http.User.SchoolId(), ct);
                var file = ScoreTemplate.Write(school?.Name ?? "", sheet, clock.GetUtcNow());
                return Results.File(file, Spreadsheet.ContentType, ScoreTemplate.FileName(sheet.Gradebook));
            })
            .Produces(200, contentType: Spreadsheet.ContentType).ProducesProblem(403).ProducesProblem(404)
            .WithSummary("Unduh templat nilai (.xlsx): satu baris per peserta didik, satu kolom per TP, STS (bila berbobot), SAS Tes, SAS Non-tes, berisi nilai saat ini.");

        api.MapPost("/{gradebookId:guid}/template", async (Guid gradebookId, HttpContext http, ReadModelStore readModel, IMessageBus bus,
                IDocumentStore store, ReadConsistency consistency, CancellationToken ct) =>
            {
                var (upload, problem) = await Uploads.ReadAsync(http, ScoreTemplate.MaxBytes, "Pilih berkas templat nilai (.xlsx).", ct);
                if (problem is not null)
                    return problem;
                await consistency.WaitAsync(ct);
                GradeSheet? sheet;
                await using (var db = readModel.CreateDbContext())
                    sheet = await GradeSheetQuery.LoadAsync(db, http.User.SchoolId(), gradebookId, ct);
                if (sheet is null)
                    return GradingApi.NotFound();
                if (!http.User.CanEdit(sheet.Gradebook))
                    return Problems.Single(StatusCodes.Status403Forbidden, "gradebook.not_teacher_of_record",
                        "Hanya guru pengampu mata pelajaran ini yang dapat mengisi atau mengoreksi nilainya.");
                var report = await ScoreTemplateUpload.UploadAsync(upload!.File, sheet, upload.Form["reason"], upload.CommandId, http.User.ToActor(),
                    bus, store, ct);
                if (!report.Stored)
                    return Uploads.Rejected(report.Fatal, report.Problems, report.Status, ScoreTemplateUpload.RejectedCode, ScoreTemplateUpload.Summary(report));
                consistency.Remember(report.Sequence);
                return Results.Ok(new TemplateUploadAccepted(report.Sequence, report.Changes, report.Rows));
            })
            // No Accepts metadata: the handler answers a wrong content type itself, in Bahasa Indonesia.
            .Produces<TemplateUploadAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413)
            .WithSummary("Unggah templat nilai yang sudah diisi (multipart: file, reason untuk koreksi, commandId). Baris dicocokkan dengan NISN, lalu NIS; " +
                "sel kosong tidak mengubah apa pun; semua atau tidak sama sekali; setiap sel yang ditolak disebut (errors[]: row, column, header, value, code, message).");
    }
}
